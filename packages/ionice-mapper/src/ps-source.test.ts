import { ScriptedRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { FakeIoniceHost } from "../test/fixtures/fake-ionice-host.js";
import { ToolOutputError } from "./errors.js";
import { scanIoProcesses } from "./find-backends.js";
import { inspectIo } from "./inspect-io.js";
import { parseIoPolicy } from "./policy.js";
import { parsePsOutput, psSource } from "./ps-source.js";

const PS = `      1       0   0 /sbin/init
      2       0   0 [kthreadd]
    303       2   0 [3.xvda-0]
    301       2   0 [xvd 1 fd:02]
    410       1   - /usr/lib/xen/bin/qemu-system-i386 -xen-domid 4 -M xenpv
    900       1  10 /usr/bin/rsync -a /var/backup backup:/
   1054       1   0 tapdisk /dev/xen/tapctrlwrite1 /dev/xen/tapctrlread1
    777       1   0 [3.xvda-0]
`;

describe("parsePsOutput", () => {
  it("reads kernel threads by their bracketed name and user processes by their program", () => {
    expect(
      parsePsOutput(PS).map(({ pid, name, kernelThread, nice }) => [pid, name, kernelThread, nice]),
    ).toEqual([
      [1, "init", false, 0],
      [2, "kthreadd", true, 0],
      [303, "3.xvda-0", true, 0],
      [301, "xvd 1 fd:02", true, 0],
      [410, "qemu-system-i38", false, 0],
      [900, "rsync", false, 10],
      [1054, "tapdisk", false, 0],
      [777, "[3.xvda-0]", false, 0],
    ]);
  });

  it("says which line it could not read", () => {
    expect(() => parsePsOutput("  PID  PPID NI COMMAND\n")).toThrow(ToolOutputError);
  });
});

describe("psSource", () => {
  it("finds backends through a runner, with threads from ps -L", async () => {
    const runner = new ScriptedRunner({ ordered: false })
      .expect(["ps", "-e", "-o", "pid=,ppid=,ni=,args="], { stdout: PS })
      .expect(["ps", "-L", "-o", "lwp=", "-p", "410"], { stdout: "  410\n  411\n  412\n" })
      .expect(["ps", "-L", "-o", "lwp=", "-p", "1054"], { exitCode: 127, stderr: "not simulated" })
      .expect(["ps", "-L", "-o", "lwp=", "-p", "900"], { stdout: "900\n" });
    const scan = await scanIoProcesses({ source: psSource(runner), housekeepingNames: ["rsync"] });
    expect(
      scan.backends.map(({ pid, kind, domid, tids, openFiles }) => ({ pid, kind, domid, tids, openFiles })),
    ).toEqual([
      { pid: 301, kind: "blkback", domid: 1, tids: [301], openFiles: undefined },
      { pid: 303, kind: "blkback", domid: 3, tids: [303], openFiles: undefined },
      { pid: 410, kind: "qemu", domid: 4, tids: [410, 411, 412], openFiles: undefined },
      { pid: 1054, kind: "tapdisk", domid: undefined, tids: [1054], openFiles: undefined },
    ]);
    expect(scan.housekeeping.map((each) => each.pid)).toEqual([900]);
    runner.verify();
  });

  it("leaves a tapdisk alone when its open files cannot be read, saying so", async () => {
    const xl = "Name ID Mem VCPUs State Time(s)\nvm5 5 256 1 -b---- 1.0\n";
    const host = new FakeIoniceHost(xl, [1054]);
    const runner = {
      run: async (command: Parameters<FakeIoniceHost["run"]>[0]) =>
        command.file === "ps"
          ? {
              command,
              exitCode: 0,
              stdout: command.args[0] === "-e" ? PS : "1054\n",
              stderr: "",
              durationMs: 0,
            }
          : host.run(command),
      stream: () => host.stream(),
    };
    const policy = parseIoPolicy({
      domains: [{ name: "vm5", allocation: 1, disks: [{ source: "/srv/xen/vm5.img" }] }],
    });
    const inspection = await inspectIo(policy, {
      runner,
      processSource: psSource(runner),
      checkSchedulers: false,
    });
    expect(inspection.unassigned.find((each) => each.backend.kind === "tapdisk")?.reason).toBe(
      "its open files cannot be read from here, so its domain is unknown",
    );
    expect(inspection.domains[0]?.problems[0]).toMatch(/^running as domid 5, but no blkback thread/);
  });
});
