import {
  archiveBytesOf,
  formatBytes,
  type BackupEntry,
  type BackupPlan,
  type BackupVerification,
  type PrunePlan,
} from "@dom0kit/backup";
import { formatCommand } from "@dom0kit/runner";
import type { Output } from "../output.js";

/**
 * Prints a planned backup for `--dry-run`: the host steps with their undo, the
 * copies, and the cleanup.
 *
 * @example
 * ```ts
 * printBackupPlan(out, planBackup(input));
 * ```
 */
export function printBackupPlan(out: Output, backup: BackupPlan): void {
  out.heading(`# ${backup.domain}: ${backup.mode} backup (domain ${backup.domainState})`);
  for (const note of backup.notes) out.line(`# note: ${note}`);
  let number = 0;
  for (const step of backup.freeze.steps) {
    number += 1;
    out.line(`${String(number)}. ${step.description}`);
    out.line(`   ${formatCommand(step.command)}`);
    if (step.undo !== undefined) out.line(`   undo: ${formatCommand(step.undo.command)}`);
  }
  for (const copy of backup.copies) {
    number += 1;
    out.line(`${String(number)}. copy ${copy.disk.vdev} (${copy.method}) → ${copy.archive}`);
    out.line(
      `   read ${copy.readPath} on the host; SHA-256, ${backup.compression.algorithm}, SHA-256, .partial, fsync`,
    );
  }
  if (backup.state !== undefined) {
    number += 1;
    out.line(`${String(number)}. copy the RAM state → ${backup.state.archive}`);
  }
  for (const action of backup.release.finally) {
    number += 1;
    out.line(`${String(number)}. always: ${action.description}`);
    out.line(`   ${formatCommand(action.command)}`);
  }
  out.line(
    `${String(number + 1)}. verify every archive, write manifest.json last, rename ${backup.id}.partial → ${backup.id}`,
  );
  out.line();
}

/**
 * Prints the entries of a backup directory as a table.
 *
 * @example
 * ```ts
 * printBackupList(out, await listBackups("/srv/backup"));
 * ```
 */
export function printBackupList(out: Output, entries: readonly BackupEntry[]): void {
  if (entries.length === 0) {
    out.line("no backups");
    return;
  }
  out.table(
    [
      { heading: "DOMAIN" },
      { heading: "BACKUP" },
      { heading: "STATUS" },
      { heading: "MODE" },
      { heading: "DISKS" },
      { heading: "DATA", align: "right" },
      { heading: "ARCHIVES", align: "right" },
      { heading: "DOWNTIME", align: "right" },
    ],
    entries.map((entry) => {
      const manifest = entry.manifest;
      if (manifest === undefined) return [entry.domain, entry.id, entry.status, "", "", "", "", ""];
      return [
        entry.domain,
        entry.id,
        entry.status,
        manifest.mode,
        manifest.disks.map((disk) => disk.vdev).join(","),
        formatBytes(manifest.disks.reduce((sum, disk) => sum + disk.rawBytes, 0)),
        formatBytes(archiveBytesOf(manifest)),
        `${(manifest.downtimeMs / 1000).toFixed(1)} s`,
      ];
    }),
  );
  for (const entry of entries.filter((each) => each.status === "damaged")) {
    out.note(`warning: ${entry.domain} ${entry.id} looks finished but is damaged: ${entry.problem ?? ""}`);
  }
}

/**
 * Prints one backup's verification, file by file.
 *
 * @example
 * ```ts
 * printVerification(out, await verifyBackup(dir, runner));
 * ```
 */
export function printVerification(out: Output, verdict: BackupVerification): void {
  out.heading(`${verdict.manifest.domain} ${verdict.manifest.id}: ${verdict.ok ? "ok" : "FAILED"}`);
  for (const file of verdict.files) {
    out.line(`  ${file.ok ? "ok    " : "FAILED"} ${file.label.padEnd(7)} ${file.file}`);
    for (const problem of file.problems) out.line(`         ${problem}`);
  }
}

/**
 * Prints what prune keeps and removes (and what it leaves alone).
 *
 * @example
 * ```ts
 * printPrune(out, prune, true);
 * ```
 */
export function printPrune(out: Output, prune: PrunePlan, dryRun: boolean): void {
  out.heading(`${prune.domain}:`);
  if (prune.keep.length + prune.remove.length + prune.untouched.length === 0) {
    out.line("  no backups");
    return;
  }
  for (const kept of prune.keep) out.line(`  keep    ${kept.id} (${kept.reason})`);
  for (const removal of prune.remove) {
    out.line(
      `  ${dryRun ? "would remove" : "remove"} ${removal.id} ${removal.status === "complete" ? "" : `[${removal.status}] `}(${removal.why})`,
    );
  }
  for (const left of prune.untouched) out.line(`  leave   ${left.id}: ${left.why}`);
}
