import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { AtomicFile } from "./atomic-file.js";
import { BACKUP_ID_PATTERN } from "./backup-id.js";
import { BackupError } from "./errors.js";
import { MANIFEST_FILE } from "./layout.js";
import { DOMAIN_NAME_PATTERN } from "./names.js";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: "expected a hex SHA-256" });
const fileName = z.string().regex(/^[A-Za-z0-9_.+-]+$/, { error: "expected a plain file name" });
const count = z.number().int().nonnegative();

/**
 * How an archive was compressed.
 *
 * @example
 * ```ts
 * manifestCompressionSchema.parse({ algorithm: "zstd", level: 3, threads: 0 });
 * ```
 */
export const manifestCompressionSchema = z.strictObject({
  algorithm: z.enum(["zstd", "pigz", "gzip", "none"]),
  level: z.number().int().optional(),
  threads: z.number().int().optional(),
});

/**
 * One archive file in the backup directory.
 *
 * @example
 * ```ts
 * manifestArchiveSchema.parse(manifest.disks[0]?.archive);
 * ```
 */
export const manifestArchiveSchema = z.strictObject({
  file: fileName,
  bytes: count,
  sha256,
  compression: manifestCompressionSchema,
});

/**
 * One disk of the domain, as backed up.
 *
 * @example
 * ```ts
 * manifestDiskSchema.parse(manifest.disks[0]);
 * ```
 */
export const manifestDiskSchema = z.strictObject({
  vdev: z.string(),
  /** The disk's backing store on the host. */
  source: z.string(),
  kind: z.enum(["lv", "device", "file"]),
  /** How the data was taken. */
  method: z.enum(["snapshot", "paused-copy", "direct"]),
  /** The LVM snapshot read, for `snapshot`. */
  snapshot: z.string().optional(),
  /** Size of the disk: the bytes read. */
  rawBytes: count,
  rawSha256: sha256,
  archive: manifestArchiveSchema,
});

/**
 * The manifest of a finished backup (`manifest.json`, written last, after
 * every archive verified). Versioned: `format` and `version` say how to read it.
 *
 * @example
 * ```ts
 * const manifest = manifestSchema.parse(JSON.parse(await readFile("manifest.json", "utf8")));
 * ```
 */
export const manifestSchema = z.strictObject({
  format: z.literal("dom0kit-backup"),
  version: z.literal(1),
  id: z.string().regex(BACKUP_ID_PATTERN),
  domain: z.string().regex(DOMAIN_NAME_PATTERN),
  /** The dom0 the domain ran on. */
  host: z.string(),
  mode: z.enum(["consistent", "legacy", "live"]),
  /** The domain's state when the backup started. */
  domainState: z.enum(["running", "paused", "stopped"]),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  /** How long the domain was paused or stopped, in ms (0 in live mode or for a stopped domain). */
  downtimeMs: z.number().nonnegative(),
  dom0kitVersion: z.string(),
  disks: z.array(manifestDiskSchema).min(1),
  /** The domain's xl config as read from the host, stored as is. */
  config: z.strictObject({ file: fileName, source: z.string(), bytes: count, sha256 }).nullable(),
  /** The RAM state from `xl save`, when one was taken. */
  state: z.strictObject({ rawBytes: count, rawSha256: sha256, archive: manifestArchiveSchema }).nullable(),
  /** The check every archive passed before this manifest was written. */
  verified: z.strictObject({ at: z.iso.datetime(), depth: z.enum(["archive", "full"]) }),
});

/**
 * A backup's manifest.
 *
 * @example
 * ```ts
 * const manifest: BackupManifest = await readManifest("/srv/backup/vm1/2024-01-15T12-00-00.000Z");
 * ```
 */
export type BackupManifest = z.output<typeof manifestSchema>;
/**
 * One disk entry of a manifest.
 *
 * @example
 * ```ts
 * const disk: ManifestDisk | undefined = manifest.disks.find((each) => each.vdev === "xvda");
 * ```
 */
export type ManifestDisk = z.output<typeof manifestDiskSchema>;
/**
 * One archive entry of a manifest.
 *
 * @example
 * ```ts
 * const archive: ManifestArchive | undefined = manifest.state?.archive;
 * ```
 */
export type ManifestArchive = z.output<typeof manifestArchiveSchema>;

/**
 * Reads and validates `<backupDir>/manifest.json`.
 *
 * @throws {@link BackupError} `BACKUP_MANIFEST_INVALID` when it is missing, not JSON, or not a dom0kit manifest.
 * @example
 * ```ts
 * const manifest = await readManifest("/srv/backup/vm1/2024-01-15T12-00-00.000Z");
 * manifest.disks.map((disk) => disk.archive.file); // ["xvda.img.zst"]
 * ```
 */
export async function readManifest(backupDir: string): Promise<BackupManifest> {
  const path = join(backupDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new BackupError("BACKUP_MANIFEST_INVALID", `cannot read ${path}: ${(error as Error).message}`, {
      path,
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BackupError("BACKUP_MANIFEST_INVALID", `${path} is not JSON: ${(error as Error).message}`, {
      path,
      cause: error,
    });
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BackupError(
      "BACKUP_MANIFEST_INVALID",
      `${path} is not a dom0kit backup manifest (version 1): ${issue?.path.map(String).join(".") || "(top)"}: ${issue?.message ?? "invalid"}`,
      { path, cause: result.error },
    );
  }
  return result.data;
}

/**
 * Writes `<backupDir>/manifest.json` atomically (`.partial`, fsync, rename,
 * fsync the directory), after validating it.
 *
 * @example
 * ```ts
 * await writeManifest("/srv/backup/vm1/2024-01-15T12-00-00.000Z.partial", manifest);
 * ```
 */
export async function writeManifest(backupDir: string, manifest: BackupManifest): Promise<void> {
  const checked = manifestSchema.parse(manifest);
  const file = await AtomicFile.create(join(backupDir, MANIFEST_FILE));
  try {
    await file.write(`${JSON.stringify(checked, null, 2)}\n`);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}
