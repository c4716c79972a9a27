import { describe, expect, it } from "vitest";
import { formatCommand, renderScript, type Plan } from "@dom0kit/runner";
import type { DomainDisk } from "./domain-disk.js";
import { isBackupError } from "./errors.js";
import { planBackup, readCommand, snapshotName, SNAPSHOT_NAME_PATTERN } from "./plan-backup.js";
import { parseBackupSettings } from "./settings.js";

const id = "2024-01-15T12-00-00.000Z";
const lvDisk: DomainDisk = {
  vdev: "xvda",
  source: "/dev/vg0/vm1-disk",
  kind: "lv",
  vg: "vg0",
  lv: "vm1-disk",
};
const fileDisk: DomainDisk = { vdev: "xvdb", source: "/srv/xen/vm1-data.img", kind: "file" };
const deviceDisk: DomainDisk = { vdev: "xvdc", source: "/dev/loop7", kind: "device" };

function lines(plan: Plan): string[] {
  return plan.steps.map(
    (each) =>
      `${each.description}: ${formatCommand(each.command)}${each.undo === undefined ? "" : ` [undo: ${formatCommand(each.undo.command)}]`}`,
  );
}

describe("planBackup", () => {
  it("saves, snapshots, copies and unpauses a running domain in consistent mode, each risky step with its undo", () => {
    const backup = planBackup({
      domain: "vm1",
      id,
      state: "running",
      disks: [lvDisk, fileDisk],
      settings: parseBackupSettings({ dir: "/srv/backup", snapshotSize: "2G" }),
    });
    expect(lines(backup.freeze)).toEqual([
      "prepare /var/lib/xen/save: mkdir -p /var/lib/xen/save",
      "save vm1 and leave it paused: xl save -p vm1 /var/lib/xen/save/vm1-20240115T120000000.save [undo: xl unpause vm1]",
      "snapshot vg0/vm1-disk: lvcreate -s -L 2G -n vm1-disk-dom0kit-20240115T120000000 vg0/vm1-disk [undo: lvremove -f vg0/vm1-disk-dom0kit-20240115T120000000]",
      "copy xvdb (/srv/xen/vm1-data.img) while vm1 is paused: cp --reflink=auto --sparse=always /srv/xen/vm1-data.img /srv/xen/.vm1-data.img.dom0kit-20240115T120000000 [undo: rm -f /srv/xen/.vm1-data.img.dom0kit-20240115T120000000]",
      "unpause vm1: xl unpause vm1",
    ]);
    expect(backup.copies.map((copy) => [copy.disk.vdev, copy.method, copy.readPath, copy.archive])).toEqual([
      ["xvda", "snapshot", "/dev/vg0/vm1-disk-dom0kit-20240115T120000000", "xvda.img.zst"],
      ["xvdb", "paused-copy", "/srv/xen/.vm1-data.img.dom0kit-20240115T120000000", "xvdb.img.zst"],
    ]);
    expect(backup.state).toEqual({
      path: "/var/lib/xen/save/vm1-20240115T120000000.save",
      archive: "state.xl.zst",
    });
    expect(backup.release.finally.map((each) => formatCommand(each.command))).toEqual([
      "lvremove -f vg0/vm1-disk-dom0kit-20240115T120000000",
      "rm -f /srv/xen/.vm1-data.img.dom0kit-20240115T120000000",
    ]);
    expect(backup.removeState?.command.args).toEqual(["-f", "/var/lib/xen/save/vm1-20240115T120000000.save"]);
    expect(backup.release.finally[0]?.retry).toEqual({ attempts: 5, delayMs: 1000 });
    expect(backup.expectedStateAfter).toBe("running");
  });

  it("follows the field recipe in legacy mode: save (stops the domain), snapshot, restore", () => {
    const backup = planBackup({
      domain: "vm1",
      id,
      state: "running",
      disks: [lvDisk],
      settings: parseBackupSettings({ dir: "/srv/backup", mode: "legacy", compression: "gzip" }),
    });
    expect(lines(backup.freeze).slice(1)).toEqual([
      "save vm1 (the domain stops): xl save vm1 /var/lib/xen/save/vm1-20240115T120000000.save [undo: xl restore /var/lib/xen/save/vm1-20240115T120000000.save]",
      "snapshot vg0/vm1-disk: lvcreate -s -L 1G -n vm1-disk-dom0kit-20240115T120000000 vg0/vm1-disk [undo: lvremove -f vg0/vm1-disk-dom0kit-20240115T120000000]",
      "restore vm1 from its saved state: xl restore /var/lib/xen/save/vm1-20240115T120000000.save",
    ]);
    expect(backup.copies[0]?.archive).toBe("xvda.img.gz");
    // The saved state is the only copy of the domain's RAM until it runs again: the executor removes it, not the release plan.
    expect(backup.release.finally.map((each) => each.command.file)).toEqual(["lvremove"]);
    expect(backup.removeState?.command.args).toEqual(["-f", "/var/lib/xen/save/vm1-20240115T120000000.save"]);
  });

  it("takes snapshots only in live mode, with no pause and no RAM state", () => {
    const backup = planBackup({
      domain: "vm1",
      id,
      state: "running",
      disks: [lvDisk],
      settings: parseBackupSettings({ dir: "/srv/backup", mode: "live" }),
    });
    expect(backup.freeze.steps.map((each) => each.command.file)).toEqual(["lvcreate"]);
    expect(backup.state).toBeUndefined();
    expect(backup.notes).toContain("live mode: the disks are crash-consistent (no pause, no RAM state)");
  });

  it("refuses a file-backed disk in live mode and says what to do instead", () => {
    const error = (() => {
      try {
        planBackup({
          domain: "vm1",
          id,
          state: "running",
          disks: [lvDisk, fileDisk],
          settings: parseBackupSettings({ dir: "/srv/backup", mode: "live" }),
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isBackupError(error, "BACKUP_DISK_REFUSED")).toBe(true);
    expect((error as Error).message).toMatch(
      /xvdb \(\/srv\/xen\/vm1-data.img\).*cannot be snapshotted.*use consistent mode/,
    );
  });

  it("refuses a block device that is not an LV unless copying it paused is allowed", () => {
    const settings = { dir: "/srv/backup" };
    expect(() =>
      planBackup({
        domain: "vm1",
        id,
        state: "running",
        disks: [deviceDisk],
        settings: parseBackupSettings(settings),
      }),
    ).toThrow(/xvdc \(\/dev\/loop7\).*not an LVM volume.*copy-while-paused/);
    const backup = planBackup({
      domain: "vm1",
      id,
      state: "running",
      disks: [deviceDisk],
      settings: parseBackupSettings({ ...settings, deviceDisks: "copy-while-paused" }),
    });
    expect(lines(backup.freeze)[2]).toBe(
      "copy xvdc (/dev/loop7) while vm1 is paused: cp --reflink=auto --sparse=always /dev/loop7 /var/lib/xen/save/vm1-20240115T120000000-xvdc.img [undo: rm -f /var/lib/xen/save/vm1-20240115T120000000-xvdc.img]",
    );
  });

  it("reads a stopped domain's disks in place, without save or snapshots", () => {
    const backup = planBackup({
      domain: "vm1",
      id,
      state: "stopped",
      disks: [lvDisk, fileDisk, deviceDisk],
      settings: parseBackupSettings({ dir: "/srv/backup", mode: "live" }),
    });
    expect(backup.freeze.steps).toEqual([]);
    expect(backup.copies.map((copy) => [copy.method, copy.readPath])).toEqual([
      ["direct", "/dev/vg0/vm1-disk"],
      ["direct", "/srv/xen/vm1-data.img"],
      ["direct", "/dev/loop7"],
    ]);
    expect(backup.state).toBeUndefined();
    expect(backup.release.finally).toEqual([]);
  });

  it("leaves a paused domain paused: no unpause, and no undo that would resume it", () => {
    const backup = planBackup({
      domain: "vm1",
      id,
      state: "paused",
      disks: [lvDisk],
      settings: parseBackupSettings({ dir: "/srv/backup" }),
    });
    expect(backup.freeze.steps.map((each) => formatCommand(each.command))).not.toContain("xl unpause vm1");
    expect(backup.freeze.steps.some((each) => each.undo?.command.args[0] === "unpause")).toBe(false);
    expect(backup.expectedStateAfter).toBe("paused");
  });

  it("renders as a script whose trap undoes the steps that ran", () => {
    const backup = planBackup({
      domain: "vm1",
      id,
      state: "running",
      disks: [lvDisk],
      settings: parseBackupSettings({ dir: "/srv/backup" }),
    });
    const script = renderScript(backup.freeze);
    expect(script).toContain("xl save -p vm1");
    expect(script).toContain("xl unpause vm1");
    expect(script).toContain("lvremove -f vg0/vm1-disk-dom0kit-20240115T120000000");
  });

  it("rejects an unsafe domain name and an empty disk list", () => {
    const settings = parseBackupSettings({ dir: "/srv/backup" });
    expect(() => planBackup({ domain: "../x", id, state: "running", disks: [lvDisk], settings })).toThrow(
      /invalid domain name/,
    );
    expect(() => planBackup({ domain: "vm1", id, state: "running", disks: [], settings })).toThrow(
      /no disks/,
    );
  });
});

describe("snapshotName", () => {
  it("names snapshots so a leftover can be recognised", () => {
    const name = snapshotName("vm1-disk", id);
    expect(name).toBe("vm1-disk-dom0kit-20240115T120000000");
    expect(SNAPSHOT_NAME_PATTERN.test(name)).toBe(true);
    expect(SNAPSHOT_NAME_PATTERN.test("vm1-disk")).toBe(false);
  });
});

describe("readCommand", () => {
  it("reads at the configured I/O priority", () => {
    expect(formatCommand(readCommand("/dev/vg0/s", { ioniceClass: "best-effort", ioniceLevel: 5 }))).toBe(
      "ionice -c 2 -n 5 dd if=/dev/vg0/s bs=4M status=none",
    );
    expect(formatCommand(readCommand("/dev/vg0/s", { ioniceClass: "idle", ioniceLevel: 7 }))).toBe(
      "ionice -c 3 dd if=/dev/vg0/s bs=4M status=none",
    );
  });
});
