import { open, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExecaRunner } from "@dom0kit/runner";
import { testTempDir } from "@dom0kit/test-support";
import { writeSparseImage } from "../test/helpers/images.js";
import { compressCommand, compressionChoice } from "./compression.js";
import { readCommand } from "./plan-backup.js";
import type { CompressionAlgorithm } from "./settings.js";
import { streamToArchive } from "./stream-archive.js";
import { verifyArchive } from "./verify-archive.js";

const runner = new ExecaRunner();

async function archived(algorithm: CompressionAlgorithm) {
  const dir = await testTempDir();
  const source = join(dir, "disk.img");
  await writeSparseImage(source, 1 << 20);
  const target = join(dir, "xvda.img");
  const result = await streamToArchive({
    hostRunner: runner,
    read: readCommand(source, { ioniceClass: "best-effort", ioniceLevel: 7 }),
    localRunner: runner,
    compress: compressCommand(compressionChoice(algorithm, undefined, 0)),
    target,
    label: "xvda",
    sourcePath: source,
  });
  return { target, expected: { algorithm, ...result } };
}

async function flipByte(path: string, offset: number): Promise<void> {
  const file = await open(path, "r+");
  const byte = Buffer.alloc(1);
  await file.read(byte, 0, 1, offset);
  byte[0] = (byte[0] ?? 0) ^ 0xff;
  await file.write(byte, 0, 1, offset);
  await file.close();
}

describe("verifyArchive", () => {
  it.each(["zstd", "pigz", "gzip", "none"] as const)(
    "passes an intact %s archive at both depths",
    async (algorithm) => {
      const { target, expected } = await archived(algorithm);
      expect((await verifyArchive(target, expected, runner, "archive")).ok).toBe(true);
      expect(await verifyArchive(target, expected, runner, "full")).toMatchObject({
        ok: true,
        rawSha256: expected.rawSha256,
      });
    },
  );

  it.each(["zstd", "gzip"] as const)(
    "catches one flipped byte in a %s archive, with the compressor's own test",
    async (algorithm) => {
      const { target, expected } = await archived(algorithm);
      await flipByte(target, Math.floor(expected.archiveBytes / 2));
      const check = await verifyArchive(target, expected, runner, "archive");
      expect(check.ok).toBe(false);
      expect(check.problems.join("\n")).toMatch(
        new RegExp(`${algorithm} -t rejected the archive|archive SHA-256 is`),
      );
    },
  );

  it("catches a truncated archive", async () => {
    const { target, expected } = await archived("zstd");
    await truncate(target, Math.floor(expected.archiveBytes / 3));
    const check = await verifyArchive(target, expected, runner, "full");
    expect(check.ok).toBe(false);
    expect(check.problems.join("\n")).toMatch(/zstd -d rejected the archive/);
  });

  it("catches an uncompressed archive whose data changed", async () => {
    const { target, expected } = await archived("none");
    await flipByte(target, 10);
    expect((await verifyArchive(target, expected, runner, "full")).problems).toEqual([
      expect.stringMatching(/^archive SHA-256 is [0-9a-f]{64}, the manifest says/),
    ]);
  });

  it("reports a missing archive", async () => {
    const dir = await testTempDir();
    await writeFile(join(dir, "unrelated"), "x");
    const check = await verifyArchive(
      join(dir, "gone.img.zst"),
      {
        algorithm: "zstd",
        archiveBytes: 1,
        archiveSha256: "0".repeat(64),
        rawBytes: 1,
        rawSha256: "0".repeat(64),
      },
      runner,
      "full",
    );
    expect(check.ok).toBe(false);
    expect(check.problems.join("\n")).toMatch(/ENOENT|could not be read/);
  });
});
