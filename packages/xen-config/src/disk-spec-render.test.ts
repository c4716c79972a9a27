import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diskSpecArb } from "../test/support/disk-arbitraries.js";
import { parseDiskSpec, renderDiskSpec, XenDiskSpecError, type DiskSpec } from "./index.js";

function withoutPrefixes(spec: DiskSpec): Omit<DiskSpec, "prefixes"> {
  const { prefixes: _prefixes, ...rest } = spec;
  return rest;
}

describe("renderDiskSpec", () => {
  it("writes xl's keyed form, target last", () => {
    expect(renderDiskSpec({ target: "/dev/vg/web1", vdev: "xvda" })).toBe(
      "vdev=xvda, access=rw, target=/dev/vg/web1",
    );
    expect(renderDiskSpec(parseDiskSpec("file:/root/boot.iso,hdc:cdrom,r"))).toBe(
      "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/root/boot.iso",
    );
  });

  it("writes the legacy form xm also reads", () => {
    expect(renderDiskSpec({ target: "/dev/vg/web1", vdev: "xvda" }, { style: "legacy" })).toBe(
      "phy:/dev/vg/web1,xvda,w",
    );
    expect(
      renderDiskSpec({ target: "/var/a.qcow2", vdev: "xvda", format: "qcow2" }, { style: "legacy" }),
    ).toBe("tap:qcow2:/var/a.qcow2,xvda,w");
    expect(() => renderDiskSpec({ target: "/x,y", vdev: "xvda" }, { style: "legacy" })).toThrow(
      XenDiskSpecError,
    );
  });

  it("keeps a target ending in a comma", () => {
    expect(parseDiskSpec(renderDiskSpec({ target: "/odd,", vdev: "xvda" })).target).toBe("/odd,");
  });

  it("refuses values xl's syntax cannot carry", () => {
    expect(() => renderDiskSpec({ target: "/x", vdev: "xv,da" })).toThrow(XenDiskSpecError);
    expect(() => renderDiskSpec({ target: "/x\n", vdev: "xvda" })).toThrow(XenDiskSpecError);
  });

  it("is read back as the same disk, for every spec xl accepts (but targets with newlines)", () => {
    fc.assert(
      fc.property(diskSpecArb, (text) => {
        let spec: DiskSpec;
        try {
          spec = parseDiskSpec(text);
        } catch {
          return;
        }
        if (spec.target?.includes("\n")) {
          expect(() => renderDiskSpec(spec)).toThrow(XenDiskSpecError);
          return;
        }
        expect(withoutPrefixes(parseDiskSpec(renderDiskSpec(spec)))).toEqual(withoutPrefixes(spec));
      }),
      { numRuns: 2000 },
    );
  });
});
