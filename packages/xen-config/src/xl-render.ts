import type { XlDocumentNode, XlValueNode } from "./xl-syntax-tree.js";

/**
 * The source text of a value node, rebuilt from the tree (without recursion:
 * lists may nest thousands deep).
 *
 * @example
 * ```ts
 * renderXlValueNode({ kind: "number", raw: "0x200", start: 0, end: 5 }); // "0x200"
 * ```
 */
export function renderXlValueNode(node: XlValueNode): string {
  if (node.kind !== "list") return node.raw;
  const parts: string[] = [];
  const work: (string | XlValueNode)[] = [node];
  while (work.length > 0) {
    const next = work.pop();
    if (next === undefined) break;
    if (typeof next === "string") {
      parts.push(next);
    } else if (next.kind !== "list") {
      parts.push(next.raw);
    } else {
      work.push(`${next.tail}]`);
      for (let index = next.items.length - 1; index >= 0; index--) {
        const item = next.items[index];
        if (!item) continue;
        work.push(item.comma ? `${item.after},` : item.after, item.value, item.before);
      }
      parts.push("[");
    }
  }
  return parts.join("");
}

/**
 * The text of a whole document, rebuilt from its tree: for a parsed file this
 * is the file, byte for byte.
 *
 * @example
 * ```ts
 * renderXlDocument(parseXlConfig(text).document) === text; // true
 * ```
 */
export function renderXlDocument(document: XlDocumentNode): string {
  const parts: string[] = [];
  for (const node of document.children) {
    if (node.kind === "trivia") {
      parts.push(node.text);
    } else {
      parts.push(
        node.key,
        node.beforeOperator,
        node.operator,
        node.afterOperator,
        renderXlValueNode(node.value),
      );
    }
  }
  return parts.join("");
}
