import { describe, expect, it } from "vitest";
import { disksFromXlConfig } from "./config-disks.js";
import { isBackupError } from "./errors.js";

const volumes = [{ vg: "vg0", name: "vm1-disk" }];

describe("disksFromXlConfig", () => {
  it("reads the disk list as xl does and tells LVs, devices and files apart", () => {
    const text = [
      'name = "vm1"',
      "disk = [",
      '  "phy:/dev/vg0/vm1-disk,xvda,w",',
      '  "format=raw, vdev=xvdb, access=ro, target=/dev/loop7",',
      '  "file:/srv/xen/vm1-data.img,xvdc,w",',
      '  "/srv/iso/debian.iso,,hdc,cdrom",',
      "]",
    ].join("\n");
    expect(disksFromXlConfig(text, "/etc/xen/vm1.cfg", volumes)).toEqual([
      { vdev: "xvda", source: "/dev/vg0/vm1-disk", kind: "lv", vg: "vg0", lv: "vm1-disk", access: "rw" },
      { vdev: "xvdb", source: "/dev/loop7", kind: "device", access: "ro" },
      { vdev: "xvdc", source: "/srv/xen/vm1-data.img", kind: "file", access: "rw" },
    ]);
  });

  it.each([
    ['name = "vm1"\ndisk = [ "phy:/dev/vg0/a,xvda,w" \n', /cannot read the domain's config: .*vm1\.cfg:/],
    [
      'name = "vm1"\ndisk = [ "phy:/dev/vg0/a,xvda,w!" ]\n',
      /vm1\.cfg: disk spec `phy:\/dev\/vg0\/a,xvda,w!`/,
    ],
    [
      'name = "vm1"\ndisk = [ "vdev=xvda, script=block-iscsi, target=iqn.2001-05.com.example:disk" ]\n',
      /not backed by a plain file or device path.*block-iscsi/,
    ],
    ['name = "vm1"\nmemory = 512\n', /lists no disks/],
  ])("rejects %j with the file named", (text, message) => {
    let caught: unknown;
    try {
      disksFromXlConfig(text, "/etc/xen/vm1.cfg", volumes);
    } catch (error) {
      caught = error;
    }
    expect(isBackupError(caught, "BACKUP_INPUT_INVALID")).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
