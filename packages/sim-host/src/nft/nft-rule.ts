import type { NftExpression } from "./expression.js";
import type { NftToken } from "./nft-lexer.js";
import { valueJson, valueText, type RawValue } from "./nft-values.js";

/** A rule as parsed: its JSON statements, its `nft list` text, and what it refers to. */
export interface ParsedRule {
  readonly expr: NftExpression[];
  readonly text: string;
  readonly comment?: string;
  /** Anonymous sets and maps in the rule (each takes a handle in the table). */
  readonly anonymousSets: number;
  readonly setRefs: readonly string[];
  readonly jumpTargets: readonly string[];
}

/** A parse error at a token. */
export class NftSyntaxError extends Error {
  constructor(
    readonly token: NftToken,
    message: string,
    readonly notSimulated = false,
  ) {
    super(message);
  }
}

const UNQUALIFIED_META = new Set(["iifname", "oifname", "iif", "oif", "iifgroup", "oifgroup"]);
const META_TYPES: Readonly<Record<string, string>> = {
  iifname: "ifname",
  oifname: "ifname",
  iif: "iface_index",
  oif: "iface_index",
  mark: "mark",
  priority: "classid",
  l4proto: "inet_proto",
  protocol: "ether_type",
  nfproto: "nf_proto",
  pkttype: "pkt_type",
  skuid: "uid",
  skgid: "gid",
  length: "integer",
};
const PAYLOAD_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ip: {
    saddr: "ipv4_addr",
    daddr: "ipv4_addr",
    protocol: "inet_proto",
    dscp: "dscp",
    ttl: "integer",
    length: "integer",
  },
  ip6: { saddr: "ipv6_addr", daddr: "ipv6_addr", nexthdr: "inet_proto", hoplimit: "integer" },
  ether: { saddr: "ether_addr", daddr: "ether_addr", type: "ether_type" },
  tcp: { sport: "inet_service", dport: "inet_service" },
  udp: { sport: "inet_service", dport: "inet_service" },
};
const CT_TYPES: Readonly<Record<string, string>> = {
  state: "ct_state",
  status: "ct_status",
  mark: "ct_mark",
  direction: "ct_dir",
};
const FLAG_TYPES = new Set(["ct_state", "ct_status"]);
const OPERATORS = new Set(["==", "!=", "<", ">", "<=", ">="]);
const VERDICTS = new Set(["accept", "drop", "continue", "return"]);

/** A selector (meta key, payload field, ct key) as JSON and text, with its datatype. */
interface Selector {
  readonly json: NftExpression;
  readonly text: string;
  readonly type: string;
}

/** Reads the statements of one rule from a token cursor. */
export class RuleParser {
  #at: number;
  #anonymous = 0;
  readonly #setRefs: string[] = [];
  readonly #jumps: string[] = [];

  constructor(
    private readonly tokens: readonly NftToken[],
    start: number,
  ) {
    this.#at = start;
  }

  /** Index of the first token after the rule. */
  get position(): number {
    return this.#at;
  }

  #peek(offset = 0): NftToken {
    return this.tokens[this.#at + offset] ?? (this.tokens.at(-1) as NftToken);
  }

  #next(): NftToken {
    const token = this.#peek();
    this.#at += 1;
    return token;
  }

  #atEnd(): boolean {
    const token = this.#peek();
    return (
      token.kind === "eof" ||
      token.kind === "newline" ||
      (token.kind === "punct" && (token.text === ";" || token.text === "}"))
    );
  }

  #word(what: string): NftToken {
    const token = this.#next();
    if (token.kind !== "word" && token.kind !== "string")
      throw new NftSyntaxError(token, `syntax error, unexpected ${describe(token)}, expecting ${what}`);
    return token;
  }

  #notSimulated(token: NftToken): never {
    throw new NftSyntaxError(token, `sim-host: nft: statement "${token.text}" is not simulated`, true);
  }

  #selector(): Selector | undefined {
    const token = this.#peek();
    if (token.kind !== "word") return undefined;
    if (token.text === "meta" || UNQUALIFIED_META.has(token.text) || token.text === "mark") {
      if (token.text === "meta") this.#next();
      const key = this.#word("meta key");
      const type = META_TYPES[key.text];
      if (type === undefined) this.#notSimulated(key);
      return {
        json: { meta: { key: key.text } },
        text: UNQUALIFIED_META.has(key.text) ? key.text : `meta ${key.text}`,
        type,
      };
    }
    const fields = PAYLOAD_FIELDS[token.text];
    if (fields !== undefined) {
      this.#next();
      const field = this.#word("payload field");
      const type = fields[field.text];
      if (type === undefined) this.#notSimulated(field);
      return {
        json: { payload: { protocol: token.text, field: field.text } },
        text: `${token.text} ${field.text}`,
        type,
      };
    }
    if (token.text === "ct") {
      this.#next();
      const key = this.#word("ct key");
      const type = CT_TYPES[key.text];
      if (type === undefined) this.#notSimulated(key);
      return { json: { ct: { key: key.text } }, text: `ct ${key.text}`, type };
    }
    return undefined;
  }

  #raw(): RawValue {
    const token = this.#next();
    if (token.kind === "string") return { text: token.text, quoted: true };
    if (token.kind !== "word") throw new NftSyntaxError(token, `syntax error, unexpected ${describe(token)}`);
    return { text: token.text, quoted: false };
  }

  /** `{ a, b }` or `{ k : v, … }`: raw elements (pairs for maps). */
  #literal(): (readonly [RawValue, RawValue | undefined])[] {
    const open = this.#next();
    if (open.text !== "{") throw new NftSyntaxError(open, "syntax error, expecting '{'");
    const items: [RawValue, RawValue | undefined][] = [];
    while (this.#peek().kind === "newline") this.#next();
    while (!(this.#peek().kind === "punct" && this.#peek().text === "}")) {
      const key = this.#raw();
      let value: RawValue | undefined;
      if (this.#peek().text === ":") {
        this.#next();
        value = this.#raw();
      }
      items.push([key, value]);
      while (this.#peek().kind === "newline") this.#next();
      if (this.#peek().text === ",") this.#next();
      while (this.#peek().kind === "newline") this.#next();
      if (this.#peek().kind === "eof")
        throw new NftSyntaxError(this.#peek(), "syntax error, unexpected end of file");
    }
    this.#next();
    return items;
  }

  #match(selector: Selector): { json: NftExpression; text: string } {
    let op: string | undefined;
    if (this.#peek().kind === "punct" && OPERATORS.has(this.#peek().text)) op = this.#next().text;
    const next = this.#peek();
    let right: NftExpression;
    let rightText: string;
    if (next.kind === "punct" && next.text === "{") {
      const items = this.#literal();
      this.#anonymous += 1;
      right = { set: items.map(([key]) => valueJson(key, selector.type)) };
      rightText = `{ ${items.map(([key]) => valueText(key, selector.type)).join(", ")} }`;
      op ??= "==";
    } else if (next.kind === "punct" && next.text === "@") {
      this.#next();
      const name = this.#word("set name");
      this.#setRefs.push(name.text);
      right = `@${name.text}`;
      rightText = `@${name.text}`;
      op ??= "==";
    } else {
      const values = [this.#raw()];
      while (this.#peek().text === ",") {
        this.#next();
        values.push(this.#raw());
      }
      if (values.length > 1) {
        right = values.map((value) => valueJson(value, selector.type));
        rightText = values.map((value) => valueText(value, selector.type)).join(",");
        op ??= "in";
      } else {
        right = valueJson(values[0] as RawValue, selector.type);
        rightText = valueText(values[0] as RawValue, selector.type);
        op ??= FLAG_TYPES.has(selector.type) ? "in" : "==";
      }
    }
    const shownOp = op === "==" || op === "in" ? "" : `${op} `;
    return {
      json: { match: { op, left: selector.json, right } },
      text: `${selector.text} ${shownOp}${rightText}`,
    };
  }

  #mangle(selector: Selector): { json: NftExpression; text: string } {
    const source = this.#selector();
    if (source !== undefined) {
      const mapWord = this.#word("map");
      if (mapWord.text !== "map") this.#notSimulated(mapWord);
      if (this.#peek().text === "@") {
        this.#next();
        const name = this.#word("map name");
        this.#setRefs.push(name.text);
        return {
          json: {
            mangle: { key: selector.json, value: { map: { key: source.json, data: `@${name.text}` } } },
          },
          text: `${selector.text} set ${source.text} map @${name.text}`,
        };
      }
      const items = this.#literal();
      this.#anonymous += 1;
      const pairs = items.map(([key, value]) => [
        valueJson(key, source.type),
        valueJson(value ?? key, selector.type),
      ]);
      const text = items
        .map(([key, value]) => `${valueText(key, source.type)} : ${valueText(value ?? key, selector.type)}`)
        .join(", ");
      return {
        json: { mangle: { key: selector.json, value: { map: { key: source.json, data: { set: pairs } } } } },
        text: `${selector.text} set ${source.text} map { ${text} }`,
      };
    }
    const value = this.#raw();
    return {
      json: { mangle: { key: selector.json, value: valueJson(value, selector.type) } },
      text: `${selector.text} set ${valueText(value, selector.type)}`,
    };
  }

  /** Parses statements up to the end of the rule. */
  parse(): ParsedRule {
    const expr: NftExpression[] = [];
    const texts: string[] = [];
    let comment: string | undefined;
    while (!this.#atEnd()) {
      const token = this.#peek();
      if (token.kind === "word" && VERDICTS.has(token.text)) {
        this.#next();
        expr.push({ [token.text]: null });
        texts.push(token.text);
      } else if (token.kind === "word" && (token.text === "jump" || token.text === "goto")) {
        this.#next();
        const target = this.#word("chain name");
        this.#jumps.push(target.text);
        expr.push({ [token.text]: { target: target.text } });
        texts.push(`${token.text} ${target.text}`);
      } else if (token.kind === "word" && token.text === "counter") {
        this.#next();
        let packets = 0;
        let bytes = 0;
        if (this.#peek().text === "packets") {
          this.#next();
          packets = Number(this.#word("number").text);
          if (this.#peek().text === "bytes") {
            this.#next();
            bytes = Number(this.#word("number").text);
          }
        }
        expr.push({ counter: { packets, bytes } });
        texts.push(`counter packets ${String(packets)} bytes ${String(bytes)}`);
      } else if (token.kind === "word" && token.text === "log") {
        this.#next();
        const log: Record<string, NftExpression> = {};
        let text = "log";
        while (this.#peek().text === "prefix" || this.#peek().text === "level") {
          const key = this.#next().text;
          const value = this.#raw();
          log[key] = value.text;
          text += key === "prefix" ? ` prefix "${value.text}"` : ` level ${value.text}`;
        }
        expr.push({ log: Object.keys(log).length === 0 ? null : log });
        texts.push(text);
      } else if (token.kind === "word" && token.text === "comment") {
        this.#next();
        comment = this.#raw().text;
      } else {
        const selector = this.#selector();
        if (selector === undefined) this.#notSimulated(token);
        if (this.#peek().text === "set") {
          this.#next();
          const mangle = this.#mangle(selector);
          expr.push(mangle.json);
          texts.push(mangle.text);
        } else {
          const match = this.#match(selector);
          expr.push(match.json);
          texts.push(match.text);
        }
      }
    }
    return {
      expr,
      text: `${texts.join(" ")}${comment === undefined ? "" : ` comment "${comment}"`}`,
      ...(comment === undefined ? {} : { comment }),
      anonymousSets: this.#anonymous,
      setRefs: this.#setRefs,
      jumpTargets: this.#jumps,
    };
  }
}

/** How a token is named in nft's syntax errors. */
export function describe(token: NftToken): string {
  if (token.kind === "eof") return "end of file";
  if (token.kind === "newline") return "newline";
  if (token.kind === "string") return "quoted string";
  if (token.kind === "punct") return `'${token.text}'`;
  return "string";
}
