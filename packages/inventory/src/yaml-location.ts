import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

/**
 * A path into the document as zod reports it.
 *
 * @example
 * ```ts
 * const path: DataPath = ["domains", 2, "memory"];
 * ```
 */
export type DataPath = readonly PropertyKey[];

/**
 * `domains[2].memory` for `["domains", 2, "memory"]`.
 *
 * @example
 * ```ts
 * formatDataPath(["hosts", 0, "target"]); // "hosts[0].target"
 * ```
 */
export function formatDataPath(path: DataPath): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${String(part)}]` : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

function nodeAt(document: Document, path: DataPath): Node | undefined {
  let node: unknown = document.contents;
  for (const part of path) {
    if (isMap(node)) {
      node = node.items.find((pair) => isScalar(pair.key) && pair.key.value === part)?.value;
    } else if (isSeq(node) && typeof part === "number") {
      node = node.items[part];
    } else {
      return undefined;
    }
  }
  return (node ?? undefined) as Node | undefined;
}

function keyNodeAt(document: Document, parent: DataPath, key: string): Node | undefined {
  const map = nodeAt(document, parent);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  return (pair?.key ?? undefined) as Node | undefined;
}

/**
 * Where a data path points in the YAML source: the node itself, else the key
 * naming it, else the nearest ancestor that exists (a missing key is reported
 * at the map that lacks it). Other YAML files of dom0kit (fleet files) use it
 * for their errors too.
 *
 * @example
 * ```ts
 * const lines = new LineCounter();
 * const document = parseDocument(text, { lineCounter: lines });
 * locate(document, lines, ["hosts", 1, "target"]); // { line: 9, column: 13 }
 * ```
 */
export function locate(
  document: Document,
  lines: LineCounter,
  path: DataPath,
  options: { key?: string } = {},
): { line: number; column: number } {
  const candidates: (Node | undefined)[] = [];
  if (options.key !== undefined) candidates.push(keyNodeAt(document, path, options.key));
  for (let length = path.length; length >= 0; length -= 1) {
    const prefix = path.slice(0, length);
    candidates.push(nodeAt(document, prefix));
    const last = prefix.at(-1);
    if (typeof last === "string") candidates.push(keyNodeAt(document, prefix.slice(0, -1), last));
  }
  const found = candidates.find((node) => node?.range !== undefined && node.range !== null);
  const offset = found?.range?.[0] ?? 0;
  const position = lines.linePos(offset);
  return { line: position.line, column: position.col };
}
