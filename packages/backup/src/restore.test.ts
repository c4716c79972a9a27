import { stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DryRunRunner, ExecaRunner, formatCommand, type CommandRunner } from "@dom0kit/runner";
import { testTempDir } from "@dom0kit/test-support";
import { writeSparseImage, sha256Of } from "../test/helpers/images.js";
import { backupIdFor } from "./backup-id.js";
import { compressCommand, compressionChoice } from "./compression.js";
import { isBackupError } from "./errors.js";
import { writeManifest } from "./manifest.js";
import { readCommand } from "./plan-backup.js";
import { restoreDisk } from "./restore.js";
import { streamToArchive } from "./stream-archive.js";
import { fakeManifest } from "../test/helpers/fake-backups.js";
import { readdir } from "node:fs/promises";

const runner = new ExecaRunner();

async function backupOf(size: number) {
  const dir = await testTempDir();
  const source = join(dir, "disk.img");
  const sha = await writeSparseImage(source, size);
  const backupDir = join(dir, "vm1", backupIdFor(new Date(0)));
  const { mkdir } = await import("node:fs/promises");
  await mkdir(backupDir, { recursive: true });
  const result = await streamToArchive({
    hostRunner: runner,
    read: readCommand(source, { ioniceClass: "best-effort", ioniceLevel: 7 }),
    localRunner: runner,
    compress: compressCommand(compressionChoice("zstd", undefined, 0)),
    target: join(backupDir, "xvda.img.zst"),
    label: "xvda",
    sourcePath: source,
  });
  const manifest = fakeManifest("vm1", new Date(0));
  await writeManifest(backupDir, {
    ...manifest,
    disks: [
      {
        ...manifest.disks[0]!,
        rawBytes: result.rawBytes,
        rawSha256: result.rawSha256,
        archive: {
          file: "xvda.img.zst",
          bytes: result.archiveBytes,
          sha256: result.archiveSha256,
          compression: { algorithm: "zstd", level: 3, threads: 0 },
        },
      },
    ],
  });
  return { dir, backupDir, sha, source };
}

describe("restoreDisk", () => {
  it("writes a file target whole, keeps its holes, and checks it reads back identical", async () => {
    const { dir, backupDir, sha } = await backupOf(4 << 20);
    const target = join(dir, "restored.img");
    const result = await restoreDisk({
      backupDir,
      vdev: "xvda",
      target,
      targetRunner: runner,
      localRunner: runner,
    });
    expect(result.rawSha256).toBe(sha);
    expect(await sha256Of(target)).toBe(sha);
    const info = await stat(target);
    expect(info.size).toBe(4 << 20);
    expect(info.blocks * 512).toBeLessThan(info.size); // the holes stayed holes
    expect((await readdir(dir)).filter((name) => name.includes("partial"))).toEqual([]);
  });

  it("drops the written image from the page cache before reading it back, so the check reads the disk", async () => {
    const { dir, backupDir, sha } = await backupOf(4 << 20);
    const target = join(dir, "restored.img");
    const commands: string[] = [];
    const recording: CommandRunner = {
      run: (command, options) => {
        commands.push(formatCommand(command));
        return runner.run(command, options);
      },
      stream: (pipeline, options) => {
        for (const command of [pipeline].flat()) commands.push(formatCommand(command));
        return runner.stream(pipeline, options);
      },
    };
    const result = await restoreDisk({
      backupDir,
      vdev: "xvda",
      target,
      targetRunner: recording,
      localRunner: runner,
    });
    expect(result).toMatchObject({ rawSha256: sha, readBackFrom: "disk" });
    const partial = `${target}.dom0kit-restore.partial`;
    const write = commands.findIndex((each) => each.startsWith(`dd of=${partial} `));
    const drop = commands.indexOf(`dd if=${partial} iflag=nocache count=0 status=none`);
    const readBack = commands.findIndex((each) =>
      each.startsWith(`dd if=${partial} bs=4M iflag=count_bytes,nocache `),
    );
    expect(write).toBeGreaterThanOrEqual(0);
    expect(drop).toBeGreaterThan(write);
    expect(readBack).toBeGreaterThan(drop);
    // What the kernel still caches of the restored image: nothing the read-back left behind.
    const resident = await runner.run({
      file: "fincore",
      args: ["--bytes", "--noheadings", "--output", "RES", target],
    });
    expect(Number(resident.stdout.trim())).toBeLessThan(1 << 20);
  });

  it("refuses to replace an existing file unless told to", async () => {
    const { dir, backupDir, sha } = await backupOf(1 << 20);
    const target = join(dir, "existing.img");
    await writeFile(target, "precious");
    const error = await restoreDisk({
      backupDir,
      vdev: "xvda",
      target,
      targetRunner: runner,
      localRunner: runner,
    }).catch((caught: unknown) => caught);
    expect(isBackupError(error, "BACKUP_RESTORE_REFUSED")).toBe(true);
    await restoreDisk({
      backupDir,
      vdev: "xvda",
      target,
      targetRunner: runner,
      localRunner: runner,
      overwrite: true,
    });
    expect(await sha256Of(target)).toBe(sha);
  });

  it("refuses a disk that a running domain uses", async () => {
    const { dir, backupDir } = await backupOf(1 << 20);
    const target = join(dir, "in-use.img");
    const host = new DryRunRunner({
      respond: (command) =>
        command.file === "xl"
          ? {
              stdout: JSON.stringify([
                {
                  domid: 3,
                  config: { c_info: { name: "vm1" }, disks: [{ pdev_path: target, vdev: "xvda" }] },
                },
              ]),
            }
          : undefined,
    });
    await expect(
      restoreDisk({ backupDir, vdev: "xvda", target, targetRunner: host, localRunner: runner }),
    ).rejects.toThrow(/is vm1's disk xvda and vm1 is running/);
  });

  it("names the disks a backup has when asked for another", async () => {
    const { dir, backupDir } = await backupOf(1 << 20);
    await expect(
      restoreDisk({
        backupDir,
        vdev: "xvdz",
        target: join(dir, "x.img"),
        targetRunner: runner,
        localRunner: runner,
      }),
    ).rejects.toThrow(/has no disk xvdz; it has xvda/);
  });

  it("removes the partial file when the archive does not match its manifest", async () => {
    const { dir, backupDir } = await backupOf(1 << 20);
    const { open } = await import("node:fs/promises");
    const archive = await open(join(backupDir, "xvda.img.zst"), "r+");
    await archive.write(Buffer.from([0xff, 0xff, 0xff, 0xff]), 0, 4, 100);
    await archive.close();
    const target = join(dir, "restored.img");
    const error = await restoreDisk({
      backupDir,
      vdev: "xvda",
      target,
      targetRunner: runner,
      localRunner: runner,
    }).catch((caught: unknown) => caught);
    expect(isBackupError(error)).toBe(true);
    expect((await readdir(dir)).filter((name) => name.startsWith("restored"))).toEqual([]);
  });
});
