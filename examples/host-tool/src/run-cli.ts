import { CommanderError } from "commander";
import { EXIT } from "./cli-error.js";
import { CliContext } from "./context.js";
import { describeError } from "./describe-error.js";
import type { CliIo } from "./io.js";
import { colorEnabled, Output } from "./output.js";
import { createProgram } from "./program.js";

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Cancels long work (the bin wires SIGINT and SIGTERM to it). */
  readonly signal?: AbortSignal;
}

function usageHint(error: CommanderError): string {
  return error.code === "commander.unknownCommand" || error.code === "commander.help"
    ? "run `dom0kit --help` to see the commands"
    : "run the command with --help to see its usage";
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and returns the
 * exit code: 0 success, 1 the work failed, 2 the command line was wrong.
 *
 * @example
 * ```ts
 * const code = await runCli(["inventory", "check", "-i", "dom0kit.yaml"], processIo());
 * process.exitCode = code;
 * ```
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  options: RunCliOptions = {},
): Promise<number> {
  const context = new CliContext(io, options.signal ?? new AbortController().signal);
  const output = new Output(io, colorEnabled(io, !argv.includes("--no-color")));
  const program = createProgram(context);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok; // --help, --version
      const reason = error.message
        .replace(/^error: /, "")
        .replace(/\n\(Did you mean (.*)\?\)$/, " (did you mean $1?)");
      output.error(error.code === "commander.help" ? "no command given" : reason, usageHint(error));
      return EXIT.usage;
    }
    const report = describeError(error, (io.env.DOM0KIT_DEBUG ?? "") !== "");
    output.error(report.reason, report.hint);
    return report.exitCode;
  } finally {
    await context.close();
  }
}
