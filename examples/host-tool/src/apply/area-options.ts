import type { Command } from "commander";
import type { AreaOptions } from "../areas/area.js";
import type { CliContext } from "../context.js";

/** What `plan`, `apply` and `render` accept besides the global options. */
export interface AreaCommandOptions {
  /** `--only config,sched`: the areas to include. */
  readonly only?: string;
  /** `--console-program FILE`: the dom0kit-console menu program to install. */
  readonly consoleProgram?: string;
}

/**
 * Adds `--only` and `--console-program` to a command that works area by area.
 *
 * @example
 * ```ts
 * withAreaOptions(program.command("plan")).action(…);
 * ```
 */
export function withAreaOptions(command: Command): Command {
  return command
    .option(
      "--only <areas>",
      "comma-separated areas: config, boot, sched, net, io, console, backup (default: all)",
    )
    .option(
      "--console-program <file>",
      "the dom0kit-console menu program to install (default: the one bundled with @dom0kit/console-gate)",
    );
}

/**
 * The {@link AreaOptions} the command line gave, paths resolved.
 *
 * @example
 * ```ts
 * areaOptionsOf(context, { consoleProgram: "dist/dom0kit-console.js" });
 * ```
 */
export function areaOptionsOf(context: CliContext, options: AreaCommandOptions): AreaOptions {
  return options.consoleProgram === undefined
    ? {}
    : { consoleProgram: context.resolvePath(options.consoleProgram) };
}
