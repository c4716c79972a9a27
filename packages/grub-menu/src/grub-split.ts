import { pythonSplit, pythonSplitWhitespace } from "./python-text.js";

/**
 * How pygrub splits a directive line into command and argument: on `=` when an
 * `=` comes before the first space or tab (`default=1`, `kernel=/vmlinuz ro`),
 * otherwise on whitespace. So `default = 1` is command `default` with argument
 * `= 1` — which pygrub then fails to read as a number.
 *
 * @example
 * ```ts
 * grubSplit("default=1", 1); // ["default", "1"]
 * grubSplit("default = 1", 1); // ["default", "= 1"]
 * grubSplit("root=LABEL=X ro", 1); // ["root", "LABEL=X ro"]
 * ```
 */
export function grubSplit(text: string, maxsplit = -1): string[] {
  const equals = text.indexOf("=");
  if (equals === -1) return pythonSplitWhitespace(text, maxsplit);
  let space = text.indexOf(" ");
  const tab = text.indexOf("\t");
  if ((tab !== -1 && tab < space) || (tab !== -1 && space === -1)) space = tab;
  if (equals < space || space === -1) return pythonSplit(text, "=", maxsplit);
  return pythonSplitWhitespace(text, maxsplit);
}

/**
 * pygrub's `grub_exact_split`: {@link grubSplit} into at most `count` parts,
 * padded with empty strings to exactly `count`.
 *
 * @example
 * ```ts
 * grubExactSplit("hiddenmenu", 2); // ["hiddenmenu", ""]
 * ```
 */
export function grubExactSplit(text: string, count: number): string[] {
  const parts = grubSplit(text, count - 1);
  while (parts.length < count) parts.push("");
  return parts;
}
