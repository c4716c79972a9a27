import { CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { DEFAULT_PARALLEL, type FleetCommandOptions } from "./fleet-options.js";
import { FleetFileError } from "./fleet-file-error.js";
import { loadFleetInventories, type LoadedFleetHost } from "./fleet-inventories.js";
import { loadFleet, type Fleet } from "./parse-fleet.js";

/** A fleet ready to run: the file, its hosts with their inventories, how many at once. */
export interface FleetRun {
  readonly fleet: Fleet;
  readonly hosts: readonly LoadedFleetHost[];
  readonly parallel: number;
  readonly failFast: boolean;
}

/**
 * Loads `--fleet FILE` and every host's inventory; `--parallel` wins over the
 * file's `defaults.parallel`, else {@link DEFAULT_PARALLEL}.
 *
 * @throws {@link CliError} when the fleet file or an inventory cannot be used (nothing has run yet).
 * @example
 * ```ts
 * const run = await prepareFleet(context, { fleet: "fleet.yaml", parallel: 8 });
 * ```
 */
export async function prepareFleet(
  context: CliContext,
  options: FleetCommandOptions & { readonly fleet: string },
): Promise<FleetRun> {
  let fleet: Fleet;
  try {
    fleet = await loadFleet(context.resolvePath(options.fleet));
  } catch (error) {
    if (!(error instanceof FleetFileError)) throw error;
    const count = error.issues.length;
    throw new CliError(
      count === 1 ? error.message : `${String(count)} problems in ${error.file}:\n${error.message}`,
      error.code === "FLEET_UNREADABLE"
        ? "pass the fleet file with --fleet FILE"
        : "fix the fleet file; docs/fleet.md describes its format",
      { code: error.code, cause: error },
    );
  }
  const hosts = await loadFleetInventories(fleet);
  return {
    fleet,
    hosts,
    parallel: options.parallel ?? fleet.parallel ?? DEFAULT_PARALLEL,
    failFast: options.failFast === true,
  };
}
