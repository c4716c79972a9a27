import type { Command } from "./command.js";
import { quoteCommandWord, quoteShellWord } from "./shell-quote.js";

/**
 * Renders a command as one POSIX shell line that a person can read and paste:
 * environment assignments, then the program and its arguments, each quoted so
 * the shell passes them through unchanged.
 *
 * @example
 * ```ts
 * formatCommand({ file: "xl", args: ["sched-credit", "-d", "my vm", "-w", "512"] });
 * // xl sched-credit -d 'my vm' -w 512
 * ```
 */
export function formatCommand(command: Pick<Command, "file" | "args" | "env">): string {
  const assignments = Object.entries(command.env ?? {}).map(
    ([name, value]) => `${name}=${quoteShellWord(value)}`,
  );
  const words = [quoteCommandWord(command.file), ...command.args.map(quoteShellWord)];
  return [...assignments, ...words].join(" ");
}
