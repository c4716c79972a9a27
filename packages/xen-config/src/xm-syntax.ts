import { tokenizeXm, type XmComment, type XmToken, type XmTokenError } from "./xm-tokenizer.js";

/** An expression of the Python subset dom0kit reads (never executes). */
export type XmExpr =
  | { readonly kind: "number"; readonly text: string; readonly start: number; readonly end: number }
  | {
      readonly kind: "string";
      readonly value: string;
      readonly pieces: number;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: "name"; readonly name: string; readonly start: number; readonly end: number }
  | {
      readonly kind: "list" | "tuple";
      readonly items: readonly XmExpr[];
      readonly start: number;
      readonly end: number;
    }
  | {
      readonly kind: "unary";
      readonly op: "-" | "+" | "~" | "not";
      readonly arg: XmExpr;
      readonly start: number;
      readonly end: number;
    }
  | {
      readonly kind: "binary";
      readonly op: string;
      readonly left: XmExpr;
      readonly right: XmExpr;
      readonly start: number;
      readonly end: number;
    };

/** `name = expr`, `name += expr` … */
export interface XmAssignment {
  readonly name: string;
  readonly operator: string;
  readonly value: XmExpr;
  readonly start: number;
  readonly end: number;
}

/** A parsed xm file: its assignments, comments and every error. */
export interface XmProgram {
  readonly assignments: readonly XmAssignment[];
  readonly comments: readonly XmComment[];
  readonly errors: readonly XmTokenError[];
}

class ParseFailure extends Error {
  constructor(
    readonly start: number,
    readonly end: number,
    message: string,
  ) {
    super(message);
  }
}

const KEYWORDS = new Set([
  "import",
  "from",
  "def",
  "class",
  "if",
  "elif",
  "else",
  "for",
  "while",
  "try",
  "except",
  "finally",
  "with",
  "return",
  "lambda",
  "global",
  "del",
  "print",
  "exec",
  "assert",
  "raise",
  "yield",
  "pass",
  "break",
  "continue",
  "in",
  "is",
  "and",
  "or",
  "not",
]);
const ASSIGN_OPERATORS = new Set(["=", "+=", "-=", "*=", "/=", "//=", "%=", "**="]);
const BINARY_LEVELS: readonly (readonly string[])[] = [
  ["|"],
  ["^"],
  ["&"],
  ["<<", ">>"],
  ["+", "-"],
  ["*", "/", "//", "%"],
];
const MAX_DEPTH = 200;

class XmParser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly XmToken[]) {}

  private get token(): XmToken {
    return (
      this.tokens[this.index] ??
      this.tokens[this.tokens.length - 1] ?? { kind: "end", text: "", start: 0, end: 0 }
    );
  }

  private fail(token: XmToken, message: string): never {
    throw new ParseFailure(token.start, Math.max(token.end, token.start + 1), message);
  }

  private isOp(text: string): boolean {
    return this.token.kind === "op" && this.token.text === text;
  }

  private expectOp(text: string): XmToken {
    if (!this.isOp(text)) this.fail(this.token, `expected \`${text}\``);
    const token = this.token;
    this.index += 1;
    return token;
  }

  /** Skips to the token after the next newline (for recovery after an error). */
  skipStatement(): void {
    while (this.token.kind !== "newline" && this.token.kind !== "end") this.index += 1;
    if (this.token.kind === "newline") this.index += 1;
  }

  atEnd(): boolean {
    return this.token.kind === "end";
  }

  private atLineEnd(): boolean {
    return this.token.kind === "newline" || this.token.kind === "end";
  }

  /** One logical line: zero or more `;`-separated assignments. */
  statementLine(): XmAssignment[] {
    const assignments: XmAssignment[] = [];
    if (this.token.kind === "indent") {
      this.fail(
        this.token,
        "an indented block (if/for/def …): dom0kit reads only plain assignments and never runs xm configs",
      );
    }
    while (this.token.kind !== "newline" && this.token.kind !== "end") {
      assignments.push(this.assignment());
      if (this.isOp(";")) this.index += 1;
      else if (!this.atLineEnd()) this.fail(this.token, "expected the end of the line or `;`");
    }
    if (this.token.kind === "newline") this.index += 1;
    return assignments;
  }

  private assignment(): XmAssignment {
    const name = this.token;
    if (name.kind !== "name")
      this.fail(name, `unexpected \`${name.text}\`: an xm config is a list of name = value assignments`);
    if (KEYWORDS.has(name.text)) {
      this.fail(
        name,
        `\`${name.text}\` is Python that dom0kit does not evaluate (it never runs xm configs): rewrite it as plain assignments`,
      );
    }
    this.index += 1;
    const operator = this.token;
    if (operator.kind !== "op" || !ASSIGN_OPERATORS.has(operator.text)) {
      if (this.isOp("("))
        this.fail(operator, `calling \`${name.text}(…)\` is not supported: dom0kit never runs xm configs`);
      if (this.isOp("."))
        this.fail(
          operator,
          `\`${name.text}.…\` (a module or attribute) is not supported: dom0kit never runs xm configs`,
        );
      this.fail(operator, `expected \`=\` after \`${name.text}\``);
    }
    this.index += 1;
    const value = this.expression();
    if (this.isOp("=")) this.fail(this.token, "chained assignments (a = b = …) are not supported");
    return { name: name.text, operator: operator.text, value, start: name.start, end: value.end };
  }

  /** A full expression: a tuple when commas separate several. */
  private expression(): XmExpr {
    const first = this.binary(0);
    if (!this.isOp(",")) return first;
    const items = [first];
    while (this.isOp(",")) {
      this.index += 1;
      if (this.token.kind === "newline" || this.token.kind === "end" || this.isOp(";")) break;
      items.push(this.binary(0));
    }
    return { kind: "tuple", items, start: first.start, end: items[items.length - 1]?.end ?? first.end };
  }

  private binary(level: number): XmExpr {
    const operators = BINARY_LEVELS[level];
    if (!operators) return this.unary();
    let left = this.binary(level + 1);
    while (this.token.kind === "op" && operators.includes(this.token.text)) {
      const op = this.token.text;
      this.index += 1;
      const right = this.binary(level + 1);
      left = { kind: "binary", op, left, right, start: left.start, end: right.end };
    }
    if (level === 0) this.refuseComparisons();
    return left;
  }

  private refuseComparisons(): void {
    const token = this.token;
    if (token.kind === "op" && ["==", "!=", "<", ">", "<=", ">="].includes(token.text)) {
      this.fail(token, "comparisons are not supported: dom0kit reads only values");
    }
    if (token.kind === "name" && ["if", "and", "or", "in", "is", "not", "for"].includes(token.text)) {
      this.fail(token, `\`${token.text}\` is not supported: dom0kit reads only values`);
    }
  }

  private unary(): XmExpr {
    const token = this.token;
    if (token.kind === "op" && (token.text === "-" || token.text === "+" || token.text === "~")) {
      this.index += 1;
      this.depth += 1;
      if (this.depth > MAX_DEPTH) this.fail(token, "nested too deeply");
      try {
        const arg = this.unary();
        return { kind: "unary", op: token.text, arg, start: token.start, end: arg.end };
      } finally {
        this.depth -= 1;
      }
    }
    return this.power();
  }

  private power(): XmExpr {
    const base = this.primary();
    if (!this.isOp("**")) return base;
    this.index += 1;
    const exponent = this.unary();
    return { kind: "binary", op: "**", left: base, right: exponent, start: base.start, end: exponent.end };
  }

  private primary(): XmExpr {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) this.fail(this.token, "nested too deeply");
    try {
      const expr = this.atom();
      if (this.isOp("(") || this.isOp("[") || this.isOp(".")) {
        const what = this.isOp("(") ? "calls" : this.isOp("[") ? "indexing" : "attributes";
        this.fail(
          this.token,
          `${what} are not supported: dom0kit reads only literals, arithmetic and earlier names`,
        );
      }
      return expr;
    } finally {
      this.depth -= 1;
    }
  }

  private atom(): XmExpr {
    const token = this.token;
    switch (token.kind) {
      case "number":
        this.index += 1;
        return { kind: "number", text: token.text, start: token.start, end: token.end };
      case "string": {
        let value = token.value;
        let end = token.end;
        let pieces = 1;
        this.index += 1;
        while (this.token.kind === "string") {
          value += this.token.value;
          end = this.token.end;
          pieces += 1;
          this.index += 1;
        }
        return { kind: "string", value, pieces, start: token.start, end };
      }
      case "name":
        if (KEYWORDS.has(token.text))
          this.fail(token, `\`${token.text}\` is not supported: dom0kit reads only values`);
        this.index += 1;
        return { kind: "name", name: token.text, start: token.start, end: token.end };
      case "op":
        if (token.text === "[" || token.text === "(") return this.bracketed(token);
        if (token.text === "{") this.fail(token, "dictionaries are not supported in xm configs");
        return this.fail(token, `unexpected \`${token.text}\``);
      default:
        return this.fail(token, "a value is missing here");
    }
  }

  private bracketed(open: XmToken): XmExpr {
    const close = open.text === "[" ? "]" : ")";
    this.index += 1;
    const items: XmExpr[] = [];
    let trailingComma = false;
    while (!this.isOp(close)) {
      items.push(this.binary(0));
      trailingComma = false;
      if (this.isOp(",")) {
        this.index += 1;
        trailingComma = true;
      } else if (!this.isOp(close)) {
        this.fail(this.token, `expected \`,\` or \`${close}\``);
      }
    }
    const end = this.expectOp(close).end;
    if (open.text === "(" && items.length === 1 && !trailingComma) {
      const only = items[0];
      if (only) return { ...only, start: open.start, end };
    }
    return { kind: open.text === "[" ? "list" : "tuple", items, start: open.start, end };
  }
}

/**
 * Parses the Python subset of xm configs into assignments, collecting every
 * error (one per statement) instead of stopping at the first.
 *
 * @example
 * ```ts
 * parseXmProgram("memory = 256 * 2\n").assignments[0]?.value.kind; // "binary"
 * ```
 */
export function parseXmProgram(text: string): XmProgram {
  const { tokens, comments, errors: tokenErrors } = tokenizeXm(text);
  const errors: XmTokenError[] = [...tokenErrors];
  const parser = new XmParser(tokens);
  const assignments: XmAssignment[] = [];
  while (!parser.atEnd()) {
    try {
      assignments.push(...parser.statementLine());
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      errors.push({ start: error.start, end: error.end, message: error.message });
      parser.skipStatement();
    }
  }
  return { assignments, comments, errors };
}
