import { dirname } from "node:path";
import { createReadStream } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command, CommandRunner } from "@dom0kit/runner";
import { decompressCommand } from "./compression.js";
import { BackupError } from "./errors.js";
import { HashCounter } from "./hash-counter.js";
import { readManifest, type ManifestDisk } from "./manifest.js";
import { isSafePath } from "./names.js";
import { isConsequentialFailure, messageOf } from "./stream-failure.js";
import { attachedDisks } from "./xl-list.js";

/**
 * What {@link restoreDisk} needs.
 *
 * @example
 * ```ts
 * const request: RestoreRequest = { backupDir, vdev: "xvda", target: "/dev/vg0/vm1-new", targetRunner: host, localRunner: local };
 * ```
 */
export interface RestoreRequest {
  /** A finished backup's directory. */
  readonly backupDir: string;
  /** Which disk to restore (its vdev, as in the manifest). */
  readonly vdev: string;
  /** Where to write it: a block device (`/dev/…`, written in place) or a file (written to `.partial`, renamed after the check). */
  readonly target: string;
  /** Runs the writer and the check where the target lives: the host's runner, or a local one for a local file. */
  readonly targetRunner: CommandRunner;
  /** Runs the decompressor where the archives are. */
  readonly localRunner: CommandRunner;
  /** Write even over a disk a running domain uses. @default false */
  readonly force?: boolean;
  /** Replace an existing file target. @default false */
  readonly overwrite?: boolean;
  readonly signal?: AbortSignal;
  /** Told the bytes written so far and the total. */
  readonly onProgress?: (bytes: number, totalBytes: number) => void;
}

/**
 * A restore that wrote the disk and read back exactly what the backup holds.
 *
 * @example
 * ```ts
 * const { rawSha256 } = await restoreDisk(request);
 * ```
 */
export interface RestoreResult {
  readonly target: string;
  readonly vdev: string;
  readonly rawBytes: number;
  readonly rawSha256: string;
  /**
   * Where the read-back came from: `"disk"` when the written range was dropped from
   * the target's page cache first (`dd iflag=nocache count=0`), so the check read
   * the device; `"page cache"` when dd could not drop it (then the check may have
   * read the pages just written, still in memory).
   */
  readonly readBackFrom: "disk" | "page cache";
  readonly durationMs: number;
}

const ANY_EXIT = Array.from({ length: 256 }, (_, code) => code);

function refused(message: string, target: string): BackupError {
  return new BackupError("BACKUP_RESTORE_REFUSED", message, { path: target, step: "check the target" });
}

async function checkTarget(request: RestoreRequest, disk: ManifestDisk, isDevice: boolean): Promise<void> {
  const runner = request.targetRunner;
  if (request.force !== true) {
    const listed = await runner
      .run({ file: "xl", args: ["list", "-l"], okExitCodes: ANY_EXIT })
      .catch(() => undefined);
    if (listed !== undefined && listed.exitCode === 0) {
      const user = attachedDisks(listed.stdout).find((each) => each.path === request.target);
      if (user !== undefined) {
        throw refused(
          `${request.target} is ${user.domain}'s disk ${user.vdev} and ${user.domain} is running: writing it would corrupt the live domain; shut ${user.domain} down first (or force the restore)`,
          request.target,
        );
      }
    }
  }
  if (isDevice) {
    const size = await runner
      .run({ file: "blockdev", args: ["--getsize64", request.target], okExitCodes: ANY_EXIT })
      .catch(() => undefined);
    const bytes = size?.exitCode === 0 ? Number(size.stdout.trim()) : Number.NaN;
    if (Number.isFinite(bytes) && bytes < disk.rawBytes) {
      throw refused(
        `${request.target} holds ${String(bytes)} bytes but ${disk.vdev}'s image is ${String(disk.rawBytes)}: it does not fit`,
        request.target,
      );
    }
    return;
  }
  const exists = await runner.run({
    file: "stat",
    args: ["-c", "%F", request.target],
    okExitCodes: ANY_EXIT,
  });
  if (exists.exitCode === 0 && request.overwrite !== true) {
    throw refused(`${request.target} exists: pass overwrite to replace it`, request.target);
  }
  // A file target's directory is made (as `install -D` would); nothing is written under the final name yet.
  await runner.run({ file: "mkdir", args: ["-p", "--", dirname(request.target)] });
}

/** `dd` writing stdin to `path`: fsynced; holes kept in files (never on devices, whose old data would show through). */
function writeCommand(path: string, isDevice: boolean): Command {
  return {
    file: "dd",
    args: [
      `of=${path}`,
      isDevice ? "bs=4M" : "bs=64K", // holes are found per output block: 64 KiB keeps a sparse image sparse
      "iflag=fullblock",
      `conv=${isDevice ? "fsync" : "sparse,fsync"}`,
      "status=none",
    ],
  };
}

/**
 * `dd` dropping `path`'s pages from the page cache (GNU dd: `nocache` with
 * `count=0` drops the whole file or device). After the fsynced write they are
 * clean, so the kernel lets them go and the read-back reads the disk.
 */
function dropCacheCommand(path: string): Command {
  return { file: "dd", args: [`if=${path}`, "iflag=nocache", "count=0", "status=none"], okExitCodes: [0, 1] };
}

/** `dd` reading the first `bytes` bytes of `path`, leaving no pages cached behind it. */
function readBackCommand(path: string, bytes: number): Command {
  return {
    file: "dd",
    args: [`if=${path}`, "bs=4M", "iflag=count_bytes,nocache", `count=${String(bytes)}`, "status=none"],
  };
}

async function writeImage(
  request: RestoreRequest,
  disk: ManifestDisk,
  path: string,
  isDevice: boolean,
): Promise<void> {
  const archive = new HashCounter();
  const raw = new HashCounter((bytes) => request.onProgress?.(bytes, disk.rawBytes));
  const signalOption = request.signal === undefined ? {} : { signal: request.signal };
  const decompress = decompressCommand(disk.archive.compression.algorithm);
  const source = createReadStream(`${request.backupDir}/${disk.archive.file}`, { highWaterMark: 1 << 20 });
  const parts: Promise<unknown>[] = [];
  let writerInput = raw;
  if (decompress === undefined) {
    parts.push(pipeline(source, raw));
  } else {
    parts.push(pipeline(source, archive));
    const decompressing = request.localRunner.stream(decompress, { stdin: archive, ...signalOption });
    parts.push(decompressing.done);
    parts.push(pipeline(decompressing.stdout, raw));
    writerInput = raw;
  }
  const writing = request.targetRunner.stream(writeCommand(path, isDevice), {
    stdin: writerInput,
    ...signalOption,
  });
  parts.push(pipeline(writing.stdout, new Writable({ write: (_chunk, _encoding, next) => next() })));
  parts.push(writing.done);
  const results = await Promise.allSettled(parts);
  const failures = results.flatMap((result) =>
    result.status === "rejected" ? [result.reason as unknown] : [],
  );
  if (failures.length > 0) {
    const cause = failures.find((failure) => !isConsequentialFailure(failure)) ?? failures[0];
    throw new BackupError(
      request.signal?.aborted === true ? "BACKUP_CANCELED" : "BACKUP_STEP_FAILED",
      `write ${disk.vdev} to ${path}: ${messageOf(cause)}`,
      { step: `write ${disk.vdev}`, path, cause },
    );
  }
  const archiveSha = decompress === undefined ? raw.sha256() : archive.sha256();
  if (archiveSha !== disk.archive.sha256 || raw.sha256() !== disk.rawSha256 || raw.bytes !== disk.rawBytes) {
    throw new BackupError(
      "BACKUP_VERIFY_FAILED",
      `the archive ${disk.archive.file} does not match its manifest (archive SHA-256 ${archiveSha}, data SHA-256 ${raw.sha256()}, ${String(raw.bytes)} bytes)`,
      { step: `write ${disk.vdev}`, path },
    );
  }
}

async function readBack(request: RestoreRequest, disk: ManifestDisk, path: string): Promise<string> {
  const hashed = new HashCounter();
  const reading = request.targetRunner.stream(readBackCommand(path, disk.rawBytes), {
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  const [piped, done] = await Promise.allSettled([
    pipeline(reading.stdout, hashed, new Writable({ write: (_chunk, _encoding, next) => next() })),
    reading.done,
  ]);
  const failed: unknown =
    done.status === "rejected" ? done.reason : piped.status === "rejected" ? piped.reason : undefined;
  if (failed !== undefined) {
    throw new BackupError("BACKUP_STEP_FAILED", `read back ${path}: ${messageOf(failed)}`, {
      step: `check ${disk.vdev}`,
      path,
      cause: failed,
    });
  }
  if (hashed.bytes !== disk.rawBytes || hashed.sha256() !== disk.rawSha256) {
    throw new BackupError(
      "BACKUP_VERIFY_FAILED",
      `check ${disk.vdev}: ${path} reads back as ${String(hashed.bytes)} bytes with SHA-256 ${hashed.sha256()}, but the backup holds ${String(disk.rawBytes)} bytes with SHA-256 ${disk.rawSha256}`,
      { step: `check ${disk.vdev}`, path },
    );
  }
  return hashed.sha256();
}

/**
 * Restores one disk of a backup to a file or block device, then reads the
 * target back and checks its SHA-256 against the manifest. The archive's own
 * SHA-256 is checked on the way. A file target is written to
 * `TARGET.dom0kit-restore.partial` (holes kept) and renamed only after the
 * check; a block device is written in place (its size checked first). A
 * target a running domain uses is refused unless forced.
 *
 * @throws {@link BackupError} `BACKUP_RESTORE_REFUSED`, `BACKUP_NOT_FOUND`, `BACKUP_VERIFY_FAILED`, `BACKUP_STEP_FAILED`.
 * @example
 * ```ts
 * await restoreDisk({
 *   backupDir: "/srv/backup/vm1/2024-01-15T12-00-00.000Z",
 *   vdev: "xvda",
 *   target: "/dev/vg0/vm1-restored",
 *   targetRunner: new ExecaRunner(),
 *   localRunner: new ExecaRunner(),
 * });
 * ```
 */
export async function restoreDisk(request: RestoreRequest): Promise<RestoreResult> {
  const started = performance.now();
  if (!isSafePath(request.target)) {
    throw new BackupError(
      "BACKUP_INPUT_INVALID",
      `invalid restore target ${JSON.stringify(request.target)}: expected an absolute path of letters, digits and _ . + @ / -`,
      { path: request.target },
    );
  }
  const manifest = await readManifest(request.backupDir);
  const disk = manifest.disks.find((each) => each.vdev === request.vdev);
  if (disk === undefined) {
    throw new BackupError(
      "BACKUP_NOT_FOUND",
      `backup ${manifest.domain} ${manifest.id} has no disk ${request.vdev}; it has ${manifest.disks.map((each) => each.vdev).join(", ")}`,
      { path: request.backupDir },
    );
  }
  const isDevice = request.target.startsWith("/dev/");
  await checkTarget(request, disk, isDevice);
  const writePath = isDevice ? request.target : `${request.target}.dom0kit-restore.partial`;
  try {
    await writeImage(request, disk, writePath, isDevice);
    const dropped = await request.targetRunner.run(
      dropCacheCommand(writePath),
      request.signal === undefined ? {} : { signal: request.signal },
    );
    const sha = await readBack(request, disk, writePath);
    if (!isDevice)
      await request.targetRunner.run({ file: "mv", args: ["-T", "--", writePath, request.target] });
    return {
      target: request.target,
      vdev: disk.vdev,
      rawBytes: disk.rawBytes,
      rawSha256: sha,
      readBackFrom: dropped.exitCode === 0 ? "disk" : "page cache",
      durationMs: performance.now() - started,
    };
  } catch (error) {
    if (!isDevice) {
      await request.targetRunner
        .run({ file: "rm", args: ["-f", "--", writePath], okExitCodes: ANY_EXIT })
        .catch(() => undefined);
    }
    if (error instanceof BackupError && isDevice) {
      throw new BackupError(
        error.code,
        `${error.message}\n  ${request.target} now holds an incomplete or unchecked image: restore again before using it`,
        { step: error.step, path: error.path, cause: error },
      );
    }
    throw error;
  }
}
