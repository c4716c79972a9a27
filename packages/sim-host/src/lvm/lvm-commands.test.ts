import { describe, expect, it } from "vitest";
import { newSim, sh, startGuest } from "../../test/helpers/new-sim.js";
import { displayLvmSize, parseLvmSize } from "./lvm-size.js";

describe("parseLvmSize", () => {
  it.each([
    ["1G", 1024 ** 3],
    ["1g", 1024 ** 3],
    ["100", 100 * 1024 ** 2],
    ["1.5m", 1.5 * 1024 ** 2],
    ["4096b", 4096],
    ["8s", 4096],
  ])("reads %s as %i bytes (binary units, MiB by default)", (text, bytes) => {
    expect(parseLvmSize(text)).toEqual({ ok: true, bytes });
  });

  it("wants byte sizes in whole sectors", () => {
    expect(parseLvmSize("1000b")).toEqual({
      ok: false,
      message: "Size is not a multiple of 512. Try using 512 or 1024.",
    });
  });
});

describe("displayLvmSize", () => {
  it.each([
    [10 * 1024 ** 3, "r", true, "10.00g"],
    [512 * 1024 ** 2, "r", true, "512.00m"],
    [2043 * 1024 ** 2, "r", true, "<2.00g"],
    [19 * 1024 ** 3 - 4 * 1024 ** 2, "r", true, "<19.00g"],
    [4 * 1024 ** 2, "b", false, "4194304"],
    [4 * 1024 ** 2, "b", true, "4194304B"],
    [1024 ** 3, "m", true, "1024.00m"],
    [1024 ** 3, "G", true, "1.07G"],
  ])("shows %i bytes in unit %s as %s", (bytes, unit, suffix, text) => {
    expect(displayLvmSize(bytes, unit, suffix)).toBe(text);
  });
});

describe("lvcreate, lvs, lvremove", () => {
  it("creates LVs (rounded to extents) and reports them in lvs' default columns", async () => {
    const sim = await newSim();
    expect(await sh(sim, ["lvcreate", "-L", "10G", "-n", "vm1-disk", "vg0"])).toMatchObject({
      exitCode: 0,
      stdout: '  Logical volume "vm1-disk" created.\n',
    });
    expect((await sh(sim, ["lvcreate", "-L", "1m", "-n", "tiny", "vg0"])).stdout).toBe(
      '  Rounding up size to full physical extent 4.00 MiB\n  Logical volume "tiny" created.\n',
    );
    const lvs = await sh(sim, ["lvs"]);
    expect(lvs.stdout).toBe(
      [
        "  LV       VG  Attr       LSize  Pool Origin Data%  Meta%  Move Log Cpy%Sync Convert",
        "  tiny     vg0 -wi-a-----  4.00m                                                    ",
        "  vm1-disk vg0 -wi-a----- 10.00g                                                    ",
        "",
      ].join("\n"),
    );
    expect((await sh(sim, ["blockdev", "--getsize64", "/dev/vg0/vm1-disk"])).stdout).toBe(
      `${String(10 * 1024 ** 3)}\n`,
    );
  });

  it("shows snapshots with origin, fill, and an invalid snapshot's I in the 5th attribute", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    expect(
      (await sh(sim, ["lvcreate", "-s", "-L", "32M", "-n", "vm1-snap", "/dev/vg0/vm1-disk"])).exitCode,
    ).toBe(0);
    const report = ["lvs", "--noheadings", "-o", "lv_name,lv_attr,origin,data_percent", "vg0"];
    expect((await sh(sim, report)).stdout).toBe(
      "  vm1-disk owi-aos---                \n  vm1-snap swi-a-s--- vm1-disk   0.00\n",
    );
    await sim.setSnapshotFill("vg0/vm1-snap", 42.5);
    expect((await sh(sim, [...report.slice(0, 3), "lv_attr,data_percent", "vg0/vm1-snap"])).stdout).toBe(
      "  swi-a-s---  42.50\n",
    );
    await sim.setSnapshotFill("vg0/vm1-snap", 100);
    expect((await sh(sim, [...report.slice(0, 3), "lv_attr,data_percent", "vg0/vm1-snap"])).stdout).toBe(
      "  swi-I-s--- 100.00\n",
    );
  });

  it("copies the origin's data into the snapshot when it is taken", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "8M", "-n", "data", "vg0"]);
    await sh(sim, ["dd", "of=/dev/vg0/data", "status=none"], { input: "before" });
    await sh(sim, ["lvcreate", "-s", "-L", "4M", "-n", "snap", "vg0/data"]);
    await sh(sim, ["dd", "of=/dev/vg0/data", "status=none"], { input: "after!" });
    expect((await sh(sim, ["head", "-c", "6", "/dev/vg0/snap"])).stdout).toBe("before");
    expect((await sh(sim, ["head", "-c", "6", "/dev/vg0/data"])).stdout).toBe("after!");
    expect((await sh(sim, ["blockdev", "--getsize64", "/dev/vg0/snap"])).stdout).toBe(
      `${String(8 * 1024 ** 2)}\n`,
    );
  });

  it("fills snapshots as their origin is written, and invalidates one that overflows", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "16M", "-n", "data", "vg0"]);
    await sh(sim, ["lvcreate", "-s", "-L", "4M", "-n", "snap", "vg0/data"]);
    await sh(sim, ["dd", "of=/dev/vg0/data", "bs=1M", "status=none"], {
      input: Buffer.alloc(1024 * 1024, 1),
    });
    expect((await sh(sim, ["lvs", "--noheadings", "-o", "data_percent", "vg0/snap"])).stdout).toBe(
      "   25.00\n",
    );
    await sh(sim, ["dd", "of=/dev/vg0/data", "bs=1M", "status=none"], {
      input: Buffer.alloc(4 * 1024 * 1024, 2),
    });
    expect((await sh(sim, ["lvs", "--noheadings", "-o", "lv_attr", "vg0/snap"])).stdout).toBe(
      "  swi-I-s---\n",
    );
    const read = await sh(sim, ["dd", "if=/dev/vg0/snap", "bs=1M", "count=1", "status=none"]);
    expect(read).toMatchObject({
      exitCode: 1,
      stderr: "dd: error reading '/dev/vg0/snap': Input/output error\n",
    });
  });

  it("reports in JSON, with units, separators and name prefixes", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "1G", "-n", "lv1", "vg0"]);
    const json = await sh(sim, [
      "lvs",
      "--reportformat",
      "json",
      "-o",
      "lv_name,lv_size",
      "--units",
      "b",
      "--nosuffix",
    ]);
    expect(JSON.parse(json.stdout)).toEqual({
      report: [{ lv: [{ lv_name: "lv1", lv_size: "1073741824" }] }],
    });
    expect(json.stdout.split("\n")[0]).toBe("  {");
    expect(
      (
        await sh(sim, [
          "lvs",
          "--noheadings",
          "--separator",
          ":",
          "-o",
          "vg_name,lv_name,lv_size",
          "--units",
          "m",
        ])
      ).stdout,
    ).toBe("  vg0:lv1:1024.00m\n");
    expect((await sh(sim, ["lvs", "--noheadings", "--nameprefixes", "-o", "lv_name,lv_attr"])).stdout).toBe(
      "  LVM2_LV_NAME='lv1' LVM2_LV_ATTR='-wi-a-----'\n",
    );
    expect((await sh(sim, ["lvs", "-o", "+lv_path", "--noheadings", "vg0/lv1"])).stdout).toContain(
      "/dev/vg0/lv1",
    );
    expect(await sh(sim, ["lvs", "-o", "bogus"])).toMatchObject({
      exitCode: 5,
      stderr: "  Unrecognised field: bogus\n",
    });
  });

  it("reports free space with vgs", async () => {
    const sim = await newSim({ volumeGroups: [{ name: "vg0", size: "10G" }] });
    await sh(sim, ["lvcreate", "-L", "4G", "-n", "lv1", "vg0"]);
    expect(
      (await sh(sim, ["vgs", "--noheadings", "--units", "g", "-o", "vg_name,vg_size,vg_free"])).stdout,
    ).toBe("  vg0 10.00g 6.00g\n");
  });

  it("fails as LVM does for a duplicate, a missing VG, a missing origin, too little space, a snapshot of a snapshot", async () => {
    const sim = await newSim({ volumeGroups: [{ name: "vg0", size: "1G" }] });
    await sh(sim, ["lvcreate", "-L", "512M", "-n", "lv1", "vg0"]);
    expect(await sh(sim, ["lvcreate", "-L", "4M", "-n", "lv1", "vg0"])).toMatchObject({
      exitCode: 5,
      stderr: '  Logical Volume "lv1" already exists in volume group "vg0"\n',
    });
    expect(await sh(sim, ["lvcreate", "-L", "4M", "-n", "x", "vgx"])).toMatchObject({
      exitCode: 5,
      stderr: '  Volume group "vgx" not found\n  Cannot process volume group vgx\n',
    });
    expect(await sh(sim, ["lvcreate", "-s", "-L", "4M", "-n", "s", "vg0/nosuch"])).toMatchObject({
      exitCode: 5,
      stderr: '  Failed to find logical volume "vg0/nosuch"\n',
    });
    expect(await sh(sim, ["lvcreate", "-L", "1G", "-n", "big", "vg0"])).toMatchObject({
      exitCode: 5,
      stderr: '  Volume group "vg0" has insufficient free space (128 extents): 256 required.\n',
    });
    await sh(sim, ["lvcreate", "-s", "-L", "4M", "-n", "s1", "vg0/lv1"]);
    expect((await sh(sim, ["lvcreate", "-s", "-L", "4M", "-n", "s2", "vg0/s1"])).stderr).toBe(
      "  Snapshots of snapshots are not supported.\n",
    );
    expect((await sh(sim, ["lvcreate", "-L", "4M", "vg0"])).stdout).toBe(
      '  Logical volume "lvol2" created.\n',
    );
  });

  it("asks before removing, refuses an LV in use, and removes an origin with its snapshots", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await sh(sim, ["lvcreate", "-s", "-L", "8M", "-n", "vm1-snap", "vg0/vm1-disk"]);
    const asked = await sh(sim, ["lvremove", "vg0/vm1-snap"]);
    expect(asked).toMatchObject({
      exitCode: 5,
      stdout: "Do you really want to remove active logical volume vg0/vm1-snap? [y/n]: ",
      stderr: "  Logical volume vg0/vm1-snap not removed.\n",
    });
    expect((await sh(sim, ["lvremove", "/dev/vg0/vm1-snap"], { input: "y\n" })).stdout).toContain(
      '  Logical volume "vm1-snap" successfully removed.\n',
    );
    await sh(sim, ["lvcreate", "-s", "-L", "8M", "-n", "vm1-snap", "vg0/vm1-disk"]);
    expect(await sh(sim, ["lvremove", "-f", "vg0/vm1-disk"])).toMatchObject({
      exitCode: 5,
      stderr: "  Logical volume vg0/vm1-disk in use.\n",
    });
    await sh(sim, ["xl", "destroy", "vm1"]);
    expect((await sh(sim, ["lvremove", "-f", "vg0/vm1-disk"])).stdout).toBe(
      '  Logical volume "vm1-snap" successfully removed.\n  Logical volume "vm1-disk" successfully removed.\n',
    );
    expect((await sh(sim, ["lvs"])).stdout).toBe("");
    expect(await sh(sim, ["lvremove", "-f", "vg0/vm1-disk"])).toMatchObject({
      exitCode: 5,
      stderr: '  Failed to find logical volume "vg0/vm1-disk"\n',
    });
  });
});
