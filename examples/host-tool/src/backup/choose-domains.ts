import type { Inventory, InventoryDomain } from "@dom0kit/inventory";
import { CliError, usageError } from "../cli-error.js";

/**
 * The domains a command names, or every domain whose backups are enabled with `--all`.
 *
 * @example
 * ```ts
 * chooseDomains(inventory, ["vm1"], false); // [vm1]
 * ```
 */
export function chooseDomains(
  inventory: Inventory,
  names: readonly string[],
  all: boolean,
): InventoryDomain[] {
  if (all && names.length > 0) throw usageError("give domain names or --all, not both");
  if (all) return inventory.domains.filter((domain) => domain.backup.enabled);
  if (names.length === 0) throw usageError("name the domains to back up, or pass --all");
  return names.map((name) => {
    const domain = inventory.domains.find((each) => each.name === name);
    if (domain === undefined) {
      throw new CliError(
        `no domain named ${name} in the inventory`,
        `domains: ${inventory.domains.map((each) => each.name).join(", ") || "none"}`,
      );
    }
    return domain;
  });
}
