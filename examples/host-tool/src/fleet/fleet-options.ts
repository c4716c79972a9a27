import { InvalidArgumentError, type Command } from "commander";
import { usageError } from "../cli-error.js";
import { MAX_PARALLEL } from "./fleet-schema.js";

/** What `--fleet` commands accept. */
export interface FleetCommandOptions {
  /** `--fleet FILE`: run on every host of this fleet file. */
  readonly fleet?: string;
  /** `--parallel N`: hosts at once. */
  readonly parallel?: number;
  /** `--fail-fast`: stop at the first host that fails. */
  readonly failFast?: boolean;
}

/** The number of hosts a fleet command runs at once unless told. */
export const DEFAULT_PARALLEL = 4;

function parseParallel(text: string): number {
  const number = Number(text);
  if (!/^[0-9]+$/.test(text) || number < 1 || number > MAX_PARALLEL)
    throw new InvalidArgumentError(`must be a whole number from 1 to ${String(MAX_PARALLEL)}`);
  return number;
}

/**
 * Adds `--fleet FILE`, `--parallel N` and (with `failFast`) `--fail-fast` to a command.
 *
 * @example
 * ```ts
 * withFleetOptions(program.command("status"), { failFast: false }).action(…);
 * ```
 */
export function withFleetOptions(command: Command, options: { readonly failFast: boolean }): Command {
  command
    .option("--fleet <file>", "run on every host of a fleet file (see docs/fleet.md) instead of --host")
    .option(
      "--parallel <n>",
      `with --fleet: how many hosts run at once (default: the file's defaults.parallel, else ${String(DEFAULT_PARALLEL)})`,
      parseParallel,
    );
  if (options.failFast)
    command.option(
      "--fail-fast",
      "with --fleet: stop at the first host that fails (hosts not started are skipped, running ones canceled)",
    );
  return command;
}

/**
 * Refuses fleet options that cannot work together: `--parallel`/`--fail-fast`
 * without `--fleet`, and `--fleet` with `--host` or `--inventory` (a fleet file
 * names each host's target and inventory).
 *
 * @throws {@link CliError} a usage error (exit 2).
 * @example
 * ```ts
 * if (checkFleetUsage(command, options)) return applyFleet(…);
 * ```
 * @returns true when the command runs on a fleet.
 */
export function checkFleetUsage(command: Command, options: FleetCommandOptions): boolean {
  if (options.fleet === undefined) {
    const given = [
      ...(options.parallel === undefined ? [] : ["--parallel"]),
      ...(options.failFast === true ? ["--fail-fast"] : []),
    ];
    if (given.length > 0)
      throw usageError(
        `${given.join(" and ")} only ${given.length === 1 ? "works" : "work"} with --fleet`,
        "add --fleet FILE, or drop them",
      );
    return false;
  }
  const clashing = [
    ["host", "--host"],
    ["inventory", "--inventory"],
  ]
    .filter(([key]) => (command.getOptionValueSourceWithGlobals(key as string) ?? "default") !== "default")
    .map(([, flag]) => flag);
  if (clashing.length > 0)
    throw usageError(
      `--fleet cannot be combined with ${clashing.join(" or ")}`,
      "the fleet file names each host's target and inventory; drop one or the other",
    );
  return true;
}
