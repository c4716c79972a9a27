import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

/** A path into a YAML document as zod reports it. */
export type DataPath = readonly PropertyKey[];

/**
 * `hosts[2].target` for `["hosts", 2, "target"]`.
 *
 * @example
 * ```ts
 * formatDataPath(["hosts", 2, "target"]); // "hosts[2].target"
 * ```
 */
export function formatDataPath(path: DataPath): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${String(part)}]` : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

function childOf(node: unknown, part: PropertyKey): { value?: unknown; key?: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
    return pair === undefined ? undefined : { value: pair.value, key: pair.key };
  }
  if (isSeq(node) && typeof part === "number") return { value: node.items[part] };
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range === undefined || range === null ? undefined : range[0];
}

/**
 * Where a data path points in the YAML source, 1-based: the value, else its key,
 * else the nearest ancestor that exists (a missing key is reported at the map
 * that lacks it). With `key`, the key `key` of the map at `path` (an unknown key).
 *
 * @example
 * ```ts
 * const lines = new LineCounter();
 * const document = parseDocument("hosts:\n  - name: a\n", { lineCounter: lines });
 * yamlPosition(document, lines, ["hosts", 0, "name"]); // { line: 2, column: 11 }
 * ```
 */
export function yamlPosition(
  document: Document,
  lines: LineCounter,
  path: DataPath,
  key?: string,
): { line: number; column: number } {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  let found = true;
  for (const part of path) {
    const child = childOf(node, part);
    if (child === undefined) {
      found = false;
      break;
    }
    offset = rangeStart(child.value) ?? rangeStart(child.key) ?? offset;
    node = child.value;
  }
  if (found && key !== undefined) offset = rangeStart(childOf(node, key)?.key) ?? offset;
  const position = lines.linePos(offset);
  return { line: position.line, column: position.col };
}
