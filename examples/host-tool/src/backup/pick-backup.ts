import type { BackupEntry } from "@dom0kit/backup";
import { CliError } from "../cli-error.js";

/**
 * Finds one finished backup: by id, or the newest (`latest`, the default).
 *
 * @example
 * ```ts
 * pickBackup(await listBackups(dir, "vm1"), "vm1", "latest").path;
 * ```
 */
export function pickBackup(
  entries: readonly BackupEntry[],
  domain: string,
  id: string | undefined,
): BackupEntry {
  const complete = entries.filter((entry) => entry.domain === domain && entry.status === "complete");
  const found =
    id === undefined || id === "latest" ? complete.at(-1) : complete.find((entry) => entry.id === id);
  if (found === undefined) {
    throw new CliError(
      id === undefined || id === "latest"
        ? `${domain} has no finished backup`
        : `${domain} has no finished backup ${id}`,
      complete.length === 0
        ? "run `dom0kit backup run` first"
        : `its backups: ${complete.map((entry) => entry.id).join(", ")}`,
    );
  }
  return found;
}
