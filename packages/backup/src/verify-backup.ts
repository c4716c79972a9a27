import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommandRunner } from "@dom0kit/runner";
import { readManifest, type BackupManifest, type ManifestArchive } from "./manifest.js";
import { messageOf } from "./stream-failure.js";
import { verifyArchive, type VerifyDepth } from "./verify-archive.js";

/**
 * The verdict on one file of a backup.
 *
 * @example
 * ```ts
 * verdict.files.filter((file: FileVerdict) => !file.ok);
 * ```
 */
export interface FileVerdict {
  /** `xvda`, `state` or `config`. */
  readonly label: string;
  readonly file: string;
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/**
 * The verdict on a whole backup.
 *
 * @example
 * ```ts
 * const verdict: BackupVerification = await verifyBackup(dir, runner);
 * ```
 */
export interface BackupVerification {
  readonly dir: string;
  readonly manifest: BackupManifest;
  readonly ok: boolean;
  readonly files: readonly FileVerdict[];
}

/**
 * Options of {@link verifyBackup}.
 *
 * @example
 * ```ts
 * await verifyBackup(dir, runner, { depth: "archive", onFile: (file) => console.log(file.label, file.ok) });
 * ```
 */
export interface VerifyBackupOptions {
  /** @default "full" */
  readonly depth?: VerifyDepth;
  readonly signal?: AbortSignal;
  /** Told each file's verdict as it is reached. */
  readonly onFile?: (verdict: FileVerdict) => void;
}

/**
 * Verifies a finished backup against its manifest: for each disk and the RAM
 * state, the archive's SHA-256 and size, the compressor's own integrity
 * check, and (at `full` depth, the default) the SHA-256 and size of the
 * decompressed data; the config file's SHA-256. What vzdump never does.
 *
 * @throws {@link BackupError} `BACKUP_MANIFEST_INVALID` when there is no valid manifest.
 * @example
 * ```ts
 * const verdict = await verifyBackup("/srv/backup/vm1/2024-01-15T12-00-00.000Z", new ExecaRunner());
 * if (!verdict.ok) process.exitCode = 1;
 * ```
 */
export async function verifyBackup(
  dir: string,
  localRunner: CommandRunner,
  options: VerifyBackupOptions = {},
): Promise<BackupVerification> {
  const manifest = await readManifest(dir);
  const depth = options.depth ?? "full";
  const files: FileVerdict[] = [];
  const record = (verdict: FileVerdict): void => {
    files.push(verdict);
    options.onFile?.(verdict);
  };
  const checkArchive = async (
    label: string,
    archive: ManifestArchive,
    rawBytes: number,
    rawSha256: string,
  ) => {
    const check = await verifyArchive(
      join(dir, archive.file),
      {
        algorithm: archive.compression.algorithm,
        archiveBytes: archive.bytes,
        archiveSha256: archive.sha256,
        rawBytes,
        rawSha256,
      },
      localRunner,
      depth,
      options.signal,
    );
    record({ label, file: archive.file, ok: check.ok, problems: check.problems });
  };
  for (const disk of manifest.disks)
    await checkArchive(disk.vdev, disk.archive, disk.rawBytes, disk.rawSha256);
  if (manifest.state !== null) {
    await checkArchive("state", manifest.state.archive, manifest.state.rawBytes, manifest.state.rawSha256);
  }
  if (manifest.config !== null) {
    const problems: string[] = [];
    try {
      const text = await readFile(join(dir, manifest.config.file));
      const sha = createHash("sha256").update(text).digest("hex");
      if (sha !== manifest.config.sha256)
        problems.push(`SHA-256 is ${sha}, the manifest says ${manifest.config.sha256}`);
    } catch (error) {
      problems.push(`cannot read it: ${messageOf(error)}`);
    }
    record({ label: "config", file: manifest.config.file, ok: problems.length === 0, problems });
  }
  return { dir, manifest, ok: files.every((file) => file.ok), files };
}
