/** A value in an xl.cfg file: a string, a number kept as written, or a list. */
export type XlValue =
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly text: string }
  | { readonly kind: "list"; readonly items: readonly XlValue[] };

/** Result of {@link parseXlConfig}. */
export type XlConfigResult =
  | { readonly ok: true; readonly settings: ReadonlyMap<string, XlValue> }
  | { readonly ok: false; readonly line: number; readonly message: string };

type Token =
  | { readonly type: "ident"; readonly text: string; readonly line: number }
  | { readonly type: "string"; readonly text: string; readonly value: string; readonly line: number }
  | { readonly type: "number"; readonly text: string; readonly line: number }
  | {
      readonly type: "newline" | ";" | "=" | "+=" | "[" | "]" | ",";
      readonly text: string;
      readonly line: number;
    }
  | { readonly type: "eof"; readonly text: string; readonly line: number };

class ConfigError extends Error {
  constructor(
    readonly line: number,
    readonly near: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let at = 0;
  while (at < text.length) {
    const char = text[at] as string;
    if (char === " " || char === "\t") {
      at += 1;
    } else if (char === "#") {
      const end = text.indexOf("\n", at);
      if (end < 0)
        throw new ConfigError(line, text.slice(at), "syntax error, unexpected end of file in a comment");
      at = end;
    } else if (char === "\n") {
      tokens.push({ type: "newline", text: "\n", line });
      line += 1;
      at += 1;
    } else if (char === ";" || char === "=" || char === "[" || char === "]" || char === ",") {
      tokens.push({ type: char, text: char, line });
      at += 1;
    } else if (char === "+" && text[at + 1] === "=") {
      tokens.push({ type: "+=", text: "+=", line });
      at += 2;
    } else if (char === '"' || char === "'") {
      let value = "";
      let end = at + 1;
      for (;;) {
        const next = text[end];
        if (next === undefined || next === "\n")
          throw new ConfigError(line, text.slice(at, end), "lexical error: unterminated string");
        if (next === char) break;
        if (next === "\\") {
          const escaped = text[end + 1] ?? "";
          if (/[0-7]/.test(escaped)) {
            end += 2;
            while (/[0-7]/.test(text[end] ?? "")) end += 1;
            continue;
          }
          const replacement = ESCAPES[escaped];
          if (replacement === undefined)
            throw new ConfigError(line, text.slice(at, end + 2), `invalid escape \\${escaped}`);
          value += replacement;
          end += 2;
          continue;
        }
        value += next;
        end += 1;
      }
      tokens.push({ type: "string", text: text.slice(at, end + 1), value, line });
      at = end + 1;
    } else if (/[0-9]/.test(char)) {
      const match = /^[0-9][0-9a-fx]*/.exec(text.slice(at)) as RegExpExecArray;
      tokens.push({ type: "number", text: match[0], line });
      at += match[0].length;
    } else if (/[a-z]/.test(char)) {
      const match = /^[a-z][._0-9a-z]*/.exec(text.slice(at)) as RegExpExecArray;
      tokens.push({ type: "ident", text: match[0], line });
      at += match[0].length;
    } else {
      throw new ConfigError(line, char === "\r" ? "\\r" : char, "lexical error");
    }
  }
  tokens.push({ type: "eof", text: "", line });
  return tokens;
}

class Parser {
  #at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  #peek(): Token {
    return this.tokens[this.#at] as Token;
  }

  #next(): Token {
    const token = this.#peek();
    this.#at += 1;
    return token;
  }

  #unexpected(token: Token, expecting: string): never {
    const name =
      token.type === "eof" ? "end of file" : token.type === "newline" ? "NEWLINE" : token.type.toUpperCase();
    throw new ConfigError(
      token.line,
      token.text.replace("\n", ""),
      `syntax error, unexpected ${name}, expecting ${expecting}`,
    );
  }

  #skipNewlines(): void {
    while (this.#peek().type === "newline") this.#at += 1;
  }

  #value(): XlValue {
    const token = this.#next();
    if (token.type === "string") return { kind: "string", value: token.value };
    if (token.type === "number") return { kind: "number", text: token.text };
    if (token.type !== "[") this.#unexpected(token, "STRING or NUMBER or '['");
    const items: XlValue[] = [];
    this.#skipNewlines();
    if (this.#peek().type === "]") {
      this.#at += 1;
      return { kind: "list", items };
    }
    for (;;) {
      items.push(this.#value());
      this.#skipNewlines();
      const separator = this.#next();
      if (separator.type === "]") return { kind: "list", items };
      if (separator.type !== ",") this.#unexpected(separator, "',' or ']'");
      this.#skipNewlines();
      if (this.#peek().type === "]") {
        this.#at += 1;
        return { kind: "list", items };
      }
    }
  }

  parse(): Map<string, XlValue> {
    const settings = new Map<string, XlValue>();
    for (;;) {
      const token = this.#next();
      if (token.type === "eof") return settings;
      if (token.type === "newline" || token.type === ";") continue;
      if (token.type !== "ident") this.#unexpected(token, "IDENT");
      const operator = this.#next();
      if (operator.type !== "=" && operator.type !== "+=") this.#unexpected(operator, "'=' or '+='");
      const value = this.#value();
      const previous = settings.get(token.text);
      settings.set(
        token.text,
        operator.type === "+=" && previous !== undefined ? append(previous, value, token) : value,
      );
      const end = this.#next();
      if (end.type !== "newline" && end.type !== ";" && end.type !== "eof")
        this.#unexpected(end, "NEWLINE or ';'");
      if (end.type === "eof") return settings;
    }
  }
}

function append(previous: XlValue, value: XlValue, key: Token): XlValue {
  if (previous.kind === "string" && value.kind === "string")
    return { kind: "string", value: previous.value + value.value };
  if (previous.kind === "list" && value.kind === "list")
    return { kind: "list", items: [...previous.items, ...value.items] };
  if (previous.kind === "list") return { kind: "list", items: [...previous.items, value] };
  throw new ConfigError(
    key.line,
    key.text,
    `can't use += with ${previous.kind === "number" ? "numbers" : "a string and a list"}`,
  );
}

/**
 * A minimal xl.cfg reader following libxlutil's grammar (`key = value`,
 * `key += value`, strings, numbers kept as text, nested lists, `#` comments).
 * Used by `xl create` until @dom0kit/xen-config is available on main.
 * Errors are reported like libxlutil: `FILE:LINE: config parsing error near \`TOKEN': …`.
 *
 * @example
 * ```ts
 * const result = parseXlConfig('name = "vm1"\nmemory = 512\n');
 * if (result.ok) result.settings.get("memory"); // { kind: "number", text: "512" }
 * ```
 */
export function parseXlConfig(text: string): XlConfigResult {
  try {
    return { ok: true, settings: new Parser(tokenize(text)).parse() };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      ok: false,
      line: error.line,
      message: `config parsing error near \`${error.near}': ${error.detail}`,
    };
  }
}

/** Reads a number the way libxlutil does (strtol base 0: `0x200`, `010` octal). */
export function xlNumber(value: XlValue | undefined): number | undefined {
  if (value?.kind !== "number") return undefined;
  const text = value.text;
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^0[0-7]+$/.test(text)) return Number.parseInt(text, 8);
  return /^[0-9]+$/.test(text) ? Number(text) : undefined;
}

/** The value as a string (numbers as written), or undefined for a list or nothing. */
export function xlString(value: XlValue | undefined): string | undefined {
  if (value === undefined || value.kind === "list") return undefined;
  return value.kind === "string" ? value.value : value.text;
}
