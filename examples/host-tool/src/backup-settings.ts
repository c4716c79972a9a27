import { parseBackupSettings, type BackupSettings, type BackupSettingsInput } from "@dom0kit/backup";
import type { Inventory, InventoryDomain } from "@dom0kit/inventory";
import { CliError } from "./cli-error.js";

/** Backup options given on the command line; each overrides the inventory. */
export interface BackupOverrides {
  readonly dir?: string | undefined;
  readonly mode?: string | undefined;
  readonly compression?: string | undefined;
  readonly level?: number | undefined;
  readonly threads?: number | undefined;
  readonly bandwidth?: string | undefined;
  readonly ioniceLevel?: number | undefined;
  readonly snapshotSize?: string | undefined;
  readonly deviceDisks?: string | undefined;
  readonly lockWait?: number | undefined;
  readonly spaceCheck?: boolean | undefined;
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, each]) => each !== undefined)) as Partial<T>;
}

/**
 * A domain's backup settings: the host's `backup` section (dir, ioniceLevel,
 * bandwidth) and the domain's `backup` policy (mode, compression,
 * snapshotSize, keep) from the inventory, with command-line overrides on top.
 *
 * @example
 * ```ts
 * const settings = backupSettingsFor(inventory, domain, { compression: "pigz" });
 * ```
 */
export function backupSettingsFor(
  inventory: Inventory,
  domain: InventoryDomain | undefined,
  overrides: BackupOverrides,
): BackupSettings {
  const dir = overrides.dir ?? inventory.host.backup?.dir;
  if (dir === undefined) {
    throw new CliError(
      "no backup directory: the inventory has no host.backup.dir",
      "set host.backup.dir in the inventory, or pass --dir DIR",
    );
  }
  const policy = domain?.backup;
  const input: BackupSettingsInput = {
    dir,
    ...defined({
      mode: policy?.mode,
      compression: policy?.compression,
      snapshotSize: policy?.snapshotSize,
      keep: policy?.keep,
      ioniceLevel: inventory.host.backup?.ioniceLevel,
      bandwidth: inventory.host.backup?.bandwidth,
    }),
    ...defined({
      mode: overrides.mode,
      compression: overrides.compression,
      compressionLevel: overrides.level,
      compressionThreads: overrides.threads,
      bandwidth: overrides.bandwidth,
      ioniceLevel: overrides.ioniceLevel,
      snapshotSize: overrides.snapshotSize,
      deviceDisks: overrides.deviceDisks,
      lockWaitMs: overrides.lockWait === undefined ? undefined : overrides.lockWait * 1000,
      spaceCheck: overrides.spaceCheck,
    }),
  } as BackupSettingsInput;
  return parseBackupSettings(input);
}
