import type { Command } from "commander";
import { domainLockName, HostLock, isSafePath, listBackups, restoreDisk } from "@dom0kit/backup";
import { ExecaRunner } from "@dom0kit/runner";
import { usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { backupDir } from "./backup-dir.js";
import { pickBackup } from "./pick-backup.js";
import { backupReporter, progressStyle } from "./progress.js";

/** Restore progress is reported at most this often. */
const PROGRESS_INTERVAL_MS = 250;

/** The options of `dom0kit backup restore`, as commander parses them. */
export interface RestoreOptions {
  readonly dir?: string;
  readonly disk: string;
  readonly to: string;
  readonly local?: boolean;
  readonly force?: boolean;
  readonly overwrite?: boolean;
  readonly progress: boolean;
  readonly lockDir: string;
}

/** How the restore's check read the disk back, for the line it ends with. */
function readBackText(from: "disk" | "page cache"): string {
  return from === "disk"
    ? "read back from the disk and checked"
    : "read back and checked, but dd could not drop the page cache: it may have read the pages just written";
}

/**
 * `dom0kit backup restore DOMAIN [ID] --disk VDEV --to PATH`: writes one disk
 * back under the domain's lock, with progress, then reads it back and checks
 * its SHA-256.
 *
 * @example
 * ```ts
 * await backupRestoreCommand(context, command, "vm1", "latest", { disk: "xvda", to: "/dev/vg0/vm1-restored", progress: true, lockDir: "/run/lock" });
 * ```
 */
export async function backupRestoreCommand(
  context: CliContext,
  command: Command,
  domain: string,
  id: string | undefined,
  options: RestoreOptions,
) {
  const entries = await listBackups(await backupDir(context, command, options.dir), domain);
  const entry = pickBackup(entries, domain, id);
  const out = context.output(command);
  const local = options.local === true;
  const target = local ? context.resolvePath(options.to) : options.to;
  const disks = entry.manifest?.disks.map((disk) => disk.vdev) ?? [];
  if (!disks.includes(options.disk)) {
    throw usageError(
      `${domain} ${entry.id} has no disk ${options.disk}`,
      `its disks: ${disks.join(", ") || "none"}; pass one with --disk`,
    );
  }
  if (!isSafePath(target)) {
    throw usageError(
      `--to ${JSON.stringify(options.to)}: not a usable target path`,
      local
        ? "give a path of letters, digits and _ . + @ / - (relative to here with --local)"
        : "give an absolute path on the host of letters, digits and _ . + @ / - (or --local for a path here)",
    );
  }
  if (context.options(command).dryRun) {
    out.line(
      `would restore ${domain} ${entry.id} disk ${options.disk} to ${target}${local ? " (on this machine)" : " (on the host)"}, then read it back and check its SHA-256`,
    );
    return;
  }
  const hostRunner = context.hostRunner(command);
  const lock = await HostLock.acquire(hostRunner, options.lockDir, domainLockName(domain));
  const json = context.options(command).json;
  const style = progressStyle(context.io, { json, progress: options.progress });
  const reporter = backupReporter(context.io, out, style);
  try {
    reporter.onEvent({
      type: "copy-start",
      domain,
      label: options.disk,
      source: entry.path,
      totalBytes: entry.manifest?.disks.find((disk) => disk.vdev === options.disk)?.rawBytes ?? 0,
    });
    const started = performance.now();
    let lastProgress = 0;
    const result = await restoreDisk({
      backupDir: entry.path,
      vdev: options.disk,
      target,
      targetRunner: local ? new ExecaRunner() : hostRunner,
      localRunner: new ExecaRunner(),
      force: options.force === true,
      overwrite: options.overwrite === true,
      signal: context.signal,
      onProgress: (bytes, total) => {
        // At most four progress events a second (a 2 GiB disk is 32,768 chunks).
        const now = performance.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS && bytes < total) return;
        lastProgress = now;
        const seconds = Math.max((now - started) / 1000, 0.001);
        const rate = bytes / seconds;
        reporter.onEvent({
          type: "progress",
          domain,
          label: options.disk,
          bytes,
          totalBytes: total,
          bytesPerSecond: rate,
          etaSeconds: rate > 0 ? (total - bytes) / rate : 0,
        });
      },
    });
    reporter.stop();
    if (json) out.json({ type: "restored", domain, id: entry.id, ...result });
    else
      out.line(
        `restored ${domain} ${entry.id} ${result.vdev} to ${result.target}: ${String(result.rawBytes)} bytes, SHA-256 ${result.rawSha256} (${readBackText(result.readBackFrom)})`,
      );
  } finally {
    reporter.stop();
    await lock.release();
  }
}
