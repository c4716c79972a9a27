import { readFile } from "node:fs/promises";
import { testTempDir } from "@dom0kit/test-support";
import type { CommandRunner } from "@dom0kit/runner";
import { formatCommand } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { CliContext } from "../src/context.js";
import { describeError } from "../src/describe-error.js";
import type { CliIo } from "../src/io.js";
import { createProgram } from "../src/program.js";
import { runCli } from "../src/run-cli.js";
import { FakeDom0, writeIoHost } from "./fixtures/io-host.js";

/** A CLI context whose host runner is the test's fake dom0. */
class FakeHostContext extends CliContext {
  readonly #runner: CommandRunner;
  constructor(io: CliIo, runner: CommandRunner) {
    super(io, new AbortController().signal);
    this.#runner = runner;
  }
  override hostRunner(): CommandRunner {
    return this.#runner;
  }
}

async function setup() {
  const root = await testTempDir();
  await writeIoHost(root);
  const dom0 = new FakeDom0();
  const roots = ["--proc-root", `${root}/proc`, "--sys-root", `${root}/sys`, "--fs-root", root];
  async function cli(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
      cwd: root,
    };
    try {
      await createProgram(new FakeHostContext(io, dom0)).parseAsync(argv, { from: "user" });
      return { exitCode: 0, stdout, stderr };
    } catch (error) {
      const report = describeError(error, false);
      return { exitCode: report.exitCode, stdout, stderr: `${stderr}${report.reason}\n${report.hint ?? ""}` };
    }
  }
  return { root, dom0, roots, cli };
}

describe("dom0kit io show", () => {
  it("prints domain, domid, processes found, level now, level planned and the scheduler verdict", async () => {
    const { cli, roots } = await setup();
    const result = await cli(["io", "show", ...roots, "--housekeeping-process", "rsync"]);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^DOMAIN +DOMID +PROCESSES +NOW +PLANNED +SCHEDULER$/);
    expect(lines.slice(1, 6)).toEqual([
      expect.stringMatching(/^alpha +1 +2 blkback +none≈be\/4 +be\/0 +bfq: levels$/),
      expect.stringMatching(/^beta +2 +qemu \(2 threads\) +none≈be\/4 +be\/1 +none: ignored$/),
      expect.stringMatching(/^gamma +3 +none +- +be\/2 +mq-deadline: class only$/),
      expect.stringMatching(/^delta +- +none +- +be\/3 +mq-deadline: class only$/),
      expect.stringMatching(/^\(housekeeping\) +0 +rsync +none≈be\/4 +be\/7$/),
    ]);
  });

  it("reports the domains it found no backend for, and the backends it leaves alone", async () => {
    const { cli, roots } = await setup();
    const { stdout } = await cli(["io", "show", ...roots]);
    expect(stdout).toContain(
      "! gamma: running as domid 3, but no blkback thread, qemu or tapdisk serves it: its disk I/O is not reprioritised",
    );
    expect(stdout).toContain("! delta: not running: not in xl list, so no backend process to set");
    expect(stdout).toContain(
      "left alone: blkback 9.xvda-0 (pid 909): domid 9 is not in xl list (a dying domain, or a stale backend)",
    );
    expect(stdout).toContain(
      'nvme0n1: none on nvme0n1 ignores I/O priorities: switch nvme0n1 to bfq: write "bfq"',
    );
  });

  it("prints JSON with the same facts", async () => {
    const { cli, roots } = await setup();
    const result = await cli(["--json", "io", "show", ...roots]);
    const json = JSON.parse(result.stdout) as {
      domains: {
        name: string;
        domid: number | null;
        now: string;
        plannedText: string;
        scheduler: { honours: string };
        processes: { pid: number }[];
      }[];
    };
    expect(
      json.domains.map((domain) => [
        domain.name,
        domain.domid,
        domain.processes.map((p) => p.pid),
        domain.now,
        domain.plannedText,
        domain.scheduler.honours,
      ]),
    ).toEqual([
      ["alpha", 1, [101, 102], "none≈be/4", "be/0", "levels"],
      ["beta", 2, [201], "none≈be/4", "be/1", "nothing"],
      ["gamma", 3, [], "-", "be/2", "class"],
      ["delta", null, [], "-", "be/3", "class"],
    ]);
  });
});

describe("dom0kit io plan", () => {
  it("explains each level and prints one ionice per level, for only what differs", async () => {
    const { cli, roots, dom0 } = await setup();
    const { stdout, exitCode } = await cli(["io", "plan", ...roots, "--housekeeping-process", "rsync"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("alpha: allocation 2048 is the largest of 4 → level 0");
    expect(stdout).toContain("gamma: allocation 512 ranks 3rd of 4 → level 2");
    expect(stdout.split("\n").filter((line) => line.startsWith("  ionice"))).toEqual([
      "  ionice -c 2 -n 0 -p 101 102",
      "  ionice -c 2 -n 1 -p 201 202",
      "  ionice -c 2 -n 7 -p 900",
    ]);
    expect(dom0.sets).toEqual([]);
  });

  it("plans the switch to bfq for disks that do not honour levels", async () => {
    const { cli, roots, root } = await setup();
    const { stdout } = await cli(["io", "plan", ...roots, "--switch-scheduler"]);
    expect(stdout).toContain(`  tee ${root}/sys/block/nvme0n1/queue/scheduler <<< "bfq"`);
    expect(stdout).toContain(`  tee ${root}/sys/block/sdb/queue/scheduler <<< "bfq"`);
    expect(stdout).not.toContain("sys/block/sda/queue/scheduler");
  });

  it("says why the cgroup alternative is not planned where the io controller is missing", async () => {
    const { cli, roots, root } = await setup();
    const { stdout } = await cli(["io", "plan", ...roots, "--cgroup", "--cgroup-root", `${root}/cgroup`]);
    expect(stdout).toContain(
      `! cgroup weights not planned: the io controller is not offered in ${root}/cgroup`,
    );
    expect(stdout).toContain("! 2 blkback kernel threads cannot join a cgroup: ionice is their only lever");
  });

  it("rejects a level outside 0-7 as a usage error", async () => {
    const { cli, roots } = await setup();
    const result = await cli(["io", "plan", ...roots, "--start-level", "9"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--start-level "9" is not a level');
  });
});

describe("dom0kit io apply", () => {
  it("applies, reads back, and applying again runs no ionice -c", async () => {
    const { cli, roots, dom0 } = await setup();
    const first = await cli(["io", "apply", ...roots]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("ran 2 ionice commands; every task read back at its planned priority");
    expect(dom0.sets.map(formatCommand)).toEqual([
      "ionice -c 2 -n 0 -p 101 102",
      "ionice -c 2 -n 1 -p 201 202",
    ]);
    expect(first.stdout).toMatch(/^alpha +1 +2 blkback +be\/0 +be\/0 /m);

    dom0.commands.length = 0;
    const second = await cli(["io", "apply", ...roots]);
    expect(second.stdout).toContain("nothing to change: every backend task already has its planned priority");
    expect(dom0.sets).toEqual([]);
  });

  it("switches the disks that do not honour levels to bfq, after which the verdicts say levels", async () => {
    const { cli, roots, root } = await setup();
    const result = await cli(["io", "apply", ...roots, "--switch-scheduler"]);
    expect(result.exitCode).toBe(0);
    expect(await readFile(`${root}/sys/block/nvme0n1/queue/scheduler`, "utf8")).toBe("bfq\n");
    expect(await readFile(`${root}/sys/block/sdb/queue/scheduler`, "utf8")).toBe("bfq\n");
    expect(result.stdout).toMatch(/^beta +2 +qemu \(2 threads\) +be\/1 +be\/1 +bfq: levels$/m);
  });

  it("with --dry-run prints the commands and changes nothing", async () => {
    const { cli, roots, dom0 } = await setup();
    const result = await cli(["--dry-run", "io", "apply", ...roots]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("would run: ionice -c 2 -n 0 -p 101 102");
    expect(result.stdout).toContain("would run 2 ionice commands");
    expect(dom0.sets).toEqual([]);
    expect(dom0.priorities.get(101)).toBe("none: prio 0");
  });

  it("fails with the tasks that still differ", async () => {
    const { cli, roots, dom0 } = await setup();
    const original = dom0.run.bind(dom0);
    // A host that accepts ionice -c but changes nothing.
    dom0.run = async (command) =>
      command.file === "ionice" && command.args.includes("-c")
        ? { command, exitCode: 0, stdout: "", stderr: "", durationMs: 0 }
        : original(command);
    const result = await cli(["io", "apply", ...roots]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      "4 task(s) still differ from the plan: alpha tid 101, alpha tid 102, beta tid 201, beta tid 202",
    );
  });
});

describe("dom0kit io on another host", () => {
  it("lists processes with ps through the host runner and skips the scheduler check, saying so", async () => {
    const { cli, dom0, root } = await setup();
    const result = await cli(["--host", "sim", "io", "apply", "--fs-root", root]);
    expect(result.exitCode).toBe(0);
    expect(dom0.commands.map(formatCommand)).toContain("ps -e -o pid=,ppid=,ni=,args=");
    expect(dom0.sets.map(formatCommand)).toEqual([
      "ionice -c 2 -n 0 -p 101 102",
      "ionice -c 2 -n 1 -p 201 202",
    ]);
    expect(result.stdout).toMatch(/^beta +2 +qemu \(2 threads\) +be\/1 +be\/1 +-$/m);
    expect(result.stdout).toContain(
      "! scheduler check skipped: the host's /sys is not on this machine (pass --sys-root to read a copy)",
    );
  });

  it("does not plan cgroups it cannot see", async () => {
    const { cli } = await setup();
    const result = await cli(["--host", "sim", "io", "plan", "--cgroup"]);
    expect(result.stdout).toContain(
      "! cgroup weights not planned: the host's cgroup file system is not on this machine",
    );
  });
});

describe("dom0kit io on a machine that is not a dom0", () => {
  it("says xl cannot list domains, with a hint", async () => {
    const root = await testTempDir();
    await writeIoHost(root);
    let stderr = "";
    const exitCode = await runCli(
      ["--host", "local", "io", "show", "-i", `${root}/dom0kit.yaml`, "--proc-root", `${root}/proc`],
      {
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        env: {},
        cwd: root,
      },
    );
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(
      /^dom0kit: cannot list the running domains: xl list (failed|could not be started)/,
    );
    expect(stderr).toContain(
      "hint: run on the dom0 as root (xl needs the hypervisor), or choose another host with --host",
    );
  });
});
