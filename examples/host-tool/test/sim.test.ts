import { existsSync } from "node:fs";
import { join } from "node:path";
import { SimHost } from "@dom0kit/sim-host";
import { testTempDir } from "@dom0kit/test-support";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { runnerForTarget } from "../src/host-runner.js";
import { runCli } from "../src/run-cli.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd: process.cwd(),
  });
  return { exitCode, stdout, stderr };
}

describe("the default --host sim", () => {
  it("creates an empty simulated dom0 on first use and runs commands there", async () => {
    const dir = join(await testTempDir(), "sim");
    const runner = runnerForTarget({ kind: "sim", dir });
    expect(existsSync(dir)).toBe(false);
    const listed = await runner.run({ file: "xl", args: ["list"] });
    expect(listed.stdout).toMatch(/^Name +ID +Mem VCPUs\tState\tTime\(s\)\nDomain-0 +0 /);
    expect(existsSync(join(dir, "state.json"))).toBe(true);
  });

  it("finds its directory in $DOM0KIT_SIM_DIR when --host sim has none", async () => {
    const dir = join(await testTempDir(), "sim");
    const runner = runnerForTarget({ kind: "sim" }, { DOM0KIT_SIM_DIR: dir });
    await runner.run({ file: "lvs", args: [] });
    expect(existsSync(join(dir, "state.json"))).toBe(true);
  });
});

describe("dom0kit sim init", () => {
  it("creates a simulated dom0 in $DOM0KIT_SIM_DIR, and refuses to replace it without --force", async () => {
    const dir = join(await testTempDir(), "sim");
    const env = { DOM0KIT_SIM_DIR: dir };
    const first = await cli(["sim", "init"], env);
    expect(first).toMatchObject({ exitCode: 0, stderr: "" });
    expect(first.stdout).toContain(`created in ${dir}`);
    expect(first.stdout).toContain("0 domains running, 0 logical volumes");

    const again = await cli(["sim", "init"], env);
    expect(again).toMatchObject({ exitCode: 1, stdout: "" });
    expect(again.stderr).toBe(
      `dom0kit: a simulated dom0 already exists in ${dir}\nhint: add --force to replace it\n`,
    );
    expect((await cli(["sim", "init", "--force"], env)).exitCode).toBe(0);
  });

  it("builds the host, disks and running domains of an inventory", async () => {
    const dir = join(await testTempDir(), "sim");
    const result = await cli(["--host", `sim:${dir}`, "--json", "sim", "init", "-i", DENMARK]);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { dir: string; guests: string[]; logicalVolumes: number };
    expect(report.dir).toBe(dir);
    expect(report.guests.some((guest) => guest.startsWith("osric (domid "))).toBe(true);
    expect(report.logicalVolumes).toBeGreaterThan(0);

    const state = await (await SimHost.open(dir)).state();
    expect(state.host.hostname).toBe("denmark");
    expect(state.domains.map((domain) => domain.name)).toContain("osric");
  });

  it("is a usage error on a host that is not simulated", async () => {
    const result = await cli(["--host", "local", "sim", "init"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("dom0kit sim works on a simulated dom0, not --host local");
  });
});

describe("other commands on the default simulated dom0", () => {
  it("plans and applies the CPU policy of an inventory, then finds nothing to change", async () => {
    const env = { DOM0KIT_SIM_DIR: join(await testTempDir(), "sim") };
    expect((await cli(["sim", "init", "-i", DENMARK], env)).exitCode).toBe(0);
    const plan = await cli(["sched", "plan", "-i", DENMARK], env);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toMatch(/^ +xl sched-credit -d \S+ -w \d+$/m);
    expect((await cli(["sched", "apply", "-i", DENMARK], env)).exitCode).toBe(0);
    expect(await cli(["sched", "plan", "-i", DENMARK], env)).toMatchObject({
      exitCode: 0,
      stdout: expect.stringContaining("nothing to change: the host already runs this policy") as string,
    });
  });
});

describe("disk I/O priorities on the default simulated dom0", () => {
  it("sets every blkback thread's ionice level, then finds nothing to change", async () => {
    const env = { DOM0KIT_SIM_DIR: join(await testTempDir(), "sim") };
    expect((await cli(["sim", "init", "-i", DENMARK], env)).exitCode).toBe(0);
    const plan = await cli(["io", "plan", "-i", DENMARK], env);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toMatch(/^ +ionice -c 2 -n 0 -p \d+ \d+$/m);
    expect((await cli(["io", "apply", "-i", DENMARK], env)).exitCode).toBe(0);
    expect((await cli(["io", "plan", "-i", DENMARK], env)).stdout).toContain(
      "nothing to change: every backend task already has its planned priority",
    );
  });
});

describe("dom0kit sim reset", () => {
  it("takes the domains and disks away, keeping the machine", async () => {
    const dir = join(await testTempDir(), "sim");
    expect((await cli(["--host", `sim:${dir}`, "sim", "init", "-i", DENMARK])).exitCode).toBe(0);
    const result = await cli(["--host", `sim:${dir}`, "sim", "reset"]);
    expect(result).toEqual({ exitCode: 0, stdout: `simulated dom0 in ${dir} reset\n`, stderr: "" });
    const state = await (await SimHost.open(dir)).state();
    expect(state.host.hostname).toBe("denmark");
    expect(state.domains.filter((domain) => domain.domid !== 0)).toEqual([]);
    expect(state.logicalVolumes).toEqual([]);
  });

  it("says how to create a simulated dom0 when there is none", async () => {
    const dir = join(await testTempDir(), "none");
    expect(await cli(["--host", `sim:${dir}`, "sim", "reset"])).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: `dom0kit: no simulated dom0 in ${dir}\nhint: create one with \`dom0kit sim init\`\n`,
    });
  });
});

describe("dom0kit sim shims", () => {
  it("writes executables a real shell uses to reach the simulated dom0", async () => {
    const base = await testTempDir();
    const dir = join(base, "sim");
    const bin = join(base, "bin");
    expect((await cli(["--host", `sim:${dir}`, "sim", "init", "-i", DENMARK])).exitCode).toBe(0);
    const result = await cli(["--host", `sim:${dir}`, "sim", "shims", bin]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^\d+ shims written to /);
    expect(existsSync(join(bin, "xl"))).toBe(true);

    const shell = await execa("sh", ["-c", "xl list osric | tail -n 1; xl domid nosuchdomain"], {
      env: { PATH: `${bin}:${process.env.PATH ?? ""}` },
      reject: false,
    });
    expect(shell.stdout).toMatch(/^osric +\d+ +128 +\d+ +/);
    expect(shell.stderr).toBe(
      "Can't get domid of domain name 'nosuchdomain', maybe this domain does not exist.",
    );
    expect(shell.exitCode).toBe(1);
  }, 120_000);
});
