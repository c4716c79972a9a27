/**
 * The three parts of `tc -s -d -j -force -batch -` fed `qdisc show`, `class show dev X`, `filter show dev X parent H:`.
 * @example
 * ```ts
 * const { qdiscs, classes, filters } = splitShowBatch(stdout);
 * ```
 */
export interface ShowBatchParts {
  /** The qdiscs' JSON array, as text. */
  readonly qdiscs: string;
  /** The classes: JSON (later iproute2) or text (6.1, which ignores -j for classes); empty when there are none. */
  readonly classes: string;
  /** The filters' JSON array, as text; empty when the command failed. */
  readonly filters: string;
}

/**
 * Splits what one `tc -j -batch` of three show commands printed back into
 * each command's output. tc prints each JSON array on one line (strings in
 * JSON cannot hold a newline), so the split is by lines: the first is the
 * qdisc list; then come the classes — a JSON line (later iproute2), text
 * lines starting with `class ` and their indented counters (6.1), or nothing
 * — and last the filters' JSON line.
 *
 * @throws SyntaxError when the output does not have that shape.
 * @example
 * ```ts
 * splitShowBatch('[{"kind":"htb"}]\nclass htb d0:1 root rate 1Gbit ceil 1Gbit burst 1600b cburst 1600b \n[]\n');
 * // { qdiscs: '[{"kind":"htb"}]', classes: "class htb d0:1 …\n", filters: "[]" }
 * ```
 */
export function splitShowBatch(stdout: string): ShowBatchParts {
  const lines = stdout.split("\n");
  let index = 0;
  while (index < lines.length && (lines[index] ?? "").trim() === "") index += 1;
  const qdiscs = (lines[index] ?? "").trim();
  if (!qdiscs.startsWith("[") || !qdiscs.endsWith("]"))
    throw new SyntaxError("the qdisc list does not start the output");
  const arrays: string[] = [];
  const classLines: string[] = [];
  for (const line of lines.slice(index + 1)) {
    if (line.startsWith("[")) {
      if (!line.trimEnd().endsWith("]")) throw new SyntaxError("a JSON list does not end on its line");
      arrays.push(line.trimEnd());
    } else if (line.trim() !== "") {
      if (arrays.length > 0) throw new SyntaxError("unexpected text after the class list");
      classLines.push(line);
    }
  }
  const classText = classLines.length === 0 ? "" : `${classLines.join("\n")}\n`;
  if (arrays.length > 2 || (arrays.length === 2 && classText !== "")) {
    throw new SyntaxError("more output than three show commands print");
  }
  if (arrays.length === 2) return { qdiscs, classes: arrays[0] ?? "", filters: arrays[1] ?? "" };
  const only = arrays[0];
  if (only !== undefined && classText === "" && only.startsWith('[{"class":'))
    return { qdiscs, classes: only, filters: "" };
  return { qdiscs, classes: classText, filters: only ?? "" };
}
