import { readJsonValueAt } from "./json-with-duplicates.js";

/** The three parts of `tc -s -d -j -force -batch -` fed `qdisc show`, `class show dev X`, `filter show dev X parent H:`. */
export interface ShowBatchParts {
  /** The qdiscs' JSON array, as text. */
  readonly qdiscs: string;
  /** The classes: JSON (later iproute2) or text (6.1, which ignores -j for classes); empty when there are none. */
  readonly classes: string;
  /** The filters' JSON array, as text; empty when the command failed. */
  readonly filters: string;
}

function firstEntryHas(json: unknown, key: string): boolean {
  return (
    Array.isArray(json) &&
    json.length > 0 &&
    typeof json[0] === "object" &&
    json[0] !== null &&
    key in json[0]
  );
}

/**
 * Splits what one `tc -j -batch` of three show commands printed back into
 * each command's output. The qdisc list comes first (a JSON array); then the
 * classes — a JSON array, or text lines starting with `class `, or nothing;
 * then the filters (a JSON array).
 *
 * @throws SyntaxError when the output does not have that shape.
 * @example
 * ```ts
 * splitShowBatch('[{"kind":"htb"}]\nclass htb d0:1 root rate 1Gbit ceil 1Gbit burst 1600b cburst 1600b \n[]\n');
 * // { qdiscs: '[{"kind":"htb"}]', classes: "class htb d0:1 …\n", filters: "[]" }
 * ```
 */
export function splitShowBatch(stdout: string): ShowBatchParts {
  const skip = (from: number): number => {
    let index = from;
    while (index < stdout.length && " \t\r\n".includes(stdout[index] ?? "")) index += 1;
    return index;
  };
  let cursor = skip(0);
  if (stdout[cursor] !== "[") throw new SyntaxError("the qdisc list does not start the output");
  const qdiscs = readJsonValueAt(stdout, cursor);
  const qdiscText = stdout.slice(cursor, qdiscs.end);
  cursor = skip(qdiscs.end);

  const arrays: { text: string; value: unknown }[] = [];
  let classText = "";
  while (cursor < stdout.length) {
    if (stdout[cursor] === "[") {
      const next = readJsonValueAt(stdout, cursor);
      arrays.push({ text: stdout.slice(cursor, next.end), value: next.value });
      cursor = skip(next.end);
    } else {
      const lineEnd = stdout.indexOf("\n[", cursor);
      const end = lineEnd === -1 ? stdout.length : lineEnd + 1;
      if (arrays.length > 0 || classText !== "")
        throw new SyntaxError("unexpected text after the class list");
      classText = stdout.slice(cursor, end);
      cursor = skip(end);
    }
  }
  if (arrays.length > 2 || (arrays.length === 2 && classText !== ""))
    throw new SyntaxError("more output than three show commands print");
  if (arrays.length === 2)
    return { qdiscs: qdiscText, classes: arrays[0]?.text ?? "", filters: arrays[1]?.text ?? "" };
  const only = arrays[0];
  if (only !== undefined && classText === "" && firstEntryHas(only.value, "class")) {
    return { qdiscs: qdiscText, classes: only.text, filters: "" };
  }
  return { qdiscs: qdiscText, classes: classText, filters: only?.text ?? "" };
}
