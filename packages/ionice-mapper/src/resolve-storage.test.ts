import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { writeFixtureHost, type FixtureHost } from "../test/fixtures/host.js";
import { resolveStorage } from "./resolve-storage.js";

async function host(): Promise<FixtureHost> {
  return writeFixtureHost(await testTempDir());
}

function summary(resolution: Awaited<ReturnType<typeof resolveStorage>>) {
  return {
    kind: resolution.kind,
    disks: resolution.disks.map((disk) => `${disk.disk}:${disk.active ?? "(none)"}`),
    problem: resolution.problem,
  };
}

describe("resolveStorage", () => {
  it.each([
    ["an LV by its VG path", "/dev/vg0/vm1", "lv", ["sda:bfq"]],
    ["an LV by its mapper path", "/dev/mapper/vg0-vm1", "lv", ["sda:bfq"]],
    ["an LV inside dm-crypt, by an absolute symlink", "/dev/crypt0vg/images", "lv", ["sdb:mq-deadline"]],
    ["a partition", "/dev/sdb1", "partition", ["sdb:mq-deadline"]],
    ["a partition by a by-id link", "/dev/disk/by-id/ata-BIG-part1", "partition", ["sdb:mq-deadline"]],
    ["a whole disk", "/dev/sdc", "disk", ["sdc:kyber"]],
    ["an md mirror over two disks", "/dev/md0", "md", ["nvme0n1:none", "sda:bfq"]],
    ["a loop device, through its backing file", "/dev/loop0", "loop", ["nvme0n1:none"]],
    ["an image file", "/srv/xen/vm6.qcow2", "file", ["nvme0n1:none"]],
    [
      "a file on a mount point with a space, on an LV in dm-crypt",
      "/srv/xen images/vm9.img",
      "file",
      ["sdb:mq-deadline"],
    ],
    [
      "a file on btrfs (anonymous device numbers), through the mount source",
      "/var/lib/xen/images/vm7.img",
      "file",
      ["sdb:mq-deadline"],
    ],
    ["a device without a scheduler", "/dev/zram0", "disk", ["zram0:(none)"]],
  ])("follows %s down to the disk", async (_what, source, kind, disks) => {
    const resolution = await resolveStorage(source, await host());
    expect(summary(resolution)).toEqual({ kind, disks, problem: undefined });
  });

  it("says each step it took", async () => {
    const resolution = await resolveStorage("/dev/crypt0vg/images", await host());
    expect(resolution.steps).toEqual([
      "/dev/crypt0vg/images is dm-2",
      "dm-2 (LVM logical volume) sits on dm-1",
      "dm-1 (dm-crypt) sits on sdb1",
      "sdb1 is a partition of sdb",
    ]);
    const loop = await resolveStorage("/dev/loop0", await host());
    expect(loop.steps).toEqual([
      "loop0 is a loop device backed by /srv/xen/vm5.img",
      "/srv/xen/vm5.img is a file on /srv (xfs on nvme0n1p1)",
      "nvme0n1p1 is a partition of nvme0n1",
    ]);
  });

  it("reads BFQ's low_latency", async () => {
    const resolution = await resolveStorage("/dev/vg0/vm1", await host());
    expect(resolution.disks).toEqual([
      { disk: "sda", active: "bfq", available: ["mq-deadline", "kyber", "bfq", "none"], lowLatency: true },
    ]);
  });

  it.each([
    ["a missing source", "/dev/vg0/gone", undefined, "/dev/vg0/gone does not exist"],
    [
      "a file under /dev that is not a block device",
      "/dev/not-a-disk",
      undefined,
      "/dev/not-a-disk is not a block device in",
    ],
    [
      "a file on tmpfs",
      "/tmp/vm8.img",
      "file",
      "/tmp/vm8.img is on /tmp (tmpfs from tmpfs), which has no block device to check",
    ],
  ])("reports %s instead of guessing", async (_what, source, kind, problem) => {
    const resolution = await resolveStorage(source, await host());
    expect(resolution.kind).toBe(kind);
    expect(resolution.disks).toEqual([]);
    expect(resolution.problem).toContain(problem);
  });
});
