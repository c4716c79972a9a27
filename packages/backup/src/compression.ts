import type { Command } from "@dom0kit/runner";
import type { CompressionAlgorithm } from "./settings.js";

/**
 * A compressor and how it was asked to run; stored in the manifest.
 *
 * @example
 * ```ts
 * const choice: CompressionChoice = { algorithm: "zstd", level: 3, threads: 0 };
 * ```
 */
export interface CompressionChoice {
  readonly algorithm: CompressionAlgorithm;
  /** The level passed to the compressor (none for `none`). */
  readonly level?: number;
  /** Threads for zstd and pigz: 0 = one per CPU (none for gzip and `none`). */
  readonly threads?: number;
}

const DEFAULT_LEVEL: Readonly<Record<Exclude<CompressionAlgorithm, "none">, number>> = {
  zstd: 3,
  pigz: 6,
  gzip: 6,
};

const EXTENSION: Readonly<Record<CompressionAlgorithm, string>> = {
  zstd: ".zst",
  pigz: ".gz",
  gzip: ".gz",
  none: "",
};

/**
 * The compressor a backup uses, with the defaults filled in.
 *
 * @example
 * ```ts
 * compressionChoice("zstd", undefined, 0); // { algorithm: "zstd", level: 3, threads: 0 }
 * compressionChoice("gzip", 9, 4);         // { algorithm: "gzip", level: 9 }
 * ```
 */
export function compressionChoice(
  algorithm: CompressionAlgorithm,
  level: number | undefined,
  threads: number,
): CompressionChoice {
  if (algorithm === "none") return { algorithm };
  const chosen = level ?? DEFAULT_LEVEL[algorithm];
  if (algorithm === "gzip") return { algorithm, level: chosen };
  return { algorithm, level: chosen, threads };
}

/**
 * The file name suffix of an archive: `.zst`, `.gz`, or nothing for `none`.
 *
 * @example
 * ```ts
 * archiveExtension("pigz"); // ".gz"
 * ```
 */
export function archiveExtension(algorithm: CompressionAlgorithm): string {
  return EXTENSION[algorithm];
}

/**
 * The command that compresses stdin to stdout, or undefined for `none` (the
 * raw bytes are the archive).
 *
 * @example
 * ```ts
 * compressCommand({ algorithm: "zstd", level: 3, threads: 0 });
 * // { file: "zstd", args: ["-3", "-T0", "-q", "-c", "--no-progress"] }
 * ```
 */
export function compressCommand(choice: CompressionChoice): Command | undefined {
  const level = `-${String(choice.level ?? "")}`;
  switch (choice.algorithm) {
    case "zstd":
      return { file: "zstd", args: [level, `-T${String(choice.threads ?? 0)}`, "-q", "-c", "--no-progress"] };
    case "pigz":
      return {
        file: "pigz",
        args: [
          level,
          ...(choice.threads === undefined || choice.threads === 0 ? [] : ["-p", String(choice.threads)]),
          "-c",
        ],
      };
    case "gzip":
      return { file: "gzip", args: [level, "-c"] };
    case "none":
      return undefined;
  }
}

/**
 * The command that decompresses stdin to stdout — checking the format's own
 * checksums exactly as the `-t` test does — or undefined for `none`.
 *
 * @example
 * ```ts
 * decompressCommand("gzip"); // { file: "gzip", args: ["-d", "-c"] }
 * ```
 */
export function decompressCommand(algorithm: CompressionAlgorithm): Command | undefined {
  switch (algorithm) {
    case "zstd":
      return { file: "zstd", args: ["-d", "-q", "-c", "--no-progress"] };
    case "pigz":
      return { file: "pigz", args: ["-d", "-c"] };
    case "gzip":
      return { file: "gzip", args: ["-d", "-c"] };
    case "none":
      return undefined;
  }
}

/**
 * The compressor's own integrity test of an archive read from stdin
 * (`zstd -t`, `pigz -t`, `gzip -t`), or undefined for `none`.
 *
 * @example
 * ```ts
 * testCommand("zstd"); // { file: "zstd", args: ["-t", "-q", "--no-progress"] }
 * ```
 */
export function testCommand(algorithm: CompressionAlgorithm): Command | undefined {
  switch (algorithm) {
    case "zstd":
      return { file: "zstd", args: ["-t", "-q", "--no-progress"] };
    case "pigz":
      return { file: "pigz", args: ["-t"] };
    case "gzip":
      return { file: "gzip", args: ["-t"] };
    case "none":
      return undefined;
  }
}
