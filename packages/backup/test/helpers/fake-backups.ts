import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { backupIdFor } from "../../src/backup-id.js";
import { writeManifest, type BackupManifest } from "../../src/manifest.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** A valid manifest for `domain` taken at `time` (archives not written). */
export function fakeManifest(domain: string, time: Date, archiveBytes = 100): BackupManifest {
  const id = backupIdFor(time);
  return {
    format: "dom0kit-backup",
    version: 1,
    id,
    domain,
    host: "dom0-a",
    mode: "consistent",
    domainState: "running",
    startedAt: time.toISOString(),
    finishedAt: new Date(time.getTime() + 60_000).toISOString(),
    downtimeMs: 1200,
    dom0kitVersion: "0.0.0",
    disks: [
      {
        vdev: "xvda",
        source: `/dev/vg0/${domain}-disk`,
        kind: "lv",
        method: "snapshot",
        snapshot: `vg0/${domain}-disk-dom0kit-x`,
        rawBytes: 1000,
        rawSha256: sha("raw"),
        archive: {
          file: "xvda.img.zst",
          bytes: archiveBytes,
          sha256: sha("archive"),
          compression: { algorithm: "zstd", level: 3, threads: 0 },
        },
      },
    ],
    config: null,
    state: null,
    verified: { at: time.toISOString(), depth: "archive" },
  };
}

/** Writes a finished-looking backup directory with a manifest; returns its path. */
export async function writeFakeBackup(
  root: string,
  domain: string,
  time: Date,
  archiveBytes = 100,
): Promise<string> {
  const manifest = fakeManifest(domain, time, archiveBytes);
  const dir = join(root, domain, manifest.id);
  await mkdir(dir, { recursive: true });
  await writeManifest(dir, manifest);
  return dir;
}

/** Writes the leftovers of killed runs and a failure report. */
export async function writeLeftovers(
  root: string,
  domain: string,
  times: { partial?: Date; pruning?: Date; failed?: Date; damaged?: Date },
): Promise<void> {
  await mkdir(join(root, domain), { recursive: true });
  if (times.partial) await mkdir(join(root, domain, `${backupIdFor(times.partial)}.partial`));
  if (times.pruning) await mkdir(join(root, domain, `${backupIdFor(times.pruning)}.pruning`));
  if (times.failed) await writeFile(join(root, domain, `${backupIdFor(times.failed)}.failed.json`), "{}\n");
  if (times.damaged) await mkdir(join(root, domain, backupIdFor(times.damaged)));
}
