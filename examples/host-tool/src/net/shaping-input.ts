import type { Inventory } from "@dom0kit/inventory";
import { ShapingInputError, type DomainShapingInput, type ShapingInput } from "@dom0kit/tc-builder";

/**
 * A shaping input made from an inventory, and where each of its domUs came from.
 * @example
 * ```ts
 * const { input, sources, notes } = shapingFromInventory(inventory);
 * ```
 */
export interface InventoryShaping {
  readonly input: ShapingInput;
  /** For each entry of `input.domains`, its YAML path in the inventory (`domains[2].network[0]`). */
  readonly sources: readonly string[];
  /** Things in the inventory that cannot be shaped as written. */
  readonly notes: readonly string[];
}

/**
 * Maps an inventory onto tc-builder's model: the host's physical interface
 * and uplink rate; one entry per domU interface (named after the domU, or
 * `domU/vif` for its second and later interfaces, so class ids stay stable
 * when an interface is added), with `rate.in` toward it and `rate.out` /
 * `rate.ceil` away from it.
 *
 * @example
 * ```ts
 * const { input } = shapingFromInventory(await loadInventory("dom0kit.yaml"), 250);
 * ```
 */
export function shapingFromInventory(inventory: Inventory, hz?: number): InventoryShaping {
  const sources: string[] = [];
  const notes: string[] = [];
  const domains: DomainShapingInput[] = [];
  inventory.domains.forEach((domain, domainIndex) => {
    domain.network.forEach((nic, nicIndex) => {
      const source = `domains[${String(domainIndex)}].network[${String(nicIndex)}]`;
      const rate = nic.rate;
      if (rate?.ceil !== undefined && rate.out === undefined) {
        notes.push(`${source}.rate.ceil: ignored — a ceiling needs a guaranteed rate.out`);
      }
      sources.push(source);
      domains.push({
        name: nicIndex === 0 ? domain.name : `${domain.name}/${nic.vifname}`,
        vif: nic.vifname,
        ips: [...nic.ips],
        mac: nic.mac,
        ...(rate?.in === undefined ? {} : { in: { rate: rate.in } }),
        ...(rate?.out === undefined
          ? {}
          : { out: { rate: rate.out, ...(rate.ceil === undefined ? {} : { ceil: rate.ceil }) } }),
      });
    });
  });
  return {
    input: {
      uplink: { interface: inventory.host.network.interface, rate: inventory.host.network.uplink },
      domains,
      ...(hz === undefined ? {} : { hz }),
    },
    sources,
    notes,
  };
}

const FIELD_PATHS: readonly [RegExp, string][] = [
  [/^\.in\.rate$/u, ".rate.in"],
  [/^\.out\.rate$/u, ".rate.out"],
  [/^\.out\.ceil$/u, ".rate.ceil"],
  [/^\.vif$/u, ".vifname"],
  [/^\.ips(\[\d+\])?$/u, ".ips$1"],
];

/**
 * Rewrites a shaping problem's path (`domains[3].out.ceil`) as the inventory
 * path it came from (`domains[1].network[0].rate.ceil`).
 *
 * @example
 * ```ts
 * inventoryPath("uplink.rate", []); // "host.network.uplink"
 * ```
 */
export function inventoryPath(path: string, sources: readonly string[]): string {
  if (path === "uplink.rate") return "host.network.uplink";
  if (path === "uplink.interface") return "host.network.interface";
  const match = /^domains\[(\d+)\](.*)$/u.exec(path);
  const source = match === null ? undefined : sources[Number(match[1])];
  if (match === null || source === undefined) return path;
  const rest = match[2] ?? "";
  for (const [pattern, replacement] of FIELD_PATHS)
    if (pattern.test(rest)) return `${source}${rest.replace(pattern, replacement)}`;
  return `${source}${rest}`;
}

/**
 * The same error with each problem's path pointing into the inventory.
 *
 * @example
 * ```ts
 * throw toInventoryPaths(error, shaping.sources);
 * ```
 */
export function toInventoryPaths(error: ShapingInputError, sources: readonly string[]): ShapingInputError {
  return new ShapingInputError(
    error.problems.map((problem) => ({ ...problem, path: inventoryPath(problem.path, sources) })),
    { cause: error },
  );
}
