import { execFileSync } from "node:child_process";
import { mkdir, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites, testTempDir, uniqueName } from "@dom0kit/test-support";
import { backupIdFor } from "../src/backup-id.js";
import { compressCommand, compressionChoice } from "../src/compression.js";
import { isBackupError } from "../src/errors.js";
import { readManifest, writeManifest } from "../src/manifest.js";
import { readCommand } from "../src/plan-backup.js";
import { restoreDisk } from "../src/restore.js";
import { runBackup } from "../src/run-backup.js";
import { streamToArchive } from "../src/stream-archive.js";
import { fakeManifest } from "./helpers/fake-backups.js";
import { domainFlags, fillRandom, sh, sha256File, simDomain } from "./helpers/sim-domain.js";

const needs = integrationPrerequisites({
  root: true,
  commands: ["losetup", "blockdev", "dd", "zstd", "pigz", "gzip"],
});
const local = new ExecaRunner();

/** A /dev/loopN over a uniquely named backing file of `mib` MiB with random content; detached when the test ends. */
async function loopDevice(mib: number, random = true): Promise<{ device: string; sha: string }> {
  const dir = await testTempDir("dom0kit-backup-loop-");
  const file = join(dir, `${uniqueName("d0kloop")}.img`);
  const sha = random ? await fillRandom(file, mib * 1024 * 1024) : "";
  if (!random) execFileSync("truncate", ["-s", `${String(mib)}M`, file]);
  const device = execFileSync("losetup", ["-f", "--show", file], { encoding: "utf8" }).trim();
  onTestFinished(() => {
    execFileSync("losetup", ["-d", device]);
  });
  return { device, sha };
}

/** Makes a real device visible at the same path inside a simulated dom0. */
async function showInSim(simHostPath: (path: string) => Promise<string>, device: string): Promise<void> {
  const inside = await simHostPath(device);
  await mkdir(dirname(inside), { recursive: true });
  await symlink(device, inside);
}

describe.skipIf(needs.skip)("real block devices (/dev/loopN)", () => {
  it.each(["zstd", "pigz", "gzip", "none"] as const)(
    "streams a loop device with %s through the local runner and restores it onto another, identical",
    async (algorithm) => {
      const source = await loopDevice(6);
      const target = await loopDevice(8, false);
      const dir = join(await testTempDir(), "vm1", backupIdFor(new Date(0)));
      await mkdir(dir, { recursive: true });
      const choice = compressionChoice(algorithm, undefined, 0);
      const archive = `xvda.img${algorithm === "zstd" ? ".zst" : algorithm === "none" ? "" : ".gz"}`;
      const written = await streamToArchive({
        hostRunner: local,
        read: readCommand(source.device, { ioniceClass: "best-effort", ioniceLevel: 7 }),
        localRunner: local,
        compress: compressCommand(choice),
        target: join(dir, archive),
        label: "xvda",
        sourcePath: source.device,
      });
      expect(written.rawSha256).toBe(source.sha);
      const base = fakeManifest("vm1", new Date(0));
      await writeManifest(dir, {
        ...base,
        disks: [
          {
            ...base.disks[0]!,
            kind: "device",
            method: "direct",
            source: source.device,
            rawBytes: written.rawBytes,
            rawSha256: written.rawSha256,
            archive: {
              file: archive,
              bytes: written.archiveBytes,
              sha256: written.archiveSha256,
              compression: { ...choice },
            },
          },
        ],
      });
      await restoreDisk({
        backupDir: dir,
        vdev: "xvda",
        target: target.device,
        targetRunner: local,
        localRunner: local,
      });
      expect(await sha256File(target.device, 6 * 1024 * 1024)).toBe(source.sha);
    },
  );

  it("refuses to restore onto a device that is too small", async () => {
    const source = await loopDevice(4);
    const small = await loopDevice(2, false);
    const dir = join(await testTempDir(), "vm1", backupIdFor(new Date(0)));
    await mkdir(dir, { recursive: true });
    const written = await streamToArchive({
      hostRunner: local,
      read: readCommand(source.device, { ioniceClass: "idle", ioniceLevel: 7 }),
      localRunner: local,
      compress: undefined,
      target: join(dir, "xvda.img"),
      label: "xvda",
      sourcePath: source.device,
    });
    const base = fakeManifest("vm1", new Date(0));
    await writeManifest(dir, {
      ...base,
      disks: [
        {
          ...base.disks[0]!,
          rawBytes: written.rawBytes,
          rawSha256: written.rawSha256,
          archive: {
            file: "xvda.img",
            bytes: written.archiveBytes,
            sha256: written.archiveSha256,
            compression: { algorithm: "none" },
          },
        },
      ],
    });
    const error = await restoreDisk({
      backupDir: dir,
      vdev: "xvda",
      target: small.device,
      targetRunner: local,
      localRunner: local,
    }).catch((caught: unknown) => caught);
    expect(isBackupError(error, "BACKUP_RESTORE_REFUSED")).toBe(true);
    expect((error as Error).message).toMatch(/does not fit/);
  });

  it("backs up a domain on a simulated dom0 whose disk is a real loop device, stopped and running", async () => {
    const disk = await loopDevice(6);
    const domain = await simDomain({ lvs: {}, files: {}, start: false });
    await showInSim((path) => domain.sim.hostPath(path), disk.device);
    await domain.sim.writeFile(
      `/etc/xen/${domain.name}.cfg`,
      `name = "${domain.name}"\nmemory = 64\nvcpus = 1\ndisk = [ "phy:${disk.device},xvda,w" ]\n`,
    );

    // Stopped: read in place (the disk list comes from the xl config: a device, not an LV).
    const stopped = await runBackup(domain.request());
    expect((await readManifest(stopped.dir)).disks[0]).toMatchObject({
      method: "direct",
      rawSha256: disk.sha,
    });

    // Running: a device that is not an LV is refused by default, and copied while paused when allowed.
    expect((await sh(domain.sim, ["xl", "create", `/etc/xen/${domain.name}.cfg`])).exitCode).toBe(0);
    await expect(runBackup(domain.request())).rejects.toThrow(
      /not an LVM volume, so it cannot be snapshotted/,
    );
    const running = await runBackup(
      domain.request({ settings: domain.settings({ deviceDisks: "copy-while-paused" }) }),
    );
    expect((await readManifest(running.dir)).disks[0]).toMatchObject({
      method: "paused-copy",
      rawSha256: disk.sha,
    });
    expect(await domainFlags(domain.sim, domain.name)).toMatch(/^-b----$/);
    expect(await domain.sim.readDir("/var/lib/xen/save")).toEqual([]);

    // And it restores onto another real device through the simulated host's dd.
    const target = await loopDevice(6, false);
    await showInSim((path) => domain.sim.hostPath(path), target.device);
    await restoreDisk({
      backupDir: running.dir,
      vdev: "xvda",
      target: target.device,
      targetRunner: domain.sim,
      localRunner: local,
    });
    expect(await sha256File(target.device)).toBe(disk.sha);
  });
});
