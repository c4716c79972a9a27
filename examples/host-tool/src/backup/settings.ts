import {
  isBackupError,
  parseBackupSettings,
  type BackupSettings,
  type BackupSettingsInput,
} from "@dom0kit/backup";
import type { Inventory, InventoryDomain } from "@dom0kit/inventory";
import { CliError, usageError } from "../cli-error.js";

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
  try {
    return parseBackupSettings(input);
  } catch (error) {
    throw settingsError(error, domain?.name, overrides);
  }
}

/** Each settings field: the option that overrides it, and where the inventory sets it. */
const SOURCES: Readonly<Record<string, { option?: string; inventory?: string }>> = {
  dir: { option: "--dir", inventory: "host.backup.dir" },
  mode: { option: "--mode", inventory: "backup.mode" },
  compression: { option: "--compression", inventory: "backup.compression" },
  compressionLevel: { option: "--level" },
  compressionThreads: { option: "--threads" },
  bandwidth: { option: "--bandwidth", inventory: "host.backup.bandwidth" },
  ioniceLevel: { option: "--ionice-level", inventory: "host.backup.ioniceLevel" },
  snapshotSize: { option: "--snapshot-size", inventory: "backup.snapshotSize" },
  deviceDisks: { option: "--device-disks" },
  lockWaitMs: { option: "--lock-wait" },
  keep: { inventory: "backup.keep" },
};

const OVERRIDE_OF: Readonly<Record<string, keyof BackupOverrides>> = {
  compressionLevel: "level",
  compressionThreads: "threads",
  lockWaitMs: "lockWait",
};

interface SettingsIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** One line naming the setting, where its value came from, and what is accepted. */
function settingsError(error: unknown, domain: string | undefined, overrides: BackupOverrides): unknown {
  if (!isBackupError(error, "BACKUP_INPUT_INVALID")) return error;
  const issues = (error.cause as { issues?: readonly SettingsIssue[] } | undefined)?.issues ?? [];
  const issue = issues[0];
  if (issue === undefined) return error;
  const field = String(issue.path[0] ?? "settings");
  const source = SOURCES[field] ?? {};
  const given = overrides[OVERRIDE_OF[field] ?? (field as keyof BackupOverrides)] !== undefined;
  const inventoryPath =
    source.inventory === undefined
      ? undefined
      : source.inventory.startsWith("host.")
        ? source.inventory
        : `domains[${domain ?? "?"}].${source.inventory}${issue.path.length > 1 ? `.${issue.path.slice(1).map(String).join(".")}` : ""}`;
  const where = given && source.option !== undefined ? source.option : (inventoryPath ?? field);
  const others = issues.length > 1 ? ` (and ${String(issues.length - 1)} more)` : "";
  const message = `${where}: ${issue.message}${others}`;
  const hint =
    given && source.option !== undefined
      ? `fix ${source.option}, or leave it out to use the inventory's setting`
      : `fix ${where} in the inventory${source.option === undefined ? "" : `, or override it with ${source.option}`}`;
  return given ? usageError(message, hint) : new CliError(message, hint, { cause: error });
}
