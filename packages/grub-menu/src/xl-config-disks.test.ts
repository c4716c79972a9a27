import { describe, expect, it } from "vitest";
import { checkPygrubDisks } from "./check-boot-disks.js";
import { InvalidMenuInputError } from "./errors.js";
import { disksFromXlConfig } from "./xl-config-disks.js";

describe("disksFromXlConfig", () => {
  it("reads the disk list as xl does: order, access, format; CD-ROMs left out", () => {
    const text = [
      "# horatio",
      'disk = [ "phy:/dev/vg0/horatio,xvda,w",',
      '         "format=qcow2, vdev=xvdb, access=ro, target=/var/images/rescue.qcow2",',
      '         "file:/srv/iso/debian.iso,hdc:cdrom,r" ]',
      "",
    ].join("\n");
    expect(disksFromXlConfig(text, "/etc/xen/horatio.cfg")).toEqual([
      { target: "/dev/vg0/horatio", vdev: "xvda", access: "rw" },
      { target: "/var/images/rescue.qcow2", vdev: "xvdb", access: "ro", format: "qcow2" },
    ]);
  });

  it("a config without disks has none", () => {
    expect(disksFromXlConfig('name = "x"\n', "x.cfg")).toEqual([]);
  });

  it("refuses a config xl would refuse, naming the file", () => {
    expect(() => disksFromXlConfig('disk = [ "phy:/dev/vg0/x,xvda,w" \n', "/etc/xen/x.cfg")).toThrow(
      InvalidMenuInputError,
    );
    expect(() => disksFromXlConfig('disk = [ "phy:/dev/vg0/x,xvda,w" \n', "/etc/xen/x.cfg")).toThrow(
      /\/etc\/xen\/x\.cfg/,
    );
  });

  it("refuses a disk spec xl would refuse, naming which", () => {
    expect(() =>
      disksFromXlConfig('disk = [ "phy:/dev/vg0/x,xvda,w", "vdev=xvdb,bogus=1" ]\n', "x.cfg"),
    ).toThrow(/x\.cfg: disk\[1\]/);
  });

  it("feeds the layout check: a writable rescue disk is caught", () => {
    const disks = disksFromXlConfig(
      'disk = [ "phy:/dev/vg0/vm1,xvda,w", "phy:/dev/vg0/rescue,xvdb,w" ]\n',
      "/etc/xen/vm1.cfg",
    );
    const problems = checkPygrubDisks(disks, { boot: "xvda", rescue: "xvdb" });
    expect(problems.map((problem) => problem.code)).toContain("RESCUE_DISK_WRITABLE");
  });
});
