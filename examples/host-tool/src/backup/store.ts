import { join } from "node:path";
import type { Command } from "commander";
import type { Inventory } from "@dom0kit/inventory";
import type { CliContext } from "../context.js";
import { simDirOf, type HostRunnerEnv } from "../host-runner.js";
import type { HostTarget } from "../host-target.js";

/**
 * Where a host's backups are kept (on the machine running dom0kit): the
 * inventory's `host.backup.dir`; for a simulated dom0, inside its state
 * directory (`<sim>/backups/<host.backup.dir>`), so trying dom0kit on a laptop
 * never writes to this machine's /var/backup. Undefined when the inventory
 * names no backup directory.
 *
 * @example
 * ```ts
 * backupStoreOf({ kind: "sim", dir: "/tmp/sim" }, inventory, {}); // "/tmp/sim/backups/var/backup/xen"
 * ```
 */
export function backupStoreOf(
  target: HostTarget,
  inventory: Inventory,
  env: HostRunnerEnv,
): string | undefined {
  const configured = inventory.host.backup?.dir;
  if (configured === undefined || target.kind !== "sim") return configured;
  return join(simDirOf(target, env), "backups", configured);
}

/**
 * {@link backupStoreOf} for a simulated `--host` only (undefined otherwise, so
 * a real host's settings keep the inventory's directory).
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
  return target.kind === "sim" ? backupStoreOf(target, inventory, context.io.env) : undefined;
}
