import { join } from "node:path";
import type { Command } from "commander";
import type { Inventory } from "@dom0kit/inventory";
import type { CliContext } from "./context.js";
import { simDirOf } from "./host-runner.js";

/**
 * Where backups of the target host go when `--dir` is not given, if not the
 * inventory's `host.backup.dir`: for a simulated dom0, inside its state
 * directory (`<sim>/backups/<host.backup.dir>`), so trying dom0kit on a laptop
 * never writes to this machine's /var/backup. Real hosts: undefined (the
 * inventory's directory, on the machine running dom0kit).
 *
 * @example
 * ```ts
 * simBackupStore(context, command, inventory); // "/home/me/.local/state/dom0kit/sim/backups/var/backup/xen"
 * ```
 */
export function simBackupStore(
  context: CliContext,
  command: Command,
  inventory: Inventory,
): string | undefined {
  const target = context.hostTarget(command);
  const configured = inventory.host.backup?.dir;
  if (target.kind !== "sim" || configured === undefined) return undefined;
  return join(simDirOf(target, context.io.env), "backups", configured);
}
