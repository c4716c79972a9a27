import { createHash, randomBytes } from "node:crypto";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExecaRunner } from "@dom0kit/runner";
import { testTempDir } from "@dom0kit/test-support";
import { compressCommand, compressionChoice, decompressCommand } from "./compression.js";
import { isBackupError } from "./errors.js";
import { readCommand } from "./plan-backup.js";
import { streamToArchive } from "./stream-archive.js";
import { verifyArchive } from "./verify-archive.js";

const runner = new ExecaRunner();
const priority = { ioniceClass: "best-effort", ioniceLevel: 7 } as const;

async function image(dir: string, bytes: number): Promise<{ path: string; sha: string; data: Buffer }> {
  const data = Buffer.concat([
    randomBytes(bytes / 2),
    Buffer.alloc(bytes / 4),
    Buffer.from("text ".repeat(bytes / 20)),
  ]);
  const path = join(dir, "disk.img");
  await writeFile(path, data);
  return { path, sha: createHash("sha256").update(data).digest("hex"), data };
}

describe("streamToArchive", () => {
  it.each(["zstd", "pigz", "gzip", "none"] as const)(
    "hashes raw and archive in one pass with %s",
    async (algorithm) => {
      const dir = await testTempDir();
      const source = await image(dir, 1 << 20);
      const choice = compressionChoice(algorithm, undefined, 0);
      const target = join(dir, `out.img`);
      const result = await streamToArchive({
        hostRunner: runner,
        read: readCommand(source.path, priority),
        localRunner: runner,
        compress: compressCommand(choice),
        target,
        label: "xvda",
        sourcePath: source.path,
      });
      expect(result.rawSha256).toBe(source.sha);
      expect(result.rawBytes).toBe(source.data.length);
      const written = await readFile(target);
      expect(result.archiveBytes).toBe(written.length);
      expect(result.archiveSha256).toBe(createHash("sha256").update(written).digest("hex"));
      expect(await readdir(dir)).not.toContain("out.img.partial");
      const check = await verifyArchive(target, { algorithm, ...result }, runner, "full");
      expect(check).toMatchObject({ ok: true, rawSha256: source.sha });
      if (algorithm !== "none") {
        const back = runner.stream(decompressCommand(algorithm)!, {
          stdin: (await import("node:fs")).createReadStream(target),
        });
        const chunks: Buffer[] = [];
        for await (const chunk of back.stdout) chunks.push(chunk as Buffer);
        await back.done;
        expect(Buffer.concat(chunks).equals(source.data)).toBe(true);
      }
    },
  );

  it("names the read step and leaves no partial file when the source is missing", async () => {
    const dir = await testTempDir();
    const target = join(dir, "out.img.zst");
    const error = await streamToArchive({
      hostRunner: runner,
      read: readCommand(join(dir, "missing.img"), priority),
      localRunner: runner,
      compress: compressCommand(compressionChoice("zstd", undefined, 0)),
      target,
      label: "xvda",
      sourcePath: join(dir, "missing.img"),
    }).catch((caught: unknown) => caught);
    expect(isBackupError(error, "BACKUP_STEP_FAILED")).toBe(true);
    expect((error as { step: string }).step).toBe("read xvda");
    expect(await readdir(dir)).toEqual([]);
  });
});
