import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory } from "@dom0kit/inventory";
import { initFromInventory, SimHost } from "@dom0kit/sim-host";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";

// The backups compress with zstd and gzip, as on a real dom0.
const needs = integrationPrerequisites({ commands: ["zstd", "gzip"] });

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

const INVENTORY = `host:
  name: dom0-small
  cpus: 2
  memory: 4096
  network: { interface: peth0, uplink: 100mbit }
  backup: { dir: /var/backup/xen }
domains:
  - name: web1
    memory: 128
    disks: [{ source: /dev/vg0/web1, vdev: xvda, size: 8M }]
    boot: { loader: pygrub, rescue: false }
  - name: db1
    memory: 128
    disks: [{ source: /dev/vg0/db1, vdev: xvda, size: 8M }]
    boot: { loader: pygrub, rescue: false }
    backup: { mode: live, compression: gzip }
`;

interface FleetBackupJson {
  status: string;
  hosts: {
    name: string;
    status: string;
    error?: string;
    backups: { domain: string; ok: boolean; id?: string }[];
  }[];
}

describe.skipIf(needs.skip)("dom0kit backup run --fleet on simulated dom0s", () => {
  let dir: string;
  let fleet: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "d0k-fleet-backup-"));
    const file = join(dir, "small.yaml");
    await writeFile(file, INVENTORY);
    const inventory = await loadInventory(file);
    for (const name of ["a", "b"]) await initFromInventory(join(dir, name), inventory);
    fleet = join(dir, "fleet.yaml");
    await writeFile(
      fleet,
      `defaults: { inventory: small.yaml }\nhosts:\n  - { name: a, target: sim:a }\n  - { name: bee, target: sim:b }\n`,
    );
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("backs up every enabled domain of every host, each into its own store", async () => {
    const result = await cli(["--json", "backup", "run", "--fleet", fleet]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const parsed = JSON.parse(result.stdout) as FleetBackupJson;
    expect(parsed.status).toBe("succeeded");
    for (const [host, sim] of [
      ["a", "a"],
      ["bee", "b"],
    ] as const) {
      const backups = parsed.hosts.find((each) => each.name === host)?.backups ?? [];
      expect(backups.map((backup) => [backup.domain, backup.ok])).toEqual([
        ["web1", true],
        ["db1", true],
      ]);
      const kept = await readdir(join(dir, sim, "backups/var/backup/xen/web1"));
      expect(kept).toContain(backups[0]?.id);
    }
  });

  it("one host failing does not stop the other; progress and summary name it; exit 1", async () => {
    const failing = await SimHost.open(join(dir, "a"));
    await failing.addFault({
      match: { argvPrefix: ["xl", "save"] },
      effect: { kind: "fail", exitCode: 1, stderr: "libxl: error: cannot save domain\n" },
    });
    const result = await cli(["backup", "run", "--fleet", fleet]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^a {3}\| web1: FAILED .*cannot save domain/m);
    expect(result.stdout).toMatch(/^bee \| web1: backed up \S+ \(.+ of disk in .+\)$/m);
    expect(result.stdout).toMatch(/^bee +ok +2 of 2 done/m);
    expect(result.stdout).toMatch(/^a +failed +1 of 2 done +\d+\.\ds +web1 failed: /m);
    expect(result.stderr).toContain("dom0kit: backup --fleet: 1 of 2 hosts did not succeed: a failed");
    expect(
      await (await SimHost.open(join(dir, "a"))).run({ file: "xl", args: ["list", "web1"] }),
    ).toMatchObject({
      exitCode: 0,
    });
  });

  it("refuses domain names with --fleet, and --fleet with --inventory", async () => {
    const named = await cli(["backup", "run", "--fleet", fleet, "web1"]);
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toContain("with --fleet, every host backs up all its enabled domains");
    const clash = await cli(["-i", "small.yaml", "backup", "run", "--fleet", fleet]);
    expect(clash.exitCode).toBe(2);
  });
});
