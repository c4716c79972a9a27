import {
  backupIdFor,
  disksFromXlConfig,
  planBackup,
  readConfigText,
  readDomain,
  readLogicalVolumes,
  withDiskSizes,
  type BackupPlan,
  type BackupSettings,
  type DomainDisk,
} from "@dom0kit/backup";
import type { CommandRunner } from "@dom0kit/runner";
import { CliError } from "../cli-error.js";

/**
 * The domain's disks as its xl config on the host lists them (what `backup run` reads too).
 *
 * @throws {@link CliError} when the host has no config for the domain.
 * @example
 * ```ts
 * await hostDisks(runner, "horatio"); // [{ vdev: "xvda", source: "/dev/denmark/horatio", kind: "lv", … }]
 * ```
 */
export async function hostDisks(runner: CommandRunner, domain: string): Promise<DomainDisk[]> {
  const path = `/etc/xen/${domain}.cfg`;
  const text = await readConfigText(runner, path);
  if (text === undefined) {
    throw new CliError(
      `no config at ${path} on the host, so ${domain}'s disks are unknown`,
      "create the domain's config first",
    );
  }
  return disksFromXlConfig(text, path, await readLogicalVolumes(runner));
}

/**
 * What `dom0kit backup run` would do to a domain now: its disks and state
 * read from the host, planned with the settings (for `--dry-run` and `plan`).
 *
 * @example
 * ```ts
 * const backup = await planHostBackup(runner, "horatio", settings);
 * backup.freeze.steps.map((step) => step.description); // ["prepare /var/lib/xen/save", "save horatio and leave it paused", …]
 * ```
 */
export async function planHostBackup(
  runner: CommandRunner,
  domain: string,
  settings: BackupSettings,
): Promise<BackupPlan> {
  const volumes = await readLogicalVolumes(runner);
  const disks = await withDiskSizes(runner, await hostDisks(runner, domain), volumes);
  const entry = await readDomain(runner, domain);
  return planBackup({
    domain,
    id: backupIdFor(new Date()),
    state: entry?.state ?? "stopped",
    disks,
    settings,
  });
}
