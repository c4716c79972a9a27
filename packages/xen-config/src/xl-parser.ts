import { CHAR_CLASS, DIGIT, KEY_PART, KEY_START, NUMBER_PART, startsToken } from "./xl-char-classes.js";
import { dequoteXlString, scanXlString } from "./xl-string-literal.js";
import type {
  XlAssignmentNode,
  XlDocumentNode,
  XlListItemNode,
  XlListNode,
  XlTriviaNode,
  XlValueNode,
} from "./xl-syntax-tree.js";

/** A problem at a span of the source. */
export interface XlSpanIssue {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** What the syntax pass produced. The document is only meaningful without errors. */
export interface XlSyntaxResult {
  readonly document: XlDocumentNode;
  /** Whether any statement uses `+=` (only those can fail when evaluated). */
  readonly appends: boolean;
  readonly errors: readonly XlSpanIssue[];
  readonly warnings: readonly XlSpanIssue[];
}

/**
 * How the text maps to the bytes xl reads: `"utf8"` when the string will be
 * written as UTF-8 (any non-ASCII character is several bytes), `"bytes"` when
 * each character stands for one byte (text decoded as Latin-1).
 *
 * @example
 * ```ts
 * parseXlConfig(new Uint8Array([0x61, 0x3d, 0x31])).encoding; // "utf8"
 * ```
 */
export type XlTextEncoding = "utf8" | "bytes";

/**
 * xl's parser (bison) keeps at most 9999 entries on its stack and reports
 * "memory exhausted" beyond that; only deeply nested lists get there.
 */
const MAX_PARSER_STACK = 9999;

const NL = 10;
const CR = 13;
const HASH = 35;
const SEMI = 59;
const EQUALS = 61;
const PLUS = 43;
const COMMA = 44;
const OPEN = 91;
const CLOSE = 93;
const DQUOTE = 34;
const SQUOTE = 39;

const STATEMENT_START = /[ \t]*[a-z][._0-9a-z]*[ \t]*\+?=/y;

/** A list being parsed: its elements so far and where the next one starts. */
interface ListFrame {
  readonly start: number;
  /** Parser stack entries before this list's `[`. */
  readonly depth: number;
  readonly items: XlListItemNode[];
  /** Where the trivia before the current element starts. */
  beforeStart: number;
  /** Where the current element starts. */
  at: number;
  /** Parser stack entries before the current element. */
  valueDepth: number;
}

function classOf(code: number): number {
  return code < 128 ? (CHAR_CLASS[code] ?? 0) : 0;
}

function show(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** Parses xl.cfg text into a lossless tree, collecting every error. */
class XlSyntaxParser {
  private readonly length: number;
  private pos = 0;
  private readonly errors: XlSpanIssue[] = [];
  private readonly warnings: XlSpanIssue[] = [];
  private readonly children: (XlAssignmentNode | XlTriviaNode)[] = [];
  private tooDeepReported = false;
  private appends = false;
  private carriageReturnReported = false;

  constructor(
    private readonly text: string,
    private readonly encoding: XlTextEncoding,
  ) {
    this.length = text.length;
  }

  parse(): XlSyntaxResult {
    const { text, length } = this;
    let triviaStart = 0;
    while (this.pos < length) {
      const code = text.charCodeAt(this.pos);
      if (code === 32 || code === 9 || code === NL || code === SEMI) {
        this.pos += 1;
      } else if (code === HASH) {
        this.skipComment();
      } else if (code >= 97 && code <= 122) {
        if (this.pos > triviaStart) this.pushTrivia(triviaStart, this.pos);
        const statementStart = this.pos;
        const statement = this.parseStatement();
        if (statement) {
          this.children.push(statement);
          this.pos = statement.end;
        } else {
          this.pos = this.recover(statementStart);
        }
        triviaStart = this.pos;
      } else {
        this.unexpectedAtTopLevel();
      }
    }
    if (length > triviaStart) this.pushTrivia(triviaStart, length);
    return {
      document: { kind: "document", children: this.children },
      appends: this.appends,
      errors: this.errors,
      warnings: this.warnings,
    };
  }

  private pushTrivia(start: number, end: number): void {
    this.children.push({ kind: "trivia", text: this.text.slice(start, end), start, end });
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ start, end: Math.max(end, start), message });
  }

  /** xl ignores one character at the very end of the file that starts no token. */
  private isStrayAtEnd(offset: number): boolean {
    if (offset !== this.length - 1) return false;
    const code = this.text.charCodeAt(offset);
    if (startsToken(code)) return false;
    return this.encoding === "bytes" || code < 0x80;
  }

  private skipComment(): void {
    const start = this.pos;
    const newline = this.text.indexOf("\n", start);
    if (newline >= 0) {
      this.pos = newline + 1;
      return;
    }
    this.pos = this.length;
    if (this.isStrayAtEnd(start)) {
      this.warnings.push({
        start,
        end: this.length,
        message: "xl ignores a lone `#` at the very end of a file",
      });
    } else {
      this.error(
        start,
        this.length,
        "a comment on the last line needs a newline after it: xl rejects the file without one",
      );
    }
  }

  private unexpectedAtTopLevel(): void {
    const { text } = this;
    const start = this.pos;
    const code = text.charCodeAt(start);
    if (this.isStrayAtEnd(start)) {
      this.warnings.push({
        start,
        end: start + 1,
        message: `xl ignores the stray \`${show(text.charAt(start))}\` at the very end of the file`,
      });
      this.pos += 1;
      return;
    }
    const wordEnd = this.wordEnd(start);
    if (code === CR) {
      this.reportCarriageReturn(start);
    } else if (code >= 65 && code <= 90) {
      this.error(
        start,
        wordEnd,
        `keys are lowercase: \`${text.slice(start, wordEnd)}\` — xl keys match [a-z][a-z0-9_.]*`,
      );
    } else if ((classOf(code) & DIGIT) !== 0) {
      this.error(start, wordEnd, "a statement starts with a key (key = value), not a number");
    } else if (code === EQUALS || code === PLUS) {
      this.error(start, start + 1, "missing key before the `=`: write key = value");
    } else if (code === DQUOTE || code === SQUOTE) {
      this.error(start, wordEnd, "a statement starts with a key (key = value), not a string");
    } else if (code === COMMA || code === OPEN || code === CLOSE) {
      this.error(
        start,
        start + 1,
        `unexpected \`${text.charAt(start)}\`: a statement starts with a key (key = value)`,
      );
    } else {
      this.error(
        start,
        wordEnd,
        `unexpected \`${show(text.slice(start, wordEnd))}\`: xl accepts only key = value statements, comments (#) and blank lines`,
      );
    }
    this.pos = this.recover(start);
  }

  private reportCarriageReturn(start: number): void {
    if (this.carriageReturnReported) {
      // One report per file is enough; the file still fails.
      return;
    }
    this.carriageReturnReported = true;
    const lines = this.text.split("\r\n").length - 1;
    this.error(
      start,
      start + 1,
      lines > 0
        ? `Windows line ends (CRLF) on ${String(lines)} line(s): xl accepts only LF — convert the file (dos2unix)`
        : "a carriage return (\\r) outside a string: xl accepts only LF line ends",
    );
  }

  /** The end of the "word" starting at `start`: up to a blank or newline. */
  private wordEnd(start: number): number {
    const { text, length } = this;
    let index = start + 1;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === 32 || code === 9 || code === NL) break;
      index += 1;
    }
    return index;
  }

  private skipBlanks(offset: number): number {
    const { text, length } = this;
    while (offset < length) {
      const code = text.charCodeAt(offset);
      if (code !== 32 && code !== 9) break;
      offset += 1;
    }
    return offset;
  }

  /** Whether the last {@link skipListTrivia} crossed a newline. */
  private crossedNewline = false;

  /**
   * Skips blanks, newlines and whole-line comments inside a list (xl's `nlok`)
   * and returns the new offset; {@link crossedNewline} tells whether a newline
   * was crossed. (No result object: this runs twice per list element.)
   */
  private skipListTrivia(offset: number): number {
    const { text, length } = this;
    let newline = false;
    while (offset < length) {
      const code = text.charCodeAt(offset);
      if (code === 32 || code === 9) {
        offset += 1;
      } else if (code === NL) {
        newline = true;
        offset += 1;
      } else if (code === HASH) {
        const end = text.indexOf("\n", offset);
        if (end < 0) break;
        newline = true;
        offset = end + 1;
      } else {
        break;
      }
    }
    this.crossedNewline = newline;
    return offset;
  }

  /** Records that the parser stack would reach `entries`; false (and an error) when xl would give up. */
  private reach(entries: number, at: number): boolean {
    if (entries <= MAX_PARSER_STACK) return true;
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.error(
        at,
        at + 1,
        "lists are nested too deeply: xl's parser runs out of stack here (memory exhausted)",
      );
    }
    return false;
  }

  private parseStatement(): XlAssignmentNode | undefined {
    const { text } = this;
    const start = this.pos;
    let keyEnd = start + 1;
    while (keyEnd < this.length && (classOf(text.charCodeAt(keyEnd)) & KEY_PART) !== 0) keyEnd += 1;
    const key = text.slice(start, keyEnd);
    const operatorStart = this.skipBlanks(keyEnd);
    const code = text.charCodeAt(operatorStart);
    let operator: "=" | "+=";
    if (code === EQUALS) {
      operator = "=";
    } else if (code === PLUS && text.charCodeAt(operatorStart + 1) === EQUALS) {
      operator = "+=";
      this.appends = true;
    } else {
      this.missingOperator(start, keyEnd, operatorStart);
      return undefined;
    }
    const operatorEnd = operatorStart + operator.length;
    const valueStart = this.skipBlanks(operatorEnd);
    const value = this.parseValue(valueStart, 4);
    if (!value) return undefined;
    const after = this.skipBlanks(value.end);
    if (!this.endsStatement(after)) {
      this.junkAfterValue(value, after);
      return undefined;
    }
    return {
      kind: "assignment",
      key,
      beforeOperator: text.slice(keyEnd, operatorStart),
      operator,
      afterOperator: text.slice(operatorEnd, valueStart),
      value,
      start,
      end: value.end,
    };
  }

  private endsStatement(offset: number): boolean {
    if (offset >= this.length) return true;
    const code = this.text.charCodeAt(offset);
    return code === NL || code === SEMI || code === HASH || this.isStrayAtEnd(offset);
  }

  private missingOperator(start: number, keyEnd: number, at: number): void {
    const { text } = this;
    const code = text.charCodeAt(at);
    const key = text.slice(start, keyEnd);
    if (at === keyEnd && ((code >= 65 && code <= 90) || code === 45)) {
      const wordEnd = this.wordEnd(start);
      const word = show(text.slice(start, wordEnd));
      this.error(
        start,
        wordEnd,
        code === 45
          ? `\`-\` is not allowed in a key (\`${word}\`): xl keys match [a-z][a-z0-9_.]*`
          : `keys are lowercase: \`${word}\` — xl keys match [a-z][a-z0-9_.]*`,
      );
      return;
    }
    if (at >= this.length || code === NL || code === HASH || code === SEMI) {
      this.error(start, keyEnd, `\`${key}\` has no value: write ${key} = value on one line`);
    } else if (code === CR) {
      this.reportCarriageReturn(at);
    } else if (code === 58) {
      this.error(at, at + 1, `write \`${key} = value\`: xl uses =, not :`);
    } else {
      this.error(at, this.wordEnd(at), `expected \`=\` or \`+=\` after \`${key}\``);
    }
  }

  private junkAfterValue(value: XlValueNode, at: number): void {
    const { text } = this;
    const code = text.charCodeAt(at);
    const end = this.wordEnd(at);
    const junk = show(text.slice(at, end));
    if (code === CR) {
      this.reportCarriageReturn(at);
    } else if (value.kind === "number" && code === 46) {
      this.error(
        value.start,
        end,
        `\`${show(text.slice(value.start, end))}\` is not a number xl accepts (whole numbers only) — quote the value`,
      );
    } else if (code === 42 || code === 47 || code === 37 || code === PLUS || code === 45) {
      this.error(at, end, `xl does not evaluate arithmetic (\`${junk}\`) — write the result`);
    } else if (value.kind === "number" && code >= 65 && code <= 90) {
      this.error(
        value.start,
        end,
        `\`${show(text.slice(value.start, end))}\`: units are not allowed after a number (memory is in MiB) — write the number alone or quote the value`,
      );
    } else if (code === 40 || code === 41 || code === 58) {
      this.error(at, end, `unexpected \`${junk}\`: this looks like Python, which xl no longer accepts`);
    } else if (code === COMMA) {
      this.error(at, at + 1, "several values need a list: key = [ a, b ]");
    } else if (code === CLOSE) {
      this.error(at, at + 1, "unmatched `]`");
    } else if (
      (classOf(code) & (KEY_START | DIGIT)) !== 0 ||
      code === DQUOTE ||
      code === SQUOTE ||
      code === OPEN
    ) {
      this.error(
        at,
        end,
        `unexpected \`${junk}\` after the value: one statement per line, or separate them with ;`,
      );
    } else {
      this.error(
        at,
        end,
        `unexpected \`${junk}\` after the value: a statement ends with a newline, ; or a # comment`,
      );
    }
  }

  /** A value: an atom, or a list parsed without recursion (lists nest thousands deep). */
  private parseValue(offset: number, depth: number): XlValueNode | undefined {
    if (this.text.charCodeAt(offset) !== OPEN) return this.parseAtom(offset, depth);
    const opened = this.openList(offset, depth);
    if (opened === undefined || !("frame" in opened)) return opened;
    const stack: ListFrame[] = [opened.frame];
    let delivered: XlValueNode | undefined;
    for (;;) {
      const frame = stack[stack.length - 1];
      if (!frame) return undefined;
      if (delivered === undefined) {
        if (this.text.charCodeAt(frame.at) === OPEN) {
          const child = this.openList(frame.at, frame.valueDepth);
          if (child === undefined) return undefined;
          if ("frame" in child) {
            stack.push(child.frame);
            continue;
          }
          delivered = child;
        } else if (this.text.charCodeAt(frame.at) === COMMA) {
          this.error(frame.at, frame.at + 1, "empty list element: remove the extra `,`");
          return undefined;
        } else {
          delivered = this.parseAtom(frame.at, frame.valueDepth);
          if (delivered === undefined) return undefined;
        }
      }
      const completed = this.continueList(frame, delivered);
      delivered = undefined;
      if (completed === false) return undefined;
      if (completed !== true) {
        stack.pop();
        if (stack.length === 0) return completed;
        delivered = completed;
      }
    }
  }

  private parseAtom(offset: number, depth: number): XlValueNode | undefined {
    const { text } = this;
    const code = text.charCodeAt(offset);
    if (code === DQUOTE || code === SQUOTE) return this.parseString(offset, depth);
    if ((classOf(code) & DIGIT) !== 0) {
      if (!this.reach(depth + 1, offset)) return undefined;
      let end = offset + 1;
      while (end < this.length && (classOf(text.charCodeAt(end)) & NUMBER_PART) !== 0) end += 1;
      return { kind: "number", raw: text.slice(offset, end), start: offset, end };
    }
    this.missingValue(offset);
    return undefined;
  }

  private missingValue(at: number): void {
    const { text } = this;
    const code = text.charCodeAt(at);
    const end = this.wordEnd(at);
    const word = show(text.slice(at, end));
    const next = text.charCodeAt(at + 1);
    if (at >= this.length || code === NL || code === HASH || code === SEMI) {
      this.error(at, at, "missing value: the value goes on the same line, after the =");
    } else if (code === 45 && (classOf(next) & DIGIT) !== 0) {
      this.error(at, end, `numbers cannot be negative (\`${word}\`) — quote the value`);
    } else if (code === PLUS && (classOf(next) & DIGIT) !== 0) {
      this.error(at, end, `a number cannot start with + (\`${word}\`) — write it without the sign`);
    } else if (code === CR) {
      this.reportCarriageReturn(at);
    } else if (/^(True|False)\b/.test(text.slice(at, at + 6))) {
      this.error(at, end, `\`${word}\` is Python: xl wants 1 or 0`);
    } else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 47) {
      this.error(
        at,
        end,
        `bare word \`${word}\`: xl values are "strings", numbers or [lists] — write "${word}"`,
      );
    } else if (code === COMMA) {
      this.error(at, at + 1, "missing value before `,`");
    } else if (code === CLOSE) {
      this.error(at, at + 1, "missing value before `]`");
    } else {
      this.error(
        at,
        end,
        `unexpected \`${word}\`: a value is a "string", 'string', a number (512, 0x200) or a [list]`,
      );
    }
  }

  private parseString(offset: number, depth: number): XlValueNode | undefined {
    const { text } = this;
    const end = scanXlString(text, offset);
    if (end < 0) {
      const lineEnd = text.indexOf("\n", offset);
      this.error(
        offset,
        lineEnd < 0 ? this.length : lineEnd,
        "unterminated string: close it on the same line (write \\n for a newline inside a string)",
      );
      return undefined;
    }
    if (!this.reach(depth + 1, offset)) return undefined;
    const raw = text.slice(offset, end);
    const nul = raw.indexOf("\0");
    if (nul >= 0) {
      this.error(offset + nul, offset + nul + 1, "a NUL character inside a string: libxlutil aborts on it");
    }
    const { value, errors, warnings } = dequoteXlString(raw);
    for (const note of errors) {
      this.error(offset + note.offset, offset + note.offset + note.text.length, note.message);
    }
    for (const note of warnings) {
      this.warnings.push({
        start: offset + note.offset,
        end: offset + note.offset + note.text.length,
        message: note.message,
      });
    }
    return { kind: "string", raw, value, quote: raw.charAt(0) === "'" ? "'" : '"', start: offset, end };
  }

  /**
   * Starts a `[ nlok valuelist ]` at `start`. `depth` is the number of entries
   * on xl's parser stack before the `[` is shifted; the comments give each
   * entry's position. Returns the finished node for `[ ]`, a frame to fill
   * otherwise, or undefined after an error.
   */
  private openList(start: number, depth: number): XlListNode | { frame: ListFrame } | undefined {
    // '[' at depth+1, nlok at depth+2, a NEWLINE in it at depth+3.
    if (!this.reach(depth + 2, start)) return undefined;
    const at = this.skipListTrivia(start + 1);
    if (this.crossedNewline && !this.reach(depth + 3, start)) return undefined;
    if (this.text.charCodeAt(at) === CLOSE) {
      // empty valuelist at depth+3, ']' at depth+4
      if (!this.reach(depth + 4, at)) return undefined;
      return { kind: "list", items: [], tail: this.text.slice(start + 1, at), start, end: at + 1 };
    }
    if (this.text.charCodeAt(at) === COMMA) {
      this.error(at, at + 1, "a list cannot start with `,`");
      return undefined;
    }
    return { frame: { start, depth, items: [], beforeStart: start + 1, at, valueDepth: depth + 2 } };
  }

  /**
   * Takes the element that started at `frame.at` and reads what follows it:
   * `true` when another element follows (the frame is updated), the finished
   * list at `]`, `false` after an error.
   */
  private continueList(frame: ListFrame, value: XlValueNode): XlListNode | boolean {
    const { text } = this;
    const { depth } = frame;
    // after the value: nlok at valueDepth+2, a NEWLINE in it at valueDepth+3
    if (!this.reach(frame.valueDepth + 2, value.end)) return false;
    let at = this.skipListTrivia(value.end);
    if (this.crossedNewline && !this.reach(frame.valueDepth + 3, value.end)) return false;
    const before = text.slice(frame.beforeStart, frame.at);
    const after = text.slice(value.end, at);
    const code = text.charCodeAt(at);
    if (code === CLOSE) {
      frame.items.push({ before, value, after, comma: false });
      if (!this.reach(depth + 4, at)) return false;
      return { kind: "list", items: frame.items, tail: "", start: frame.start, end: at + 1 };
    }
    if (code !== COMMA) {
      this.listContinuationError(frame.start, at);
      return false;
    }
    frame.items.push({ before, value, after, comma: true });
    // ',' at depth+4, nlok at depth+5, a NEWLINE in it at depth+6
    if (!this.reach(depth + 5, at)) return false;
    frame.beforeStart = at + 1;
    const comma = at;
    at = this.skipListTrivia(frame.beforeStart);
    if (this.crossedNewline && !this.reach(depth + 6, comma)) return false;
    if (text.charCodeAt(at) === CLOSE) {
      if (!this.reach(depth + 4, at)) return false;
      return {
        kind: "list",
        items: frame.items,
        tail: text.slice(frame.beforeStart, at),
        start: frame.start,
        end: at + 1,
      };
    }
    frame.at = at;
    frame.valueDepth = depth + 5;
    return true;
  }

  private listContinuationError(listStart: number, at: number): void {
    const { text } = this;
    const code = text.charCodeAt(at);
    if (at >= this.length || (code === HASH && text.indexOf("\n", at) < 0)) {
      this.error(listStart, listStart + 1, "list not closed: missing `]`");
    } else if (code === CR) {
      this.reportCarriageReturn(at);
    } else if (code === SEMI) {
      this.error(at, at + 1, "`;` inside a list: separate list elements with `,`");
    } else if (code === 46) {
      this.error(at, this.wordEnd(at), "xl numbers are whole numbers — quote the value");
    } else {
      const end = this.wordEnd(at);
      this.error(at, end, `expected \`,\` or \`]\` in the list, found \`${show(text.slice(at, end))}\``);
    }
  }

  /**
   * Finds where a broken statement ends, so parsing can go on and report later
   * errors too: the next newline or `;` outside brackets and strings, or the
   * start of a line that looks like a new statement.
   */
  private recover(from: number): number {
    const { text, length } = this;
    let depth = 0;
    let index = from;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === NL) {
        if (depth === 0) return index;
        index += 1;
        STATEMENT_START.lastIndex = index;
        if (STATEMENT_START.test(text)) return index;
      } else if (code === DQUOTE || code === SQUOTE) {
        const end = scanXlString(text, index);
        index = end > 0 ? end : index + 1;
      } else if (code === HASH) {
        const end = text.indexOf("\n", index);
        index = end < 0 ? length : end;
      } else if (code === OPEN) {
        depth += 1;
        index += 1;
      } else if (code === CLOSE) {
        if (depth > 0) depth -= 1;
        index += 1;
      } else if (code === SEMI && depth === 0) {
        return index;
      } else {
        index += 1;
      }
    }
    return length;
  }
}

/**
 * The syntax pass: text to lossless tree, with every error and warning found.
 * Semantics (`+=` type checks) are the values pass's job.
 *
 * @example
 * ```ts
 * const { document, errors } = parseXlSyntax('name = "web1"\n', "utf8");
 * errors.length; // 0
 * document.children[0]; // { kind: "assignment", key: "name", … }
 * ```
 */
export function parseXlSyntax(text: string, encoding: XlTextEncoding): XlSyntaxResult {
  return new XlSyntaxParser(text, encoding).parse();
}
