/**
 * A value as xl sees it: a string (numbers are kept as their source text,
 * e.g. `"0x200"`) or a list of values.
 *
 * @example
 * ```ts
 * const memory: XlValue = "512";
 * const disks: XlValue = ["phy:/dev/vg/web1,xvda,w"];
 * ```
 */
export type XlValue = string | XlValue[];

/**
 * Deep copy of a value (lists are copied, strings are immutable). Works
 * without recursion, as lists may nest thousands deep.
 *
 * @example
 * ```ts
 * copyXlValue(["a", ["b"]]); // a new ["a", ["b"]]
 * ```
 */
export function copyXlValue(value: XlValue): XlValue {
  if (typeof value === "string") return value;
  const root: XlValue[] = [];
  const stack: { readonly from: readonly XlValue[]; index: number; readonly to: XlValue[] }[] = [
    { from: value, index: 0, to: root },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (!top) break;
    if (top.index >= top.from.length) {
      stack.pop();
      continue;
    }
    const item = top.from[top.index] ?? "";
    top.index += 1;
    if (typeof item === "string") {
      top.to.push(item);
    } else {
      const to: XlValue[] = [];
      top.to.push(to);
      stack.push({ from: item, index: 0, to });
    }
  }
  return root;
}
