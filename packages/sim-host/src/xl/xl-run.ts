import type { CommandContext } from "../exec/types.js";
import { getopt, type GetoptResult, type LongOptions } from "../exec/getopt.js";
import type { SimState } from "../state/model.js";
import { XL_HELP } from "./xl-help.js";

/** One `xl` subcommand invocation: its arguments and the output it builds up. */
export class XlRun {
  out = "";
  err = "";
  readonly now: number;

  constructor(
    readonly context: CommandContext,
    readonly subcommand: string,
    readonly args: readonly string[],
    /** Global `-N`: dry run. */
    readonly dryRun: boolean,
  ) {
    this.now = context.env.now();
  }

  /** The current state (read-only copy). */
  read(): Promise<SimState> {
    return this.context.env.store.read();
  }

  /** Changes the state under the lock. */
  update<T>(change: (state: SimState) => T | Promise<T>): Promise<T> {
    return this.context.env.store.update(change);
  }

  /** The subcommand's usage, as `xl help SUBCOMMAND` prints it. */
  help(): string {
    const entry = XL_HELP[this.subcommand];
    if (entry === undefined) return "";
    return `Usage: xl [-vfNtT] ${this.subcommand} ${entry.usage}\n\n${entry.summary}.\n\n${entry.options === "" ? "" : `Options:\n\n${entry.options}\n`}`;
  }

  /**
   * Parses the subcommand's options like xl's SWITCH_FOREACH_OPT: an unknown
   * option prints "option `x' not supported." (exit 2), `-h` prints help
   * (exit 0), too few operands prints "'xl X' requires at least N argument(s)." (exit 2).
   */
  options(shortSpec: string, longOptions: LongOptions, requiredOperands: number): GetoptResult | number {
    const parsed = getopt(this.args, `h${shortSpec}`, { help: [false, "h"], ...longOptions });
    if (parsed.options.some((option) => option.name === "h")) {
      this.out += this.help();
      return 0;
    }
    if (parsed.error !== undefined) {
      const letter = parsed.error.option.replace(/^--?/, "");
      this.err += `option \`${letter}' not supported.\n`;
      return 2;
    }
    if (parsed.operands.length < requiredOperands) {
      this.err += `'xl ${this.subcommand}' requires at least ${String(requiredOperands)} argument${requiredOperands > 1 ? "s" : ""}.\n\n`;
      this.out += this.help();
      return 2;
    }
    return parsed;
  }
}

/** An `xl` subcommand: fills `run.out`/`run.err` and returns the exit code. */
export type XlSubcommand = (run: XlRun) => Promise<number>;

/**
 * A libxl log line as xl prints it on stderr (`libxl: error: FILE:LINE:FUNC: Domain N:MESSAGE`).
 * File and function are libxl 4.17's; line numbers are indicative.
 */
export function libxlError(
  where: { file: string; line: number; func: string },
  domid: number | undefined,
  message: string,
): string {
  const domain = domid === undefined ? "" : `Domain ${String(domid)}:`;
  return `libxl: error: ${where.file}:${String(where.line)}:${where.func}: ${domain}${message}\n`;
}
