import type { Command } from "commander";
import { CliContext } from "../context.js";
import { createProgram } from "../program.js";

/** Help is wrapped at this width in the reference, whatever the terminal. */
const HELP_WIDTH = 100;

function helpOf(command: Command, captured: { text: string }): string {
  captured.text = "";
  command.configureOutput({ getOutHelpWidth: () => HELP_WIDTH, getOutHasColors: () => false });
  command.outputHelp();
  return captured.text.trimEnd();
}

function walk(command: Command, path: readonly string[]): { path: string[]; command: Command }[] {
  return [
    { path: [...path], command },
    ...command.commands.flatMap((sub) => walk(sub, [...path, sub.name()])),
  ];
}

/**
 * The CLI reference (docs/cli.md) as Markdown, rendered from the command
 * definitions themselves: a table of contents, then every command's `--help`.
 * A test compares it with the committed file, so the docs cannot go stale.
 *
 * @example
 * ```ts
 * await writeFile("docs/cli.md", renderCliReference());
 * ```
 */
export function renderCliReference(): string {
  const captured = { text: "" };
  const io = {
    stdout: { write: (text: string) => (captured.text += text) },
    stderr: { write: () => true },
    env: {},
    cwd: "/",
  };
  const program = createProgram(new CliContext(io, new AbortController().signal));
  const commands = walk(program, ["dom0kit"]);
  const anchor = (path: readonly string[]): string => path.join("-");
  const lines = [
    "# dom0kit command reference",
    "",
    "<!-- Generated from the command definitions by `pnpm docs:cli`; a test fails when this file is stale. Do not edit. -->",
    "",
    "Every command, with the help it prints. Global options (`--host`, `--inventory`, `--json`,",
    "`--dry-run`, `--no-color`) go before or after the command. See [getting-started.md](getting-started.md)",
    "for a walk-through.",
    "",
    ...commands.map(
      ({ path, command }) =>
        `${"  ".repeat(path.length - 1)}- [\`${path.join(" ")}\`](#${anchor(path)}) — ${command.description().split("\n")[0] ?? ""}`,
    ),
  ];
  for (const { path, command } of commands) {
    lines.push(
      "",
      `<a id="${anchor(path)}"></a>`,
      "",
      `## \`${path.join(" ")}\``,
      "",
      "```text",
      helpOf(command, captured),
      "```",
    );
  }
  return `${lines.join("\n")}\n`;
}
