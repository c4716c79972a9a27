import { describe, expect, it } from "vitest";
import { parseDiskSpec, XenDiskSpecError } from "./index.js";

describe("parseDiskSpec", () => {
  it.each([
    [
      "positional",
      "/dev/vg/web1,raw,xvda,rw",
      { target: "/dev/vg/web1", format: "raw", vdev: "xvda", access: "rw" },
    ],
    [
      "keyed",
      "format=qcow2, vdev=xvdb, access=ro, target=/var/x.qcow2",
      { target: "/var/x.qcow2", format: "qcow2", vdev: "xvdb", access: "ro" },
    ],
    [
      "a legacy phy: prefix",
      "phy:/dev/vg/web1,xvda,w",
      { target: "/dev/vg/web1", vdev: "xvda", prefixes: ["phy"] },
    ],
    [
      "tap:qcow2: setting the format",
      "tap:qcow2:/var/x.qcow2,xvda,w",
      { format: "qcow2", prefixes: ["tap", "qcow2"] },
    ],
    [
      "file:// keeping the second slash",
      "file://var/images/x.img,sdd,r",
      { target: "//var/images/x.img", readwrite: false },
    ],
    [
      "iscsi: setting the script",
      "iscsi:iqn.2001-05.com.x:0-8a09,xvda,w",
      { target: "iqn.2001-05.com.x:0-8a09", script: "block-iscsi" },
    ],
    [
      "an old-style cdrom",
      "file:/root/boot.iso,hdc:cdrom,r",
      { vdev: "hdc", devtype: "cdrom", isCdrom: true, removable: true },
    ],
    ["an empty cdrom drive", ",hdc:cdrom,r", { target: "", format: "empty", devtype: "cdrom" }],
    ["a cdrom without target", "vdev=hdc,access=r,devtype=cdrom", { target: undefined, format: "empty" }],
    ["backendtype", "/var/x.qcow2,qcow2,xvda,w,backendtype=qdisk", { backendtype: "qdisk" }],
    [
      "a target with spaces and commas after target=",
      "vdev=xvdb,target=/dev/vg/x y,z",
      { target: "/dev/vg/x y,z" },
    ],
    [
      "discard and direct-io-safe",
      "discard,direct-io-safe,vdev=xvda,target=/x",
      { discard: true, directIoSafe: true },
    ],
    ["several strings for one disk", ["/dev/vg/a", "raw", "xvda"], { target: "/dev/vg/a", vdev: "xvda" }],
  ])("reads %s", (_what, spec, expected) => {
    expect(parseDiskSpec(spec)).toMatchObject(expected);
  });

  it.each([
    ["xm's w!", "phy:/dev/vg/a,xvda,w!", "unknown value for access near `w!`"],
    ["a missing vdev", "/dev/vg/a", "no vdev specified: give the guest device, e.g. xvda or vdev=xvda"],
    ["a bare word", "foo", "no vdev specified: give the guest device, e.g. xvda or vdev=xvda"],
    [
      "space-separated keys",
      "format=raw vdev=hda access=rw target=/x",
      "unknown value for format near `raw vdev=hda access=rw target=/x`",
    ],
    ["an unknown prefix", "foo:/x,xvda", "unknown deprecated disk prefix near `foo:`"],
    ["too many positional parameters", "/x,raw,xvda,rw,extra", "too many positional parameters near `extra`"],
    ["an unknown parameter", "vdev=xvda,color=blue,target=/x", "unknown parameter near `color=b`"],
    [
      "a respecified format",
      "format=raw,format=qcow2,vdev=xvda,target=/x",
      "format respecified near `qcow2`",
    ],
  ])("rejects %s", (_what, spec, message) => {
    expect(() => parseDiskSpec(spec)).toThrow(XenDiskSpecError);
    expect(() => parseDiskSpec(spec)).toThrow(`disk spec \`${spec}\`: ${message}`);
  });
});
