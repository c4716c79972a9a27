import type { XlValue } from "./xl-value.js";

/**
 * JSON for a value, written without recursion so that lists nested thousands
 * deep (which xl accepts) serialise anywhere, even on a small thread stack.
 *
 * @example
 * ```ts
 * xlValueToJson(["0", ["2"]]); // '["0",["2"]]'
 * ```
 */
export function xlValueToJson(value: XlValue): string {
  const parts: string[] = [];
  const work: (XlValue | { readonly text: string })[] = [value];
  while (work.length > 0) {
    const next = work.pop();
    if (next === undefined) break;
    if (typeof next === "string") {
      parts.push(JSON.stringify(next));
    } else if (!Array.isArray(next)) {
      parts.push(next.text);
    } else {
      work.push({ text: "]" });
      for (let index = next.length - 1; index >= 0; index--) {
        work.push(next[index] ?? "");
        if (index > 0) work.push({ text: "," });
      }
      parts.push("[");
    }
  }
  return parts.join("");
}

/**
 * JSON for a whole values view, keys in order: what `dom0kit config dump`
 * prints.
 *
 * @example
 * ```ts
 * xlValuesToJson({ name: "horatio", memory: "512", cpus: ["0", "2"] });
 * // '{"name":"horatio","memory":"512","cpus":["0","2"]}'
 * ```
 */
export function xlValuesToJson(values: Readonly<Record<string, XlValue>>): string {
  const entries = Object.entries(values).map(
    ([key, value]) => `${JSON.stringify(key)}:${xlValueToJson(value)}`,
  );
  return `{${entries.join(",")}}`;
}
