import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory } from "@dom0kit/inventory";
import { initFromInventory, SimHost } from "@dom0kit/sim-host";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: process.cwd(),
  });
  return { exitCode, stdout, stderr };
}

describe("dom0kit apply|status --fleet on simulated dom0s", () => {
  let dir: string;
  let fleet: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "d0k-fleet-unit-"));
    const inventory = await loadInventory(DENMARK);
    for (const name of ["a", "b"]) await initFromInventory(join(dir, name), inventory, { domains: false });
    fleet = join(dir, "fleet.yaml");
    await writeFile(
      fleet,
      `defaults: { inventory: ${DENMARK} }\nhosts:\n  - { name: a, target: sim:a }\n  - { name: bee, target: sim:b }\n`,
    );
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("one failing host does not stop the other; the summary says which and why; exit 1", async () => {
    const failing = await SimHost.open(join(dir, "a"));
    await failing.addFault({
      match: { argvPrefix: ["tc", "-batch"] },
      effect: { kind: "fail", exitCode: 2, stderr: "RTNETLINK answers: No space left on device\n" },
    });
    const result = await cli(["apply", "--fleet", fleet, "--only", "config,net"]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^a {3}\| config: \d+ changes$/m);
    expect(result.stdout).toMatch(/^bee \| done: applied \d+ changes \(\d+\.\ds\)$/m);
    expect(result.stdout).toMatch(
      /^a {3}\| FAILED: net: step 1 "apply \d+ tc changes in one batch" failed: /m,
    );
    expect(result.stdout).toMatch(/^a +failed +\d+ +\d+\.\ds +net: step 1 .*No space left on device$/m);
    expect(result.stdout).toMatch(/^bee +applied +\d+ +\d+\.\ds$/m);
    expect(result.stdout).toMatch(/^2 hosts: 1 failed, 1 applied$|^2 hosts: 1 applied, 1 failed$/m);
    expect(result.stderr).toContain("dom0kit: apply --fleet: 1 of 2 hosts did not succeed: a failed");
    const states = (await (await SimHost.open(join(dir, "b"))).run({ file: "xl", args: ["list"] })).stdout;
    expect(states).toMatch(/^claudius /m);
  });

  it("--fail-fast skips the hosts not started", async () => {
    await (
      await SimHost.open(join(dir, "a"))
    ).addFault({ match: { argvPrefix: ["mkdir"] }, effect: { kind: "fail", exitCode: 1, stderr: "no\n" } });
    const result = await cli([
      "--json",
      "apply",
      "--fleet",
      fleet,
      "--parallel",
      "1",
      "--fail-fast",
      "--only",
      "config",
    ]);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as {
      failFast: boolean;
      hosts: { name: string; status: string; error?: string }[];
    };
    expect(report.failFast).toBe(true);
    expect(report.hosts.map((host) => [host.name, host.status])).toEqual([
      ["a", "failed"],
      ["bee", "skipped"],
    ]);
    expect(report.hosts[1]?.error).toBe("not started: --fail-fast: another host failed");
    const untouched = (await (await SimHost.open(join(dir, "b"))).run({ file: "xl", args: ["list"] })).stdout;
    expect(untouched).not.toMatch(/^horatio /m);
  });

  it("--dry-run prints each host's commands and changes nothing", async () => {
    const result = await cli(["--dry-run", "apply", "--fleet", fleet, "--only", "config"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^bee \| would run: xl create \/etc\/xen\/horatio\.cfg$/m);
    expect(result.stdout).toMatch(/^a +planned +\d+ /m);
    const listed = (await (await SimHost.open(join(dir, "a"))).run({ file: "xl", args: ["list"] })).stdout;
    expect(listed).not.toMatch(/^horatio /m);
  });

  it("status --fleet prints each host's table, then the summary", async () => {
    const result = await cli(["status", "--fleet", fleet]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^== bee: sim:.*\/b\n^denmark \(4 pCPUs\)$/m);
    expect(result.stdout).toMatch(/^a +ok +0 of 5 domains up +\d+\.\ds$/m);
  });

  it("refuses a bad inventory before touching any host", async () => {
    const bad = join(dir, "bad.yaml");
    await writeFile(bad, "host: {}\n");
    await writeFile(
      fleet,
      `hosts:\n  - { name: a, inventory: ${DENMARK}, target: sim:a }\n  - { name: b, inventory: bad.yaml, target: sim:b }\n`,
    );
    const result = await cli(["apply", "--fleet", fleet]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^dom0kit: 1 host's inventory is not usable; no host was touched:\n {2}b: .*bad\.yaml/m,
    );
    expect(result.stdout).toBe("");
  });

  it.each([
    [["apply", "--fleet", "f.yaml", "-i", "x.yaml"], "--fleet cannot be combined with --inventory"],
    [["status", "--fleet", "f.yaml", "--host", "local"], "--fleet cannot be combined with --host"],
    [["apply", "--fail-fast"], "--fail-fast only works with --fleet"],
    [["status", "--parallel", "2"], "--parallel only works with --fleet"],
    [["apply", "--fleet", "f.yaml", "--parallel", "0"], "must be a whole number from 1 to 64"],
  ])("%j is a usage error", async (argv, message) => {
    const result = await cli(argv);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("names the fleet file's problems with their lines", async () => {
    await writeFile(fleet, "hosts:\n  - { name: a, target: ftp://x, inventory: i.yaml }\n");
    const result = await cli(["status", "--fleet", fleet]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${fleet}:2:24: hosts[0].target: "ftp://x" is not a host target`);
    expect(result.stderr).toContain("hint: fix the fleet file; docs/fleet.md describes its format");
  });
});
