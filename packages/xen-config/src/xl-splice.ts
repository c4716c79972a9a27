import type { XlAssignmentNode, XlDocumentNode } from "./xl-syntax-tree.js";

/** Replace `text.slice(start, end)` with `text`. */
export interface TextSplice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies non-overlapping splices (in any order) to `text`; overlapping
 * removals are merged first.
 *
 * @example
 * ```ts
 * applySplices("a = 1\n", [{ start: 4, end: 5, text: "2" }]); // "a = 2\n"
 * ```
 */
export function applySplices(text: string, splices: readonly TextSplice[]): string {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextSplice[] = [];
  for (const splice of sorted) {
    const last = merged.at(-1);
    if (last && splice.start < last.end) {
      merged[merged.length - 1] = {
        start: last.start,
        end: Math.max(last.end, splice.end),
        text: last.text + splice.text,
      };
    } else {
      merged.push(splice);
    }
  }
  let result = "";
  let cursor = 0;
  for (const splice of merged) {
    result += text.slice(cursor, splice.start) + splice.text;
    cursor = splice.end;
  }
  return result + text.slice(cursor);
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * The range to delete to remove one statement: its whole line (comment
 * included) when it stands alone there, otherwise just the statement and the
 * `;` or blanks that separate it from its neighbours.
 *
 * @example
 * ```ts
 * // "a = 1\nb = 2 # two\nc = 3\n": removing b deletes "b = 2 # two\n"
 * ```
 */
export function statementRemoval(text: string, node: XlAssignmentNode): TextSplice {
  let after = node.end;
  while (after < text.length && isBlank(text.charCodeAt(after))) after += 1;
  if (text.charCodeAt(after) === 59) {
    // `;` — another statement may follow on the same line.
    let next = after + 1;
    while (next < text.length && isBlank(text.charCodeAt(next))) next += 1;
    const code = text.charCodeAt(next);
    if (next < text.length && code !== 10 && code !== 35) return { start: node.start, end: next, text: "" };
    after = next;
  }
  let lineStart = node.start;
  while (lineStart > 0 && isBlank(text.charCodeAt(lineStart - 1))) lineStart -= 1;
  const aloneOnLine = lineStart === 0 || text.charCodeAt(lineStart - 1) === 10;
  if (!aloneOnLine) return { start: lineStart, end: after, text: "" };
  const newline = text.indexOf("\n", after);
  return { start: lineStart, end: newline < 0 ? text.length : newline + 1, text: "" };
}

/**
 * Where and how to add a new statement at the end of a document: after a final
 * newline (adding one when the last line has none), and before a stray last
 * character that xl only ignores at the very end of a file.
 *
 * @example
 * ```ts
 * appendStatement("a = 1", doc, 'b = "x"'); // { start: 5, end: 5, text: '\nb = "x"\n' }
 * ```
 */
export function appendStatement(text: string, document: XlDocumentNode, statement: string): TextSplice {
  const last = document.children.at(-1);
  if (last?.kind === "trivia") {
    const code = last.text.charCodeAt(last.text.length - 1);
    if (code !== 10 && !isBlank(code) && code !== 59) {
      const at = text.length - 1;
      const needsNewline = at > 0 && text.charCodeAt(at - 1) !== 10;
      return { start: at, end: at, text: `${needsNewline ? "\n" : ""}${statement}\n` };
    }
  }
  const needsNewline = text.length > 0 && !text.endsWith("\n");
  return { start: text.length, end: text.length, text: `${needsNewline ? "\n" : ""}${statement}\n` };
}
