import type { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command, CommandRunner } from "@dom0kit/runner";
import { AtomicFile } from "./atomic-file.js";
import { BackupError } from "./errors.js";
import { HashCounter } from "./hash-counter.js";
import { errnoCode, isConsequentialFailure, isPipeTeardown, messageOf } from "./stream-failure.js";
import { Throttle } from "./throttle.js";

/**
 * What {@link streamToArchive} needs.
 *
 * @example
 * ```ts
 * const request: ArchiveStreamRequest = { hostRunner, read: readCommand("/dev/vg0/snap", settings), localRunner, target, label: "xvda", sourcePath: "/dev/vg0/snap" };
 * ```
 */
export interface ArchiveStreamRequest {
  /** Runs the reader (on the host: local, simulated, or over SSH). */
  readonly hostRunner: CommandRunner;
  /** The reader: writes the raw bytes to stdout (`ionice … dd if=SNAPSHOT bs=4M status=none`). */
  readonly read: Command;
  /** Runs the compressor where the archive is written. */
  readonly localRunner: CommandRunner;
  /** The compressor (stdin → stdout), or undefined to store the raw bytes. */
  readonly compress?: Command | undefined;
  /** The archive's final path; bytes go to `target.partial` until everything succeeded. */
  readonly target: string;
  /** Names the steps in errors and events: `read xvda`, `compress xvda`, `write xvda`. */
  readonly label: string;
  /** What is read, for messages (`/dev/vg0/vm1-disk-dom0kit-…`). */
  readonly sourcePath: string;
  /** Cap on the raw read rate. @default no cap */
  readonly bytesPerSecond?: number | undefined;
  /** Fail when no data moved for this long. @default 600000 */
  readonly stallTimeoutMs?: number | undefined;
  /** Cancels the copy: every process is killed and the partial file removed. */
  readonly signal?: AbortSignal | undefined;
  /** Told the raw bytes read so far, after each chunk. */
  readonly onProgress?: ((rawBytes: number) => void) | undefined;
  /** Which backup this copy belongs to, for error details. */
  readonly domain?: string | undefined;
}

/**
 * What one archive holds, hashed as it was written.
 *
 * @example
 * ```ts
 * const { rawSha256, archiveSha256 } = await streamToArchive(request);
 * ```
 */
export interface ArchiveStreamResult {
  /** Bytes read from the source. */
  readonly rawBytes: number;
  /** SHA-256 of the bytes read. */
  readonly rawSha256: string;
  /** Bytes written to the archive. */
  readonly archiveBytes: number;
  /** SHA-256 of the archive file. */
  readonly archiveSha256: string;
  readonly durationMs: number;
}

type Part = "read" | "compress" | "write" | "stall" | "hash";

interface Failure {
  readonly part: Part;
  readonly error: unknown;
}

/** Chooses the failure that caused the others: a real error before the ones it triggered. */
function rootCause(failures: readonly Failure[]): Failure | undefined {
  const real = failures.filter(({ part, error }) => part === "stall" || !isConsequentialFailure(error));
  const byPart = (part: Part) => real.find((failure) => failure.part === part);
  return (
    byPart("write") ??
    byPart("stall") ??
    byPart("compress") ??
    byPart("read") ??
    byPart("hash") ??
    failures[0]
  );
}

function describeFailure(failure: Failure, request: ArchiveStreamRequest, stallMs: number): BackupError {
  const details = { domain: request.domain, cause: failure.error };
  const label = request.label;
  switch (failure.part) {
    case "stall":
      return new BackupError(
        "BACKUP_STEP_FAILED",
        `read ${label}: no data from ${request.sourcePath} for ${String(Math.round(stallMs / 1000))} s; the reader was stopped`,
        { ...details, step: `read ${label}`, path: request.sourcePath },
      );
    case "read":
      return new BackupError(
        "BACKUP_STEP_FAILED",
        `read ${label}: reading ${request.sourcePath} failed: ${messageOf(failure.error)}`,
        { ...details, step: `read ${label}`, path: request.sourcePath },
      );
    case "compress":
      return new BackupError("BACKUP_STEP_FAILED", `compress ${label}: ${messageOf(failure.error)}`, {
        ...details,
        step: `compress ${label}`,
      });
    case "write": {
      const code = errnoCode(failure.error);
      if (code === "ENOSPC" || code === "EDQUOT") {
        return new BackupError(
          "BACKUP_NO_SPACE",
          `write ${label}: no space left on the device holding ${request.target} (${code}); the partial archive was removed`,
          { ...details, step: `write ${label}`, path: request.target },
        );
      }
      return new BackupError(
        "BACKUP_STEP_FAILED",
        `write ${label}: writing ${request.target} failed: ${messageOf(failure.error)}`,
        { ...details, step: `write ${label}`, path: request.target },
      );
    }
    case "hash":
      return new BackupError("BACKUP_STEP_FAILED", `read ${label}: ${messageOf(failure.error)}`, {
        ...details,
        step: `read ${label}`,
        path: request.sourcePath,
      });
  }
}

/**
 * The data path of a backup: reads a disk on the host through the runner's
 * streaming call, hashes the raw bytes (SHA-256), caps the rate, pipes them
 * through the compressor, hashes the archive (SHA-256) and writes it to
 * `target.partial` — all in one pass, in constant memory, with backpressure
 * from the disk writer back to the reader on the host. Only when the reader,
 * the compressor and every write succeeded is the file fsynced, renamed to
 * `target` and the directory fsynced. On any failure or cancellation every
 * process is stopped, the partial file is removed, and a {@link BackupError}
 * names the step that failed (`read xvda`, `compress xvda`, `write xvda`).
 *
 * @example
 * ```ts
 * const result = await streamToArchive({
 *   hostRunner: new ExecaRunner(),
 *   read: readCommand("/dev/vg0/vm1-disk", { ioniceClass: "best-effort", ioniceLevel: 7 }),
 *   localRunner: new ExecaRunner(),
 *   compress: compressCommand({ algorithm: "zstd", level: 3, threads: 0 }),
 *   target: "/srv/backup/xvda.img.zst",
 *   label: "xvda",
 *   sourcePath: "/dev/vg0/vm1-disk",
 * });
 * result.rawSha256;
 * ```
 */
export async function streamToArchive(request: ArchiveStreamRequest): Promise<ArchiveStreamResult> {
  const started = performance.now();
  const stallMs = request.stallTimeoutMs ?? 600_000;
  const failures: Failure[] = [];
  const controller = new AbortController();
  let canceled = false;
  let grace: NodeJS.Timeout | undefined;
  const fail = (part: Part, error: unknown): void => {
    failures.push({ part, error });
    // A broken pipe is a consequence: give the process that caused it a moment to report its
    // own exit (a killed compressor must be named, not the reader it left behind).
    if (part !== "stall" && isConsequentialFailure(error))
      grace ??= setTimeout(() => controller.abort(), 2000);
    else controller.abort();
  };
  const onOuterAbort = (): void => {
    canceled = true;
    controller.abort();
  };
  if (request.signal?.aborted === true) onOuterAbort();
  request.signal?.addEventListener("abort", onOuterAbort, { once: true });

  let file: AtomicFile;
  try {
    file = await AtomicFile.create(request.target);
  } catch (error) {
    request.signal?.removeEventListener("abort", onOuterAbort);
    throw describeFailure({ part: "write", error }, request, stallMs);
  }

  const stall = setTimeout(() => fail("stall", new Error("stalled")), stallMs);
  const alive = (): void => {
    stall.refresh();
  };
  const raw = new HashCounter((bytes) => {
    alive();
    request.onProgress?.(bytes);
  });
  const archive = request.compress === undefined ? raw : new HashCounter(alive);

  const read = request.hostRunner.stream(request.read, { signal: controller.signal });
  const rawStages: (Readable | Transform)[] = [read.stdout, raw];
  if (request.bytesPerSecond !== undefined) rawStages.push(new Throttle(request.bytesPerSecond));

  const settled: Promise<unknown>[] = [read.done.catch((error: unknown) => fail("read", error))];
  if (request.compress === undefined) {
    settled.push(
      pipeline([...rawStages, file.stream()]).catch((error: unknown) =>
        fail(errnoCode(error) !== undefined || !isPipeTeardown(error) ? "write" : "hash", error),
      ),
    );
  } else {
    const rawEnd = rawStages.at(-1) as Readable;
    settled.push(
      pipeline(rawStages as [Readable, ...Transform[]]).catch((error: unknown) => fail("hash", error)),
    );
    const compressing = request.localRunner.stream(request.compress, {
      stdin: rawEnd,
      signal: controller.signal,
    });
    settled.push(compressing.done.catch((error: unknown) => fail("compress", error)));
    settled.push(
      pipeline(compressing.stdout, archive, file.stream()).catch((error: unknown) =>
        fail(isPipeTeardown(error) ? "compress" : "write", error),
      ),
    );
  }
  await Promise.all(settled);
  clearTimeout(stall);
  clearTimeout(grace);
  request.signal?.removeEventListener("abort", onOuterAbort);

  if (canceled || failures.length > 0) {
    await file.discard();
    if (canceled) {
      throw new BackupError(
        "BACKUP_CANCELED",
        `canceled while copying ${request.label}; the partial archive was removed`,
        {
          step: `read ${request.label}`,
          domain: request.domain,
        },
      );
    }
    throw describeFailure(rootCause(failures) as Failure, request, stallMs);
  }
  try {
    await file.commit();
  } catch (error) {
    await file.discard();
    throw describeFailure({ part: "write", error }, request, stallMs);
  }
  return {
    rawBytes: raw.bytes,
    rawSha256: raw.sha256(),
    archiveBytes: archive.bytes,
    archiveSha256: archive.sha256(),
    durationMs: performance.now() - started,
  };
}
