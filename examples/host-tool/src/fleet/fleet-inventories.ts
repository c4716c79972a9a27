import { loadInventory, type Inventory } from "@dom0kit/inventory";
import { CliError } from "../cli-error.js";
import type { Fleet, FleetHost } from "./parse-fleet.js";

/** A fleet host with its inventory loaded. */
export interface LoadedFleetHost extends FleetHost {
  readonly loaded: Inventory;
}

/**
 * Loads and validates every host's inventory before any host is touched. All
 * problems are reported together; a fleet with one bad inventory runs nowhere.
 *
 * @throws {@link CliError} naming each host whose inventory cannot be used.
 * @example
 * ```ts
 * const hosts = await loadFleetInventories(await loadFleet("fleet.yaml"));
 * ```
 */
export async function loadFleetInventories(fleet: Fleet): Promise<LoadedFleetHost[]> {
  const byPath = new Map<string, Promise<Inventory>>();
  const settled = await Promise.allSettled(
    fleet.hosts.map(async (host) => {
      let loading = byPath.get(host.inventory);
      if (loading === undefined) {
        loading = loadInventory(host.inventory);
        byPath.set(host.inventory, loading);
      }
      return { ...host, loaded: await loading };
    }),
  );
  const problems = settled.flatMap((result, index) =>
    result.status === "fulfilled"
      ? []
      : [`${fleet.hosts[index]?.name ?? "?"}: ${(result.reason as Error).message.split("\n").join("\n  ")}`],
  );
  if (problems.length > 0) {
    const count = problems.length;
    throw new CliError(
      `${count === 1 ? "1 host's inventory is" : `${String(count)} hosts' inventories are`} not usable; no host was touched:\n${problems.join("\n")}`,
      "fix each inventory (check one with `dom0kit inventory check -i FILE`), then run the command again",
      { code: "FLEET_INVENTORY_INVALID" },
    );
  }
  return settled.map((result) => (result as PromiseFulfilledResult<LoadedFleetHost>).value);
}
