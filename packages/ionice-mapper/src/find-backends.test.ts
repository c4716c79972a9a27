import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { DOM0_PROCESSES, writeProcTree } from "../test/fixtures/proc-tree.js";
import { parseBlkbackThreadName, parseQemuDomid } from "./backend-names.js";
import { ProcUnreadableError } from "./errors.js";
import { scanIoProcesses } from "./find-backends.js";
import { parseProcStat } from "./proc-stat.js";
import { readProcesses } from "./read-processes.js";

describe("parseBlkbackThreadName", () => {
  it.each([
    ["xvd 1 fd:02", { form: "xvd", domid: 1, device: { major: 253, minor: 2 }, truncated: false }],
    ["xvd 27 08:11", { form: "xvd", domid: 27, device: { major: 8, minor: 17 }, truncated: false }],
    ["blkback.2.xvda", { form: "blkback", domid: 2, vdev: "xvda", truncated: false }],
    ["blkback.12.xvdb", { form: "blkback", domid: 12, vdev: "xvdb", truncated: true }],
    ["3.xvda-0", { form: "ring", domid: 3, vdev: "xvda", ring: 0, truncated: false }],
    ["31000.hda-12", { form: "ring", domid: 31000, vdev: "hda", ring: 12, truncated: false }],
    ["32000.xvdabcd-1", { form: "ring", domid: 32000, vdev: "xvdabcd", ring: 1, truncated: true }],
    ["32000.xvdabcde-", { form: "ring", domid: 32000, vdev: "xvdabcde", truncated: true }],
  ])("reads %j", (name, expected) => {
    expect(parseBlkbackThreadName(name)).toEqual(expected);
  });

  it.each([
    "kworker/0:1",
    "xvd",
    "blkback",
    "3.xvda",
    "xvd a fd:02",
    "blkback.x.xvda",
    "3.XVDA-0",
    "jbd2/dm-3-8",
  ])("ignores %j", (name) => {
    expect(parseBlkbackThreadName(name)).toBeUndefined();
  });
});

describe("parseQemuDomid", () => {
  it.each([
    [["/usr/bin/qemu-system-i386", "-xen-domid", "5", "-M", "xenpv"], { flavour: "upstream", domid: 5 }],
    [["qemu-system-x86_64", "--xen-domid", "12"], { flavour: "upstream", domid: 12 }],
    [["/usr/lib/xen/bin/qemu-dm", "-d", "7", "-domain-name", "vm7"], { flavour: "traditional", domid: 7 }],
  ])("reads %j", (argv, expected) => {
    expect(parseQemuDomid(argv)).toEqual(expected);
  });

  it.each([
    [["qemu-system-x86_64", "-m", "512"]],
    [["qemu-system-i386", "-xen-domid"]],
    [["x", "-xen-domid", "five"]],
    [["grep", "-d", "3"]],
  ])("ignores %j", (argv) => {
    expect(parseQemuDomid(argv)).toBeUndefined();
  });
});

describe("parseProcStat", () => {
  it("reads a name with spaces and parentheses whole", () => {
    expect(parseProcStat("88 (a) b (c)) S 1 88 88 0 -1 4194560 0 0 0 0 0 0 0 0 20 -5 1 0")).toEqual({
      pid: 88,
      comm: "a) b (c)",
      state: "S",
      ppid: 1,
      flags: 4194560,
      nice: -5,
    });
  });

  it("rejects text that is not a stat line", () => {
    expect(parseProcStat("")).toBeUndefined();
    expect(parseProcStat("12 no parens S 1")).toBeUndefined();
  });
});

describe("scanIoProcesses", () => {
  it("finds blkback threads in every naming form, qemu, tapdisk and housekeeping in a fixture /proc", async () => {
    const procRoot = await writeProcTree(await testTempDir(), DOM0_PROCESSES);
    const scan = await scanIoProcesses({ procRoot, housekeepingNames: ["rsync"] });
    expect(scan.scanned).toBe(DOM0_PROCESSES.length);
    expect(
      scan.backends.map(({ pid, kind, domid, form, vdev, ring, tids }) => ({
        pid,
        kind,
        domid,
        form,
        vdev,
        ring,
        tids,
      })),
    ).toEqual([
      { pid: 301, kind: "blkback", domid: 1, form: "xvd", vdev: undefined, ring: undefined, tids: [301] },
      { pid: 302, kind: "blkback", domid: 2, form: "blkback", vdev: "xvda", ring: undefined, tids: [302] },
      { pid: 303, kind: "blkback", domid: 3, form: "ring", vdev: "xvda", ring: 0, tids: [303] },
      { pid: 304, kind: "blkback", domid: 3, form: "ring", vdev: "xvda", ring: 1, tids: [304] },
      { pid: 305, kind: "blkback", domid: 3, form: "ring", vdev: "xvdb", ring: 0, tids: [305] },
      {
        pid: 410,
        kind: "qemu",
        domid: 4,
        form: "upstream",
        vdev: undefined,
        ring: undefined,
        tids: [410, 411, 412],
      },
      {
        pid: 1054,
        kind: "tapdisk",
        domid: undefined,
        form: undefined,
        vdev: undefined,
        ring: undefined,
        tids: [1054],
      },
    ]);
    expect(scan.backends.find((each) => each.pid === 301)?.device).toEqual({ major: 253, minor: 2 });
    expect(scan.backends.find((each) => each.kind === "tapdisk")?.openFiles).toEqual([
      "/dev/xen/tapctrlread1",
      "/dev/xen/tapctrlwrite1",
      "/srv/xen/vm5.img",
    ]);
    expect(scan.housekeeping).toEqual([
      { pid: 900, name: "rsync", kernelThread: false, nice: 10, tids: [900] },
    ]);
  });

  it("ignores a user process named like a blkback thread", async () => {
    const procRoot = await writeProcTree(await testTempDir(), [
      { pid: 777, name: "3.xvda-0", cmdline: ["./3.xvda-0"] },
    ]);
    expect((await scanIoProcesses({ procRoot })).backends).toEqual([]);
  });

  it("leaves out a process that vanished between listing and reading", async () => {
    const root = await testTempDir();
    await writeProcTree(root, [{ pid: 303, name: "3.xvda-0", kernelThread: true }]);
    const { mkdir } = await import("node:fs/promises");
    await mkdir(`${root}/999`); // a directory without stat: the process exited
    expect((await readProcesses({ procRoot: root })).map((each) => each.pid)).toEqual([303]);
  });

  it("says which root it could not read", async () => {
    await expect(scanIoProcesses({ procRoot: "/nonexistent/proc" })).rejects.toThrow(ProcUnreadableError);
    await expect(scanIoProcesses({ procRoot: "/nonexistent/proc" })).rejects.toThrow(
      /cannot list processes in \/nonexistent\/proc: .*ENOENT/,
    );
  });
});
