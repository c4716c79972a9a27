import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { parseBackupId } from "./backup-id.js";
import { isBackupError } from "./errors.js";
import { FAILED_SUFFIX, PARTIAL_SUFFIX, PRUNING_SUFFIX } from "./layout.js";
import { readManifest, type BackupManifest } from "./manifest.js";
import { isDomainName } from "./names.js";

/**
 * What an entry in a domain's backup directory is.
 *
 * @example
 * ```ts
 * const unfinished = entries.filter((entry) => entry.status === "partial");
 * ```
 */
export type BackupEntryStatus =
  /** A finished backup with a valid manifest. */
  | "complete"
  /** Named like a finished backup but its manifest is missing or invalid: do not trust it. */
  | "damaged"
  /** Being written (or left by a process that was killed). */
  | "partial"
  /** Being deleted by prune (or left by a prune that was killed). */
  | "pruning"
  /** The error report of a failed attempt. */
  | "failed";

/**
 * One entry of a backup directory.
 *
 * @example
 * ```ts
 * const [newest] = (await listBackups("/srv/backup", "vm1")).filter((entry) => entry.status === "complete").reverse();
 * ```
 */
export interface BackupEntry {
  readonly domain: string;
  readonly id: string;
  readonly time: Date;
  readonly status: BackupEntryStatus;
  readonly path: string;
  /** For `complete`. */
  readonly manifest?: BackupManifest;
  /** For `damaged`: why. */
  readonly problem?: string;
}

async function entriesOf(dir: string): Promise<{ name: string; isDirectory: boolean }[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).map((entry) => ({
      name: entry.name,
      isDirectory: entry.isDirectory(),
    }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

function classify(name: string, isDirectory: boolean): { id: string; status: BackupEntryStatus } | undefined {
  const suffixes: [string, BackupEntryStatus, boolean][] = [
    [PARTIAL_SUFFIX, "partial", true],
    [PRUNING_SUFFIX, "pruning", true],
    [FAILED_SUFFIX, "failed", false],
  ];
  for (const [suffix, status, wantsDirectory] of suffixes) {
    if (name.endsWith(suffix) && isDirectory === wantsDirectory) {
      const id = name.slice(0, -suffix.length);
      return parseBackupId(id) === undefined ? undefined : { id, status };
    }
  }
  return isDirectory && parseBackupId(name) !== undefined ? { id: name, status: "complete" } : undefined;
}

/**
 * Lists the backups of one domain (or every domain) under a backup
 * directory, oldest first: finished ones with their manifests, and partial,
 * pruning, damaged and failed entries so nothing goes unnoticed. Files that
 * are not dom0kit's are ignored.
 *
 * @example
 * ```ts
 * const complete = (await listBackups("/srv/backup", "vm1")).filter((entry) => entry.status === "complete");
 * ```
 */
export async function listBackups(dir: string, domain?: string): Promise<BackupEntry[]> {
  const domains =
    domain !== undefined
      ? [domain]
      : (await entriesOf(dir))
          .filter((entry) => entry.isDirectory && isDomainName(entry.name))
          .map((entry) => entry.name);
  const found: BackupEntry[] = [];
  for (const name of domains) {
    const domainDir = join(dir, name);
    for (const entry of await entriesOf(domainDir)) {
      const kind = classify(entry.name, entry.isDirectory);
      if (kind === undefined) continue;
      const path = join(domainDir, entry.name);
      const base = { domain: name, id: kind.id, time: parseBackupId(kind.id) as Date, path };
      if (kind.status !== "complete") {
        found.push({ ...base, status: kind.status });
        continue;
      }
      try {
        const manifest = await readManifest(path);
        if (manifest.domain !== name || manifest.id !== kind.id) {
          found.push({
            ...base,
            status: "damaged",
            problem: `its manifest is for ${manifest.domain} ${manifest.id}, not ${name} ${kind.id}`,
          });
        } else {
          found.push({ ...base, status: "complete", manifest });
        }
      } catch (error) {
        if (!isBackupError(error, "BACKUP_MANIFEST_INVALID")) throw error;
        found.push({ ...base, status: "damaged", problem: error.message });
      }
    }
  }
  return found.sort((a, b) => a.time.getTime() - b.time.getTime() || a.domain.localeCompare(b.domain));
}

/**
 * Total archive bytes of a finished backup (disks and RAM state).
 *
 * @example
 * ```ts
 * archiveBytesOf(manifest); // 734003200
 * ```
 */
export function archiveBytesOf(manifest: BackupManifest): number {
  return (
    manifest.disks.reduce((sum, disk) => sum + disk.archive.bytes, 0) +
    (manifest.state?.archive.bytes ?? 0) +
    (manifest.config?.bytes ?? 0)
  );
}
