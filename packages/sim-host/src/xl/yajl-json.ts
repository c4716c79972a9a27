/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Serialises JSON the way libxl's yajl generator does with beautify on: four
 * spaces per level, `"key": value`, one element per line, and an empty
 * container as an open line, a blank line and its close (`{\n\n    }`).
 *
 * @example
 * ```ts
 * yajlBeautify({ domid: 1, config: {} });
 * // '{\n    "domid": 1,\n    "config": {\n\n    }\n}'
 * ```
 */
export function yajlBeautify(value: Json, depth = 0): string {
  const indent = (level: number): string => "    ".repeat(level);
  if (Array.isArray(value)) {
    const items = value.map((item) => `${indent(depth + 1)}${yajlBeautify(item, depth + 1)}`);
    return `[\n${items.length === 0 ? "" : items.join(",\n")}\n${indent(depth)}]`;
  }
  if (value !== null && typeof value === "object") {
    const items = Object.entries(value).map(
      ([key, item]) => `${indent(depth + 1)}${JSON.stringify(key)}: ${yajlBeautify(item, depth + 1)}`,
    );
    return `{\n${items.length === 0 ? "" : items.join(",\n")}\n${indent(depth)}}`;
  }
  return JSON.stringify(value);
}
