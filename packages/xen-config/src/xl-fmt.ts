import { renderXlValueNode } from "./xl-render.js";
import type { XlDocumentNode, XlListNode, XlValueNode } from "./xl-syntax-tree.js";
import { quoteXlString } from "./xl-write-value.js";

/**
 * How {@link XlConfig.fmt} writes a file.
 *
 * @example
 * ```ts
 * config.fmt({ quotes: "single", width: 100, indent: "  " });
 * ```
 */
export interface XlFormatOptions {
  /**
   * `"double"` / `"single"` rewrite every string with that quote (the other is
   * used where it saves escaping); `"preserve"` keeps each string as written.
   * @default "double"
   */
  readonly quotes?: "double" | "single" | "preserve";
  /** Lists longer than this (in characters, on one line) are written one element per line. @default 80 */
  readonly width?: number;
  /** Indent of list elements written one per line. @default "    " */
  readonly indent?: string;
}

interface Resolved {
  readonly quotes: "double" | "single" | "preserve";
  readonly width: number;
  readonly indent: string;
}

/** The comments in a trivia string: those on its first line (trailing) and the rest (own lines). */
function commentsIn(trivia: string): { trailing: string | undefined; own: string[] } {
  let trailing: string | undefined;
  const own: string[] = [];
  let sawNewline = false;
  let index = 0;
  while (index < trivia.length) {
    const char = trivia.charAt(index);
    if (char === "\n") {
      sawNewline = true;
      index += 1;
    } else if (char === "#") {
      const end = trivia.indexOf("\n", index);
      const comment = trivia.slice(index, end < 0 ? trivia.length : end).trimEnd();
      if (!sawNewline && trailing === undefined) trailing = comment;
      else own.push(comment);
      index = end < 0 ? trivia.length : end;
    } else {
      index += 1;
    }
  }
  return { trailing, own };
}

/** Whether the list's own trivia (not its elements') holds a comment or a newline. */
function hasOwnLayout(list: XlListNode): boolean {
  return (
    /[#\n]/.test(list.tail) ||
    list.items.some((item) => /[#\n]/.test(item.before) || /[#\n]/.test(item.after))
  );
}

/** Lists nested deeper than this are kept as written rather than laid out again. */
const MAX_LAYOUT_DEPTH = 64;

class Formatter {
  constructor(private readonly options: Resolved) {}

  value(node: XlValueNode, indent: string, column: number, depth = 0): string {
    // Lists nested this deep are kept as written rather than laid out again.
    if (depth > MAX_LAYOUT_DEPTH) return renderXlValueNode(node);
    switch (node.kind) {
      case "number":
        return node.raw;
      case "string":
        if (this.options.quotes === "preserve") return node.raw;
        return quoteXlString(node.value, { quote: this.options.quotes === "single" ? "'" : '"' });
      case "list":
        return this.list(node, indent, column, depth);
    }
  }

  /** The value on one line if it fits in `budget` characters and has no comments or line breaks. */
  private inline(node: XlValueNode, budget: number): string | undefined {
    if (budget < 1) return undefined;
    if (node.kind !== "list") {
      const text = this.value(node, "", 0);
      return text.length <= budget ? text : undefined;
    }
    if (node.items.length === 0) return node.tail.includes("#") ? undefined : "[ ]";
    if (hasOwnLayout(node)) return undefined;
    let text = "[";
    for (const item of node.items) {
      const written = this.inline(item.value, budget - text.length - 3);
      if (written === undefined) return undefined;
      text += `${text === "[" ? " " : ", "}${written}`;
    }
    text += " ]";
    return text.length <= budget ? text : undefined;
  }

  private list(node: XlListNode, indent: string, column: number, depth: number): string {
    const inline = this.inline(node, this.options.width - column);
    if (inline !== undefined) return inline;
    const inner = indent + this.options.indent;
    const lines: string[] = ["["];
    let pendingTrailing: string | undefined;
    for (const item of node.items) {
      const before = commentsIn(item.before);
      const trailing = [pendingTrailing, before.trailing].filter((comment) => comment !== undefined);
      if (trailing.length > 0) lines[lines.length - 1] += ` ${trailing.join(" ")}`;
      pendingTrailing = undefined;
      for (const comment of before.own) lines.push(inner + comment);
      const after = commentsIn(item.after);
      lines.push(`${inner}${this.value(item.value, inner, inner.length, depth + 1)},`);
      const afterComments = [...(after.trailing === undefined ? [] : [after.trailing]), ...after.own];
      pendingTrailing = afterComments.shift();
      for (const comment of afterComments) lines.push(inner + comment);
    }
    const tail = commentsIn(node.tail);
    const trailing = tail.trailing ?? pendingTrailing;
    if (trailing !== undefined) lines[lines.length - 1] += ` ${trailing}`;
    for (const comment of tail.own) lines.push(inner + comment);
    lines.push(`${indent}]`);
    return lines.join("\n");
  }
}

/**
 * Writes a document in canonical layout (see {@link XlConfig.fmt}).
 *
 * @example
 * ```ts
 * formatXlDocument(parseXlConfig("a=1;b=[1,2]").document); // "a = 1\nb = [ 1, 2 ]\n"
 * ```
 */
export function formatXlDocument(document: XlDocumentNode, options: XlFormatOptions = {}): string {
  const formatter = new Formatter({
    quotes: options.quotes ?? "double",
    width: options.width ?? 80,
    indent: options.indent ?? "    ",
  });
  const lines: string[] = [];
  let lineOpen = false;
  let blankPending = false;
  const startLine = (text: string): void => {
    if (blankPending && lines.length > 0) lines.push("");
    blankPending = false;
    lines.push(text);
  };
  for (const node of document.children) {
    if (node.kind === "assignment") {
      const head = `${node.key} ${node.operator} `;
      startLine(head + formatter.value(node.value, "", head.length));
      lineOpen = true;
      continue;
    }
    const { text } = node;
    let index = 0;
    while (index < text.length) {
      const char = text.charAt(index);
      if (char === "\n") {
        if (lineOpen) lineOpen = false;
        else blankPending = true;
        index += 1;
      } else if (char === "#") {
        const end = text.indexOf("\n", index);
        if (end < 0) break; // a lone `#` at the very end: xl ignores it, so do we
        const comment = text.slice(index, end).trimEnd();
        if (lineOpen) lines[lines.length - 1] += ` ${comment}`;
        else startLine(comment);
        lineOpen = true;
        index = end;
      } else {
        index += 1;
      }
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
