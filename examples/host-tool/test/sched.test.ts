import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { ScriptedRunner, type CommandRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { CliContext } from "../src/context.js";
import { describeError } from "../src/describe-error.js";
import type { CliIo } from "../src/io.js";
import { createProgram } from "../src/program.js";
import { runCli } from "../src/run-cli.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;
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

  it("rejects a duration out of range", async () => {
    expect((await cli(["sched", "simulate", "-i", DENMARK, "--seconds", "0"])).exitCode).toBe(2);
  });
});
