import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import { ScriptedRunner, type CommandRunner } from "@dom0kit/runner";
import { describe, expect, it, onTestFinished } from "vitest";
import { CliContext } from "../src/context.js";
import { describeError } from "../src/describe-error.js";
import type { CliIo } from "../src/io.js";
import { createProgram } from "../src/program.js";
import { runCli } from "../src/run-cli.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;
const CREDIT1_HEAVY = new URL("fixtures/credit1-heavy.yaml", import.meta.url).pathname;
const CREDIT1_FAIR = new URL("fixtures/credit1-fair.yaml", import.meta.url).pathname;
const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

function io(): CliIo & { out: () => string; err: () => string } {
  let stdout = "";
  let stderr = "";
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: process.cwd(),
    out: () => stdout,
    err: () => stderr,
  };
}

async function cli(argv: string[]) {
  const streams = io();
  const exitCode = await runCli(argv, streams);
  return { exitCode, stdout: streams.out(), stderr: streams.err() };
}

/** The CLI with its host runner replaced by a scripted one (what `--host` would give). */
async function cliOnHost(argv: string[], runner: CommandRunner) {
  const streams = io();
  const context = new (class extends CliContext {
    override hostRunner(): CommandRunner {
      return runner;
    }
  })(streams, new AbortController().signal);
  let exitCode = 0;
  try {
    await createProgram(context).parseAsync(argv, { from: "user" });
  } catch (error) {
    exitCode = error instanceof CommanderError ? 2 : describeError(error, false).exitCode;
    streams.stderr.write(error instanceof Error ? error.message : String(error));
  }
  return { exitCode, stdout: streams.out(), stderr: streams.err() };
}

function denmarkHost(state: "fresh" | "done"): ScriptedRunner {
  return new ScriptedRunner()
    .expect(["xl", "list"], { stdout: fixture(`denmark-${state}-xl-list.txt`) })
    .expect(["xl", "sched-credit"], { stdout: fixture(`denmark-${state}-xl-sched-credit.txt`) })
    .expect(["xl", "vcpu-list"], { stdout: fixture(`denmark-${state}-xl-vcpu-list.txt`) });
}

describe("dom0kit sched show", () => {
  it("prints each domain's settings, guaranteed and maximum CPU, and why", async () => {
    const result = await cli(["sched", "show", "-i", DENMARK, "--dom0-vcpus", "1"]);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^DOMAIN +RAM +WEIGHT +CAP +VCPUS +GUARANTEED +MAX +REASON$/);
    expect(result.stdout).toMatch(
      /^Domain-0 +- +6000 +- +1 +100% \(25\.0% of host\) +100% +.*held at 100% by its 1 vcpu$/m,
    );
    expect(result.stdout).toMatch(
      /^claudius +2048 MiB +1024 +- +2 +.* +200% +20\.5% of the weight \(1024 × 2 vcpus\)/m,
    );
    expect(lines).toHaveLength(7);
  });

  it("gives the same data as JSON, with every reason", async () => {
    const result = await cli(["--json", "sched", "show", "-i", DENMARK, "--demand", "Domain-0=0"]);
    expect(result.exitCode).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      host: { pcpus: number };
      warnings: string[];
      domains: { name: string; share: number; guaranteed: number; reasons: { weight: string } }[];
    };
    expect(parsed.host.pcpus).toBe(4);
    expect(parsed.domains.map((row) => row.name)).toEqual([
      "Domain-0",
      "horatio",
      "osric",
      "baldr",
      "lsc",
      "claudius",
    ]);
    expect(parsed.domains[0]?.share).toBe(0);
    expect(parsed.domains[1]?.reasons.weight).toBe("= 1024 MB of RAM on 1 vcpu: the domain weighs its RAM");
    expect(parsed.warnings[0]).toContain("dom0 weighs 6000 once per busy vcpu");
  });

  it("adds a SHARE column under a given demand", async () => {
    const result = await cli(["sched", "show", "-i", DENMARK, "--dom0-vcpus", "1", "--demand", "horatio=20"]);
    expect(result.stdout.split("\n")[0]).toMatch(/MAX +SHARE +REASON$/);
    expect(result.stdout).toMatch(/^horatio .* 20% +/m);
  });

  it.each([
    [["--demand", "nobody=5"], 'no domain named "nobody"'],
    [["--demand", "horatio"], "is not NAME=PERCENT"],
    [["--weight-rule", "ram"], "is not a weight rule"],
    [["--dom0-vcpus", "two"], "is not a whole number"],
  ])("rejects %j with exit 2", async (extra, message) => {
    const result = await cli(["sched", "show", "-i", DENMARK, ...extra]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("reports a policy error from the library with its place and exit 1", async () => {
    const result = await cli(["sched", "show", "-i", DENMARK, "--dom0-vcpus", "0"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("host.dom0.vcpus");
  });
});

describe("dom0kit sched show, Credit1 note", () => {
  const HEAVY_NOTE =
    /^note: with every domain busy, Credit1 would run heavy at 45\.\d% where 62\.5% is guaranteed \(1[67]\.\d points of the host short\); `dom0kit sched simulate` shows which of Credit1's accounting rules cause it$/m;

  it("names a heavy domain Credit1 short-changes, with both numbers, under the table", async () => {
    // One pCPU, weights 256 (dom0), 256, 256, 1280: the credit-scheduler's halving case.
    const result = await cli(["sched", "show", "-i", CREDIT1_HEAVY]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^heavy +1024 MiB +1280 +- +1 +62\.5% \(62\.5% of host\)/m);
    expect(result.stderr).toMatch(HEAVY_NOTE);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1); // one note, the light domains not in it
  });

  it("says nothing on a host where Credit1 keeps every guarantee", async () => {
    for (const argv of [
      ["sched", "show", "-i", CREDIT1_FAIR, "--dom0-vcpus", "1"],
      ["sched", "show", "-i", DENMARK, "--dom0-vcpus", "1"],
    ]) {
      const result = await cli(argv);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^DOMAIN +RAM/);
      expect(result.stderr).not.toContain("Credit1");
    }
  });

  it("checks guarantees with every domain busy, whatever --demand says", async () => {
    const result = await cli(["sched", "show", "-i", CREDIT1_HEAVY, "--demand", "heavy=10"]);
    expect(result.stdout).toMatch(/MAX +SHARE +REASON$/m);
    expect(result.stderr).toMatch(HEAVY_NOTE);
  });

  it("gives the short-changed domains as credit1Shortfalls in --json, [] when none", async () => {
    const heavy = await cli(["--json", "sched", "show", "-i", CREDIT1_HEAVY]);
    const parsed = JSON.parse(heavy.stdout) as { credit1Shortfalls: Record<string, unknown>[] };
    expect(parsed.credit1Shortfalls).toHaveLength(1);
    expect(parsed.credit1Shortfalls[0]).toMatchObject({ name: "heavy", guaranteed: 62.5 });
    expect(parsed.credit1Shortfalls[0]?.credit1).toBeLessThan(50);
    expect(parsed.credit1Shortfalls[0]?.pointsOfHost).toBeGreaterThan(12.5);
    expect(heavy.stderr).toBe("");
    const fair = await cli(["--json", "sched", "show", "-i", CREDIT1_FAIR, "--dom0-vcpus", "1"]);
    expect(JSON.parse(fair.stdout)).toMatchObject({ credit1Shortfalls: [] });
  });

  it("runs no Credit1 check on a credit2 host: no note, credit1Shortfalls null", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dom0kit-sched-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const credit2 = join(dir, "credit2.yaml");
    writeFileSync(
      credit2,
      readFileSync(CREDIT1_HEAVY, "utf8").replace("scheduler: credit", "scheduler: credit2"),
    );
    const text = await cli(["sched", "show", "-i", credit2]);
    expect(text.exitCode).toBe(0);
    expect(text.stderr).not.toContain("Credit1");
    const json = await cli(["--json", "sched", "show", "-i", credit2]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      host: { scheduler: "credit2" },
      credit1Shortfalls: null,
    });
  });
});

describe("dom0kit sched plan", () => {
  it("reads the host and prints the commands that differ", async () => {
    const runner = denmarkHost("fresh");
    const result = await cliOnHost(["sched", "plan", "-i", DENMARK], runner);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("1. Domain-0: weight 256 → 6000");
    expect(result.stdout).toContain("   xl sched-credit -d Domain-0 -w 6000\n");
    expect(result.stdout).toContain("   xl sched-credit -d claudius -w 1024\n");
    expect(result.stdout).not.toContain("-d lsc"); // 512 MB ÷ 2 vcpus = 256, already set
    runner.verify();
  });

  it("prints nothing to change for a host that already runs the policy", async () => {
    const result = await cliOnHost(["sched", "plan", "-i", DENMARK], denmarkHost("done"));
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: "nothing to change: the host already runs this policy\n",
    });
  });

  it("gives the plan as JSON, with each step's undo", async () => {
    const result = await cliOnHost(
      ["--json", "sched", "plan", "-i", DENMARK, "--tslice-ms", "10"],
      denmarkHost("fresh"),
    );
    const parsed = JSON.parse(result.stdout) as {
      plan: { empty: boolean; steps: { argv: string[]; undo: { argv: string[] } }[] };
    };
    expect(parsed.plan.empty).toBe(false);
    expect(parsed.plan.steps[0]).toMatchObject({
      argv: ["xl", "sched-credit", "-s", "-t", "10"],
      undo: { argv: ["xl", "sched-credit", "-s", "-t", "30"] },
    });
  });

  it("refuses to raise vcpus above what a domain booted with, before anything runs", async () => {
    const result = await cliOnHost(["sched", "plan", "-i", DENMARK, "--burst"], denmarkHost("fresh"));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("horatio: wants 4 vcpus but booted with 1");
  });
});

describe("dom0kit sched apply", () => {
  it("runs the changes and says how many", async () => {
    const runner = denmarkHost("fresh");
    for (const [name, weight] of [
      ["Domain-0", "6000"],
      ["horatio", "1024"],
      ["osric", "128"],
      ["claudius", "1024"],
    ] as const) {
      runner.expect(["xl", "sched-credit", "-d", name, "-w", weight]);
    }
    const result = await cliOnHost(["sched", "apply", "-i", DENMARK], runner);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("done: claudius: weight 256 → 1024");
    expect(result.stdout).toContain("applied 4 changes\n");
    runner.verify();
  });

  it("only prints what would run with --dry-run", async () => {
    const runner = denmarkHost("fresh");
    const result = await cliOnHost(["--dry-run", "sched", "apply", "-i", DENMARK], runner);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("would run: xl sched-credit -d Domain-0 -w 6000\n");
    expect(result.stdout).not.toContain("applied");
    runner.verify();
  });

  it("undoes what it changed when a step fails, and exits 1", async () => {
    const runner = denmarkHost("fresh")
      .expect(["xl", "sched-credit", "-d", "Domain-0", "-w", "6000"])
      .expect(["xl", "sched-credit", "-d", "horatio", "-w", "1024"], {
        exitCode: 1,
        stderr: "libxl_domain_sched_params_set failed.",
      })
      .expect(["xl", "sched-credit", "-d", "horatio", "-w", "256"])
      .expect(["xl", "sched-credit", "-d", "Domain-0", "-w", "256"]);
    const result = await cliOnHost(["sched", "apply", "-i", DENMARK], runner);
    expect(result.exitCode).toBe(1);
    runner.verify();
  });
});

describe("dom0kit sched simulate", () => {
  it("compares Credit1 with the calculator", async () => {
    const result = await cli([
      "sched",
      "simulate",
      "-i",
      DENMARK,
      "--seconds",
      "5",
      "--dom0-vcpus",
      "1",
      "--demand",
      "Domain-0=5",
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(
      /^DOMAIN +WEIGHT +VCPUS +CAP +CALCULATOR +CREDIT1 +DIFFERENCE$/,
    );
    expect(result.stdout).toMatch(/^Domain-0 +6000 +1 +- +5% +5% +[+-]0\.\d$/m);
  });

  it("gives the comparison as JSON", async () => {
    const result = await cli(["--json", "sched", "simulate", "-i", DENMARK, "--seconds", "2"]);
    const parsed = JSON.parse(result.stdout) as {
      seconds: number;
      domains: {
        name: string;
        calculated: number;
        credit1: number;
        halvedAway: number;
        debtForgiven: number;
        parked: number;
      }[];
    };
    expect(parsed.seconds).toBe(2);
    for (const row of parsed.domains) {
      expect(row.halvedAway).toBeGreaterThanOrEqual(0);
      expect(row.debtForgiven).toBeGreaterThanOrEqual(0);
      expect(row.parked).toBeGreaterThanOrEqual(0);
    }
    const total = parsed.domains.reduce((sum, row) => sum + row.credit1, 0);
    expect(total).toBeGreaterThan(390);
    expect(total).toBeLessThanOrEqual(400.5);
  });

  it("notes where Credit1 departs from the calculator, rule by rule", async () => {
    const result = await cli(["sched", "simulate", "-i", CREDIT1_HEAVY, "--seconds", "10"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^heavy +1280 +1 +- +62\.5% +4\d\.\d% +-1\d\.\d$/m);
    expect(result.stderr).toMatch(/^heavy: ran 4\d\.\d% where the calculator says 62\.5% .*: halved /m);
  });

  it("rejects a duration out of range", async () => {
    expect((await cli(["sched", "simulate", "-i", DENMARK, "--seconds", "0"])).exitCode).toBe(2);
  });
});
