import { createReadStream } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { CommandRunner } from "@dom0kit/runner";
import { decompressCommand, testCommand } from "./compression.js";
import { HashCounter } from "./hash-counter.js";
import type { CompressionAlgorithm } from "./settings.js";
import { isConsequentialFailure, messageOf } from "./stream-failure.js";

/**
 * What an archive should be, from the manifest.
 *
 * @example
 * ```ts
 * const expected: ArchiveExpectation = { algorithm: "zstd", ...written };
 * ```
 */
export interface ArchiveExpectation {
  readonly algorithm: CompressionAlgorithm;
  readonly archiveSha256: string;
  readonly archiveBytes: number;
  readonly rawSha256: string;
  readonly rawBytes: number;
}

/**
 * How thoroughly to check.
 *
 * @example
 * ```ts
 * await verifyArchive(path, expected, runner, "full" satisfies VerifyDepth);
 * ```
 */
export type VerifyDepth =
  /** Archive SHA-256 and the compressor's own test (`zstd -t`, `gzip -t`, `pigz -t`). */
  | "archive"
  /** Also decompress and check the raw data's SHA-256 and size (the decompressor checks the format's checksums as `-t` does). */
  | "full";

/**
 * The verdict on one archive.
 *
 * @example
 * ```ts
 * const check: ArchiveCheck = await verifyArchive(path, expected, runner, "archive");
 * ```
 */
export interface ArchiveCheck {
  readonly ok: boolean;
  /** What was wrong, one line each (empty when ok). */
  readonly problems: readonly string[];
  readonly archiveSha256: string;
  readonly archiveBytes: number;
  /** Only for `full` (and for uncompressed archives). */
  readonly rawSha256?: string;
  readonly rawBytes?: number;
}

function sink(): Writable {
  return new Writable({ write: (_chunk, _encoding, next) => next() });
}

/**
 * Re-reads an archive and checks it against what was recorded when it was
 * written: its SHA-256 and size, the compressor's integrity test and, at
 * `full` depth, the SHA-256 of the decompressed data — all in one pass over
 * the file.
 *
 * @example
 * ```ts
 * const disk = manifest.disks[0]!;
 * const expected = {
 *   algorithm: disk.archive.compression.algorithm,
 *   archiveSha256: disk.archive.sha256,
 *   archiveBytes: disk.archive.bytes,
 *   rawSha256: disk.rawSha256,
 *   rawBytes: disk.rawBytes,
 * };
 * const check = await verifyArchive(join(backupDir, disk.archive.file), expected, new ExecaRunner(), "full");
 * if (!check.ok) console.error(check.problems.join("\n"));
 * ```
 */
export async function verifyArchive(
  path: string,
  expected: ArchiveExpectation,
  localRunner: CommandRunner,
  depth: VerifyDepth,
  signal?: AbortSignal,
): Promise<ArchiveCheck> {
  const problems: string[] = [];
  const archive = new HashCounter();
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const command = depth === "full" ? decompressCommand(expected.algorithm) : testCommand(expected.algorithm);
  let raw: HashCounter | undefined;
  let complete = true;
  if (command === undefined) {
    try {
      await pipeline(source, archive, sink(), ...(signal === undefined ? [] : [{ signal }]));
    } catch (error) {
      complete = false;
      problems.push(`cannot read ${path}: ${messageOf(error)}`);
    }
    raw = archive;
  } else {
    const run = localRunner.stream(command, { stdin: archive, ...(signal === undefined ? {} : { signal }) });
    if (depth === "full") raw = new HashCounter();
    const results = await Promise.allSettled([
      pipeline(source, archive),
      raw === undefined ? pipeline(run.stdout, sink()) : pipeline(run.stdout, raw, sink()),
      run.done,
    ]);
    const [reading, , testing] = results;
    if (reading?.status === "rejected") {
      complete = false;
      if (!isConsequentialFailure(reading.reason))
        problems.push(`cannot read ${path}: ${messageOf(reading.reason)}`);
    }
    if (testing?.status === "rejected") {
      problems.push(
        `${command.file} ${depth === "full" ? "-d" : "-t"} rejected the archive: ${messageOf(testing.reason)}`,
      );
    }
  }
  signal?.throwIfAborted();
  if (!complete && problems.length === 0) problems.push(`${path} could not be read to the end`);
  if (complete && archive.bytes !== expected.archiveBytes) {
    problems.push(
      `archive is ${String(archive.bytes)} bytes, the manifest says ${String(expected.archiveBytes)}`,
    );
  }
  const archiveSha256 = archive.sha256();
  if (complete && archiveSha256 !== expected.archiveSha256) {
    problems.push(`archive SHA-256 is ${archiveSha256}, the manifest says ${expected.archiveSha256}`);
  }
  if (raw !== undefined && problems.length === 0) {
    if (raw.bytes !== expected.rawBytes) {
      problems.push(
        `decompressed data is ${String(raw.bytes)} bytes, the manifest says ${String(expected.rawBytes)}`,
      );
    }
    if (raw.sha256() !== expected.rawSha256) {
      problems.push(`decompressed data SHA-256 is ${raw.sha256()}, the manifest says ${expected.rawSha256}`);
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    archiveSha256,
    archiveBytes: archive.bytes,
    ...(raw === undefined ? {} : { rawSha256: raw.sha256(), rawBytes: raw.bytes }),
  };
}
