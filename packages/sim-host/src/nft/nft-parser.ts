import { tokenizeNft, type NftToken } from "./nft-lexer.js";
import { NftSyntaxError, RuleParser, describe, type ParsedRule } from "./nft-rule.js";
import type { RawValue } from "./nft-values.js";

/** A base chain's declaration. */
export interface BaseChainSpec {
  readonly type: string;
  readonly hook: string;
  readonly prio: number;
  readonly policy: string;
  readonly device?: string;
}

/** A set or map declaration. */
export interface SetSpec {
  readonly name: string;
  readonly type: string;
  readonly map?: string;
  readonly flags: readonly string[];
  readonly elements: readonly (readonly [RawValue, RawValue | undefined])[];
}

/** One change or query an nft script asks for. */
export type NftAction =
  | { readonly op: "flush-ruleset"; readonly family?: string; readonly token: NftToken }
  | {
      readonly op: "add-table" | "create-table" | "delete-table" | "flush-table";
      readonly family: string;
      readonly table: string;
      readonly token: NftToken;
    }
  | {
      readonly op: "add-chain" | "create-chain";
      readonly family: string;
      readonly table: string;
      readonly chain: string;
      readonly base?: BaseChainSpec;
      readonly token: NftToken;
    }
  | {
      readonly op: "delete-chain" | "flush-chain";
      readonly family: string;
      readonly table: string;
      readonly chain: string;
      readonly token: NftToken;
    }
  | {
      readonly op: "add-set";
      readonly family: string;
      readonly table: string;
      readonly set: SetSpec;
      readonly token: NftToken;
    }
  | {
      readonly op: "delete-set" | "flush-set";
      readonly family: string;
      readonly table: string;
      readonly set: string;
      readonly token: NftToken;
    }
  | {
      readonly op: "add-element" | "delete-element";
      readonly family: string;
      readonly table: string;
      readonly set: string;
      readonly elements: readonly (readonly [RawValue, RawValue | undefined])[];
      readonly token: NftToken;
    }
  | {
      readonly op: "add-rule" | "insert-rule";
      readonly family: string;
      readonly table: string;
      readonly chain: string;
      readonly rule: ParsedRule;
      readonly token: NftToken;
      readonly tableToken?: NftToken;
    }
  | {
      readonly op: "delete-rule";
      readonly family: string;
      readonly table: string;
      readonly chain: string;
      readonly handle: number;
      readonly token: NftToken;
      readonly tableToken?: NftToken;
    }
  | {
      readonly op: "list";
      readonly what: "ruleset" | "table" | "chain" | "set" | "map" | "tables";
      readonly family?: string;
      readonly table?: string;
      readonly name?: string;
      readonly token: NftToken;
    };

const FAMILIES = new Set(["ip", "ip6", "inet", "arp", "bridge", "netdev"]);

/** Standard priority names per family (nft's priority keywords). */
export function namedPriority(family: string, name: string): number | undefined {
  const table: Readonly<Record<string, number>> =
    family === "bridge"
      ? { dstnat: -300, filter: -200, out: 100, srcnat: 300 }
      : { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };
  return table[name];
}

class ScriptParser {
  #at = 0;
  readonly actions: NftAction[] = [];

  constructor(private readonly tokens: readonly NftToken[]) {}

  #peek(): NftToken {
    return this.tokens[this.#at] ?? (this.tokens.at(-1) as NftToken);
  }

  #next(): NftToken {
    const token = this.#peek();
    this.#at += 1;
    return token;
  }

  #expect(text: string): NftToken {
    const token = this.#next();
    if (token.text !== text)
      throw new NftSyntaxError(token, `syntax error, unexpected ${describe(token)}, expecting '${text}'`);
    return token;
  }

  #name(): NftToken {
    const token = this.#next();
    if (token.kind !== "word" && token.kind !== "string")
      throw new NftSyntaxError(token, `syntax error, unexpected ${describe(token)}, expecting string`);
    return token;
  }

  #skipSeparators(): void {
    while (this.#peek().kind === "newline" || this.#peek().text === ";") this.#next();
  }

  /** `[family] name`: the family defaults to ip. */
  #familyAndName(): { family: string; name: string; tableToken: NftToken } {
    const first = this.#name();
    if (FAMILIES.has(first.text) && (this.#peek().kind === "word" || this.#peek().kind === "string")) {
      const name = this.#name();
      return { family: first.text, name: name.text, tableToken: name };
    }
    return { family: "ip", name: first.text, tableToken: first };
  }

  #chainBody(family: string, table: string, chain: string, token: NftToken): void {
    let base: BaseChainSpec | undefined;
    const rules: NftAction[] = [];
    for (;;) {
      this.#skipSeparators();
      const next = this.#peek();
      if (next.text === "}") {
        this.#next();
        break;
      }
      if (next.kind === "eof") throw new NftSyntaxError(next, "syntax error, unexpected end of file");
      if (next.text === "type") {
        this.#next();
        const type = this.#name().text;
        this.#expect("hook");
        const hook = this.#name().text;
        let device: string | undefined;
        if (this.#peek().text === "device") {
          this.#next();
          device = this.#name().text;
        }
        this.#expect("priority");
        const prioToken = this.#name();
        let prio = namedPriority(family, prioToken.text) ?? Number(prioToken.text);
        if (this.#peek().kind === "word" && /^[+-]$/.test(this.#peek().text)) {
          const sign = this.#next().text;
          const delta = Number(this.#name().text);
          prio += sign === "+" ? delta : -delta;
        }
        if (!Number.isInteger(prio))
          throw new NftSyntaxError(prioToken, `priority name '${prioToken.text}' is invalid`);
        base = {
          type,
          hook,
          prio,
          policy: base?.policy ?? "accept",
          ...(device === undefined ? {} : { device }),
        };
        continue;
      }
      if (next.text === "policy") {
        this.#next();
        const policy = this.#name().text;
        if (base === undefined) throw new NftSyntaxError(next, "policy specified for a chain without a hook");
        base = { ...base, policy };
        continue;
      }
      const parser = new RuleParser(this.tokens, this.#at);
      const rule = parser.parse();
      this.#at = parser.position;
      rules.push({ op: "add-rule", family, table, chain, rule, token: next });
    }
    this.actions.push(
      { op: "add-chain", family, table, chain, ...(base === undefined ? {} : { base }), token },
      ...rules,
    );
  }

  #setBody(name: string): SetSpec {
    let type = "";
    let map: string | undefined;
    let flags: string[] = [];
    let elements: (readonly [RawValue, RawValue | undefined])[] = [];
    for (;;) {
      this.#skipSeparators();
      const next = this.#next();
      if (next.text === "}") break;
      if (next.kind === "eof") throw new NftSyntaxError(next, "syntax error, unexpected end of file");
      if (next.text === "type") {
        type = this.#name().text;
        if (this.#peek().text === ":") {
          this.#next();
          map = this.#name().text;
        }
      } else if (next.text === "flags") {
        flags = [this.#name().text];
        while (this.#peek().text === ",") {
          this.#next();
          flags.push(this.#name().text);
        }
      } else if (next.text === "elements") {
        this.#expect("=");
        elements = this.#elements();
      } else {
        throw new NftSyntaxError(next, `sim-host: nft: set option "${next.text}" is not simulated`, true);
      }
    }
    if (type === "") throw new NftSyntaxError(this.#peek(), `set '${name}' needs a type`);
    return { name, type, ...(map === undefined ? {} : { map }), flags, elements };
  }

  #elements(): (readonly [RawValue, RawValue | undefined])[] {
    this.#expect("{");
    const items: [RawValue, RawValue | undefined][] = [];
    const raw = (): RawValue => {
      const token = this.#name();
      return { text: token.text, quoted: token.kind === "string" };
    };
    for (;;) {
      while (this.#peek().kind === "newline") this.#next();
      if (this.#peek().text === "}") {
        this.#next();
        return items;
      }
      const key = raw();
      let value: RawValue | undefined;
      if (this.#peek().text === ":") {
        this.#next();
        value = raw();
      }
      items.push([key, value]);
      while (this.#peek().kind === "newline") this.#next();
      if (this.#peek().text === ",") this.#next();
    }
  }

  #tableBody(family: string, table: string): void {
    for (;;) {
      this.#skipSeparators();
      const next = this.#next();
      if (next.text === "}") return;
      if (next.text === "chain") {
        const name = this.#name();
        this.#expect("{");
        this.#chainBody(family, table, name.text, name);
      } else if (next.text === "set" || next.text === "map") {
        const name = this.#name();
        this.#expect("{");
        this.actions.push({ op: "add-set", family, table, set: this.#setBody(name.text), token: name });
      } else if (next.kind === "eof") {
        throw new NftSyntaxError(next, "syntax error, unexpected end of file");
      } else {
        throw new NftSyntaxError(next, `syntax error, unexpected ${describe(next)}`);
      }
    }
  }

  #object(verb: string, verbToken: NftToken): void {
    const object = this.#next();
    switch (object.text) {
      case "ruleset": {
        const family = FAMILIES.has(this.#peek().text) ? this.#next().text : undefined;
        if (verb === "flush")
          this.actions.push({
            op: "flush-ruleset",
            ...(family === undefined ? {} : { family }),
            token: verbToken,
          });
        else if (verb === "list")
          this.actions.push({
            op: "list",
            what: "ruleset",
            ...(family === undefined ? {} : { family }),
            token: verbToken,
          });
        else throw new NftSyntaxError(object, `syntax error, unexpected ruleset`);
        return;
      }
      case "tables":
        this.actions.push({ op: "list", what: "tables", token: verbToken });
        return;
      case "table": {
        const { family, name } = this.#familyAndName();
        if (verb === "list") {
          this.actions.push({ op: "list", what: "table", family, table: name, token: object });
          return;
        }
        const op =
          verb === "delete"
            ? "delete-table"
            : verb === "flush"
              ? "flush-table"
              : verb === "create"
                ? "create-table"
                : "add-table";
        this.actions.push({ op, family, table: name, token: object });
        if (op !== "delete-table" && op !== "flush-table" && this.#peek().text === "{") {
          this.#next();
          this.#tableBody(family, name);
        }
        return;
      }
      case "chain": {
        const { family, name: table } = this.#familyAndName();
        const chain = this.#name();
        if (verb === "list") {
          this.actions.push({ op: "list", what: "chain", family, table, name: chain.text, token: chain });
          return;
        }
        if (verb === "delete" || verb === "flush") {
          this.actions.push({
            op: verb === "delete" ? "delete-chain" : "flush-chain",
            family,
            table,
            chain: chain.text,
            token: chain,
          });
          return;
        }
        if (this.#peek().text === "{") {
          this.#next();
          this.#chainBody(family, table, chain.text, chain);
        } else {
          this.actions.push({
            op: verb === "create" ? "create-chain" : "add-chain",
            family,
            table,
            chain: chain.text,
            token: chain,
          });
        }
        return;
      }
      case "set":
      case "map": {
        const { family, name: table } = this.#familyAndName();
        const name = this.#name();
        if (verb === "list")
          this.actions.push({ op: "list", what: object.text, family, table, name: name.text, token: name });
        else if (verb === "delete" || verb === "flush")
          this.actions.push({
            op: verb === "delete" ? "delete-set" : "flush-set",
            family,
            table,
            set: name.text,
            token: name,
          });
        else {
          this.#expect("{");
          this.actions.push({ op: "add-set", family, table, set: this.#setBody(name.text), token: name });
        }
        return;
      }
      case "element": {
        const { family, name: table } = this.#familyAndName();
        const set = this.#name();
        const elements = this.#elements();
        this.actions.push({
          op: verb === "delete" ? "delete-element" : "add-element",
          family,
          table,
          set: set.text,
          elements,
          token: set,
        });
        return;
      }
      case "rule": {
        const { family, name: table, tableToken } = this.#familyAndName();
        const chain = this.#name();
        if (verb === "delete") {
          this.#expect("handle");
          const handle = this.#name();
          this.actions.push({
            op: "delete-rule",
            family,
            table,
            chain: chain.text,
            handle: Number(handle.text),
            token: handle,
            tableToken,
          });
          return;
        }
        if (
          this.#peek().text === "position" ||
          this.#peek().text === "handle" ||
          this.#peek().text === "index"
        ) {
          throw new NftSyntaxError(this.#peek(), "sim-host: nft: rule positions are not simulated", true);
        }
        const parser = new RuleParser(this.tokens, this.#at);
        const rule = parser.parse();
        this.#at = parser.position;
        this.actions.push({
          op: verb === "insert" ? "insert-rule" : "add-rule",
          family,
          table,
          chain: chain.text,
          rule,
          token: chain,
          tableToken,
        });
        return;
      }
      default:
        throw new NftSyntaxError(object, `sim-host: nft: "${verb} ${object.text}" is not simulated`, true);
    }
  }

  parse(): NftAction[] {
    for (;;) {
      this.#skipSeparators();
      const token = this.#next();
      if (token.kind === "eof") return this.actions;
      if (token.text === "table") {
        this.#at -= 1;
        this.#object("add", token);
        continue;
      }
      if (["add", "create", "delete", "flush", "insert", "list"].includes(token.text)) {
        this.#object(token.text, token);
        continue;
      }
      if (
        [
          "define",
          "include",
          "replace",
          "reset",
          "monitor",
          "describe",
          "rename",
          "destroy",
          "export",
          "import",
        ].includes(token.text)
      ) {
        throw new NftSyntaxError(token, `sim-host: nft: "${token.text}" is not simulated`, true);
      }
      throw new NftSyntaxError(token, `syntax error, unexpected ${describe(token)}`);
    }
  }
}

/**
 * Parses an nft script (`nft -f`) or command line into actions, for the
 * subset of the language the simulator models: tables, base and regular
 * chains, sets and maps with elements, and rules built from meta, payload
 * and ct matches, `meta … set` (with maps), counter, log, verdicts, comments.
 *
 * @throws {@link NftSyntaxError} at the offending token.
 */
export function parseNftScript(text: string): NftAction[] {
  return new ScriptParser(tokenizeNft(text)).parse();
}

export { NftSyntaxError };
