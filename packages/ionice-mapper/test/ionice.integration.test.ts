import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExecaRunner, formatCommand } from "@dom0kit/runner";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyIoPolicy,
  inspectIo,
  parseIoPolicy,
  parseSchedulerFile,
  procfsSource,
  psSource,
  scanIoProcesses,
  type IoPolicy,
} from "../src/index.js";
import { XlAnsweringRunner, xlListText } from "./fixtures/recording-runner.js";

const needs = integrationPrerequisites({
  root: true,
  commands: ["ionice"],
  paths: ["/proc/self/task", "/sys/block"],
});
const FAKE_QDISK = new URL("./fixtures/fake-qdisk.mjs", import.meta.url).pathname;

/** Reads one task's priority with the real ionice, as a person would. */
function realIonice(tid: number): string {
  return execFileSync("ionice", ["-p", String(tid)], { encoding: "utf8" }).trim();
}

function tasksOf(pid: number): number[] {
  return readdirSync(`/proc/${String(pid)}/task`).map(Number);
}

describe.skipIf(needs.skip)("ionice plans against real processes", () => {
  const children: ChildProcess[] = [];
  const files: string[] = [];
  // Domain ids no real dom0 would have yet, so nothing else on the machine matches them.
  const base = 20000 + Math.floor(Math.random() * 10000);
  const domains = [
    { name: uniqueName("io-big"), domid: base, allocation: 2048 },
    { name: uniqueName("io-small"), domid: base + 1, allocation: 256 },
  ];
  let policy: IoPolicy;
  let runner: XlAnsweringRunner;

  beforeAll(async () => {
    for (const domain of domains) {
      const child = spawn(process.execPath, [FAKE_QDISK, "-xen-domid", String(domain.domid)], {
        stdio: ["pipe", "ignore", "inherit"],
      });
      children.push(child);
      const image = join(tmpdir(), `${uniqueName("io-img")}.img`);
      writeFileSync(image, "");
      files.push(image);
    }
    // Wait until each child has started its threads.
    await new Promise((resolve) => setTimeout(resolve, 500));
    policy = parseIoPolicy({
      domains: domains.map((domain, index) => ({
        name: domain.name,
        allocation: domain.allocation,
        disks: [{ source: files[index] as string, vdev: "xvda" }],
      })),
    });
    runner = new XlAnsweringRunner(new ExecaRunner(), () => xlListText(domains));
  });

  afterAll(() => {
    for (const child of children) child.kill("SIGTERM");
    for (const file of files) execFileSync("rm", ["-f", file]);
  });

  it("finds the processes in the real /proc by -xen-domid, every thread of each", async () => {
    const inspection = await inspectIo(policy, { runner });
    for (const [index, domain] of inspection.domains.entries()) {
      const pid = children[index]?.pid as number;
      expect(domain.domid).toBe(domains[index]?.domid);
      expect(domain.backends.map((backend) => [backend.kind, backend.pid])).toEqual([["qemu", pid]]);
      // Every thread, not just the main one (node may start more threads later; those inherit).
      const tids = domain.backends[0]?.tids ?? [];
      expect(tids.length).toBeGreaterThan(1);
      expect(tids).toContain(pid);
      for (const tid of tids) expect(tasksOf(pid)).toContain(tid);
      expect(domain.problems).toEqual([]);
    }
  });

  it("reads the class a never-set task has (none, or what its parent had) and plans to set it", async () => {
    const pid = children[0]?.pid as number;
    const before = realIonice(pid);
    expect(before).toMatch(/^(none: prio [0-7]|best-effort: prio [0-7]|idle|realtime: prio [0-7])$/);
    const inspection = await inspectIo(policy, { runner });
    const now = inspection.domains[0]?.backends[0]?.now[pid];
    expect(
      now === undefined ? "" : `${now.ioClass}${now.ioClass === "idle" ? "" : `: prio ${String(now.level)}`}`,
    ).toBe(before);
  });

  it("applies the plan with the real ionice and the levels read back are the planned ones", async () => {
    const result = await applyIoPolicy(policy, { runner });
    expect(result.status).toBe("applied");
    expect(result.remaining).toEqual([]);
    const levels = [0, 1];
    for (const [index, child] of children.entries())
      for (const tid of tasksOf(child.pid as number))
        expect(realIonice(tid)).toBe(`best-effort: prio ${String(levels[index])}`);
    const sets = runner.commands.filter(
      (command) => command.file === "ionice" && command.args.includes("-c"),
    );
    expect(sets.map(formatCommand).map((line) => line.replace(/ -p .*/, ""))).toEqual([
      "ionice -c 2 -n 0",
      "ionice -c 2 -n 1",
    ]);
  });

  it("re-applying with nothing changed runs no ionice -c", async () => {
    runner.commands.length = 0;
    const result = await applyIoPolicy(policy, { runner });
    expect(result.status).toBe("unchanged");
    expect(
      runner.commands.filter((command) => command.file === "ionice" && command.args.includes("-c")),
    ).toEqual([]);
    expect(runner.commands.map((command) => command.file)).toEqual(["xl", "ionice"]);
  });

  it("puts back only a task that drifted", async () => {
    const tid = tasksOf(children[1]?.pid as number).at(-1) as number;
    execFileSync("ionice", ["-c", "3", "-p", String(tid)]);
    runner.commands.length = 0;
    const result = await applyIoPolicy(policy, { runner });
    expect(result.status).toBe("applied");
    expect(runner.commands.filter((command) => command.args.includes("-c")).map(formatCommand)).toEqual([
      `ionice -c 2 -n 1 -p ${String(tid)}`,
    ]);
    expect(realIonice(tid)).toBe("best-effort: prio 1");
  });

  it("judges the scheduler of the real disk under each image file", async () => {
    const inspection = await inspectIo(policy, { runner });
    const storage = inspection.domains[0]?.storage[0];
    expect(storage?.resolution.kind).toBe("file");
    const disk = storage?.resolution.disks[0]?.disk;
    expect(disk).toBeDefined();
    const schedulerFile = `/sys/block/${String(disk)}/queue/scheduler`;
    const expected = (() => {
      try {
        return parseSchedulerFile(readFileSync(schedulerFile, "utf8")).active ?? "(none)";
      } catch {
        return "(none)";
      }
    })();
    expect(storage?.verdicts[0]?.scheduler).toBe(expected);
  });
});

describe.skipIf(needs.skip)("discovery on this machine's real /proc", () => {
  it("reads the same processes through the real ps as through /proc", async () => {
    const child = spawn(process.execPath, [FAKE_QDISK, "-xen-domid", "31999"], {
      stdio: ["pipe", "ignore", "inherit"],
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const pid = child.pid as number;
      const viaPs = await scanIoProcesses({ source: psSource(new ExecaRunner()) });
      const viaProc = await scanIoProcesses({ source: procfsSource() });
      const mine = (scan: typeof viaPs) => scan.backends.find((backend) => backend.pid === pid);
      expect(mine(viaPs)).toMatchObject({ kind: "qemu", domid: 31999, kernelThread: false });
      expect(mine(viaPs)?.tids.length).toBeGreaterThan(1);
      // Threads may still be starting under load: both ways see the main thread and others.
      expect(mine(viaPs)?.tids).toContain(pid);
      expect(mine(viaProc)?.tids.length).toBeGreaterThan(1);
      // Kernel threads: the same names both ways, for the threads both saw (kworkers rename
      // themselves after the work they run, so they are left out).
      const kthreads = async (source: ReturnType<typeof psSource>) =>
        new Map(
          (await source.list())
            .filter((each) => each.kernelThread && !each.name.startsWith("kworker"))
            .map((each) => [each.pid, each.name]),
        );
      const [ps, proc] = [await kthreads(psSource(new ExecaRunner())), await kthreads(procfsSource())];
      const both = [...ps.keys()].filter((each) => proc.has(each));
      expect(both.length).toBeGreaterThan(5);
      for (const each of both) expect(ps.get(each)).toBe(proc.get(each));
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("reads every process without error and finds no Xen backend (this is not a dom0)", async () => {
    const scan = await scanIoProcesses({ procRoot: "/proc" });
    expect(scan.scanned).toBeGreaterThan(10);
    const foreign = scan.backends.filter((backend) => {
      try {
        return !readFileSync(`/proc/${String(backend.pid)}/cmdline`, "utf8").includes("fake-qdisk.mjs");
      } catch {
        return false; // exited meanwhile
      }
    });
    expect(foreign.map((backend) => `${backend.kind} ${String(backend.pid)} ${backend.name}`)).toEqual([]);
  });
});
