import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { simBackupStore } from "./store.js";

/**
 * The backup directory a command reads: `--dir` (relative to here), the
 * simulated host's store, or the inventory's `host.backup.dir`.
 *
 * @example
 * ```ts
 * await backupDir(context, command, undefined); // "/var/backup/xen"
 * ```
 */
export async function backupDir(
  context: CliContext,
  command: Command,
  dir: string | undefined,
): Promise<string> {
  if (dir !== undefined) return context.resolvePath(dir);
  const inventory = await context.inventory(command);
  const configured = simBackupStore(context, command, inventory) ?? inventory.host.backup?.dir;
  if (configured === undefined) {
    throw new CliError(
      "no backup directory: the inventory has no host.backup.dir",
      "set host.backup.dir in the inventory, or pass --dir DIR",
    );
  }
  return configured;
}
