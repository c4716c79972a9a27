import { describe, expect, it } from "vitest";
import { DATA_PROGRAMS } from "./data-programs.js";
import { addDdNocache } from "./dd-page-cache.js";
import { SimPaths } from "../fs/sim-paths.js";
import { translateArgs } from "./translate-args.js";

const paths = new SimPaths("/tmp/sim");

/** dd's arguments as the simulator runs them. */
function ddArgs(args: readonly string[]): string[] {
  const translated = translateArgs(paths, "dd", DATA_PROGRAMS.dd as never, args, "/", ["vg0"]);
  addDdNocache(translated.args, translated.paths);
  return translated.args;
}

describe("addDdNocache", () => {
  it("drops the page cache behind a read of a simulated logical volume", () => {
    expect(ddArgs(["if=/dev/vg0/snap", "bs=4M", "status=none"])).toEqual([
      "if=/tmp/sim/lvm/vg0/snap",
      "bs=4M",
      "status=none",
      "iflag=nocache",
    ]);
  });

  it("merges nocache into the iflag= already given (restore's read-back)", () => {
    expect(ddArgs(["if=/srv/restore/x.img", "bs=4M", "iflag=count_bytes", "count=1024"])).toEqual([
      "if=/tmp/sim/root/srv/restore/x.img",
      "bs=4M",
      "iflag=count_bytes,nocache",
      "count=1024",
    ]);
  });

  it("adds nocache once", () => {
    expect(ddArgs(["if=/dev/vg0/snap", "iflag=nocache,fullblock"])).toEqual([
      "if=/tmp/sim/lvm/vg0/snap",
      "iflag=nocache,fullblock",
    ]);
  });

  it.each([
    ["a write from stdin", ["of=/dev/vg0/disk", "bs=1M"]],
    ["a read of a real device", ["if=/dev/zero", "bs=1M", "count=4"]],
    ["count=0, where nocache would drop the whole file's cache", ["if=/dev/vg0/snap", "count=0"]],
  ])("leaves %s alone", (_what, args) => {
    expect(ddArgs(args).filter((arg) => arg.includes("nocache"))).toEqual([]);
  });
});
