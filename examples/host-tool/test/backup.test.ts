import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SimHost } from "@dom0kit/sim-host";
import { integrationPrerequisites, testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";
import { builtCli } from "./e2e/binary.js";

const needs = integrationPrerequisites({ commands: ["dd", "zstd", "gzip", "ionice", "cp"] });

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

/** A small host: web1 (an LV and a file disk), db1 (live mode, gzip), old1 (backups off). */
async function fixture(): Promise<{ sim: string; inventory: string; backups: string; args: string[] }> {
  const root = await testTempDir("dom0kit-cli-backup-");
  const backups = join(root, "store");
  const inventory = join(root, "dom0kit.yaml");
  await writeFile(
    inventory,
    `host:
  name: dom0-test
  cpus: 2
  memory: 4096
  network: { interface: peth0, uplink: 100mbit }
  backup: { dir: ${backups}, ioniceLevel: 6 }
domains:
  - name: web1
    memory: 128
    disks:
      - { source: /dev/vg0/web1, vdev: xvda, size: 8M }
      - { source: /var/lib/xen/images/web1-data.img, vdev: xvdb, size: 4M }
    boot: { loader: pygrub, rescue: false }
    backup: { keep: { last: 2 } }
  - name: db1
    memory: 128
    disks:
      - { source: /dev/vg0/db1, vdev: xvda, size: 8M }
    boot: { loader: pygrub, rescue: false }
    backup: { mode: live, compression: gzip }
  - name: old1
    memory: 64
    disks:
      - { source: /dev/vg0/old1, vdev: xvda, size: 4M }
    boot: { loader: pygrub, rescue: false }
    backup: { enabled: false }
`,
  );
  const sim = join(root, "sim");
  const made = await cli(["sim", "init", "-i", inventory], { DOM0KIT_SIM_DIR: sim });
  expect(made.exitCode, made.stderr).toBe(0);
  // On a simulated dom0, backups live inside its directory, under backups/<host.backup.dir>.
  return {
    sim,
    inventory,
    backups: join(sim, "backups", backups),
    args: ["--host", `sim:${sim}`, "-i", inventory],
  };
}

describe.skipIf(needs.skip)("dom0kit backup", () => {
  it("backs up every enabled domain, lists, verifies, restores and prunes", async () => {
    const host = await fixture();
    const run = await cli([...host.args, "backup", "run", "--all", "--no-progress"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /web1: consistent backup .* \(domain running; xvda snapshot, xvdb paused-copy\)/,
    );
    expect(run.stderr).toMatch(/db1: live backup/);
    expect(run.stderr).toMatch(/ {2}save web1 and leave it paused\n/);
    expect(run.stderr).toMatch(/ {2}unpause web1\n/);
    expect(run.stderr).toMatch(/web1: backup .* complete in .* s — 12 MiB of disks in/);
    expect(run.stderr).not.toContain("old1");

    const listed = await cli([...host.args, "backup", "list"]);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toMatch(/^DOMAIN +BACKUP +STATUS +MODE +DISKS +DATA +ARCHIVES +DOWNTIME$/m);
    expect(listed.stdout).toMatch(/^web1 +\S+ +complete +consistent +xvda,xvdb +12 MiB /m);
    expect(listed.stdout).toMatch(/^db1 +\S+ +complete +live +xvda +8 MiB /m);

    const verified = await cli([...host.args, "backup", "verify", "web1"]);
    expect(verified.exitCode, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(
      /: ok\n {2}ok {5}xvda {4}xvda\.img\.zst\n {2}ok {5}xvdb {4}xvdb\.img\.zst\n {2}ok {5}state {3}state\.xl\.zst\n {2}ok {5}config {2}config\.cfg/,
    );

    const sim = await SimHost.open(host.sim);
    await sim.run({ file: "lvcreate", args: ["-L", "8M", "-n", "web1-restored", "vg0"] });
    const restored = await cli([
      ...host.args,
      "backup",
      "restore",
      "web1",
      "--disk",
      "xvda",
      "--to",
      "/dev/vg0/web1-restored",
      "--no-progress",
    ]);
    expect(restored.exitCode, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(
      /restored web1 \S+ xvda to \/dev\/vg0\/web1-restored: 8388608 bytes, SHA-256 [0-9a-f]{64} \(read back from the disk and checked\)/,
    );
    expect((await sim.readFile("/dev/vg0/web1-restored")).equals(await sim.readFile("/dev/vg0/web1"))).toBe(
      true,
    );

    const refused = await cli([
      ...host.args,
      "backup",
      "restore",
      "web1",
      "--disk",
      "xvda",
      "--to",
      "/dev/vg0/web1",
    ]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("/dev/vg0/web1 is web1's disk xvda and web1 is running");

    // Two more backups of web1: its policy keeps the last 2, so the first one goes.
    for (let round = 0; round < 2; round += 1) {
      expect(
        (await cli([...host.args, "backup", "run", "web1", "--no-progress", "--no-prune"])).exitCode,
      ).toBe(0);
    }
    const dry = await cli([...host.args, "--dry-run", "backup", "prune", "web1"]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout.match(/would remove/g)).toHaveLength(1);
    const nothing = await cli([...host.args, "--dry-run", "backup", "prune", "old1"]);
    expect(nothing.exitCode, nothing.stderr).toBe(0);
    expect(nothing.stdout).toBe("old1:\n  no backups\n");
    const finished = async () =>
      (await readdir(join(host.backups, "web1"))).filter((name) => name.endsWith("Z"));
    expect(await finished()).toHaveLength(3);
    const pruned = await cli([...host.args, "backup", "prune", "web1"]);
    expect(pruned.exitCode, pruned.stderr).toBe(0);
    expect(await finished()).toHaveLength(2);
  });

  it("prints the plan with every undo for --dry-run, and changes nothing", async () => {
    const host = await fixture();
    const before = (await (await SimHost.open(host.sim)).journal()).length;
    const dry = await cli([...host.args, "--dry-run", "backup", "run", "web1"]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /^2\. save web1 and leave it paused\n {3}xl save -p web1 \/var\/lib\/xen\/save\/web1-\d+T\d+\.save\n {3}undo: xl unpause web1$/m,
    );
    expect(dry.stdout).toMatch(
      /^3\. snapshot vg0\/web1\n {3}lvcreate -s -L 1G -n web1-dom0kit-\d+T\d+ vg0\/web1\n {3}undo: lvremove -f vg0\/web1-dom0kit-/m,
    );
    expect(dry.stdout).toMatch(/always: remove snapshot vg0\/web1-dom0kit-/);
    const journal = (await (await SimHost.open(host.sim)).journal()).slice(before);
    expect(journal.map((entry) => entry.argv.slice(0, 2).join(" ")).sort()).toEqual(
      ["cat /etc/xen/web1.cfg", "lvs --noheadings", "lvs --noheadings", "stat -L", "xl list"].sort(),
    );
    await expect(readdir(host.backups)).rejects.toThrow();
  });

  it("prints the plan as JSON for --json --dry-run: the CLI's plan shape with every undo, and each copy's commands", async () => {
    const host = await fixture();
    const dry = await cli([...host.args, "--json", "--dry-run", "backup", "run", "web1"]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      domain: string;
      mode: string;
      freeze: { steps: { description: string; argv: string[]; undo?: { argv: string[] } }[] };
      copies: { vdev: string; method: string; read: { argv: string[] }; compress?: { argv: string[] } }[];
      release: { finally: { argv: string[] }[] };
    };
    expect(plan).toMatchObject({ domain: "web1", mode: "consistent" });
    const save = plan.freeze.steps.find((each) => each.argv.slice(0, 3).join(" ") === "xl save -p");
    expect(save?.undo?.argv).toEqual(["xl", "unpause", "web1"]);
    const snapshot = plan.freeze.steps.find((each) => each.argv[0] === "lvcreate");
    expect(snapshot?.undo?.argv.slice(0, 2)).toEqual(["lvremove", "-f"]);
    expect(plan.copies.map((copy) => [copy.vdev, copy.method])).toEqual([
      ["xvda", "snapshot"],
      ["xvdb", "paused-copy"],
    ]);
    expect(plan.copies[0]?.read.argv.slice(0, 5)).toEqual(["ionice", "-c", "2", "-n", "6"]);
    expect(plan.copies[0]?.compress?.argv[0]).toBe("zstd");
    expect(plan.release.finally.some((each) => each.argv[0] === "lvremove")).toBe(true);
    await expect(readdir(host.backups)).rejects.toThrow();
  });

  it("streams JSON events with --json: steps, progress and a summary", async () => {
    const host = await fixture();
    const run = await cli([...host.args, "--json", "backup", "run", "db1"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const events = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(events[0]).toMatchObject({ type: "backup-start", domain: "db1", mode: "live" });
    expect(events.some((event) => event.type === "progress" && event.label === "xvda")).toBe(true);
    expect(events.find((event) => event.type === "copy-end")).toMatchObject({
      label: "xvda",
      rawBytes: 8 * 1024 * 1024,
    });
    expect(events.at(-1)).toMatchObject({ type: "summary", backups: [{ domain: "db1", ok: true }] });
  });

  it("fails with the failed step named, and exit code 1, when a step fails", async () => {
    const host = await fixture();
    const sim = await SimHost.open(host.sim);
    await sim.addFault({
      match: { argvPrefix: ["lvcreate"] },
      effect: { kind: "fail", exitCode: 5, stderr: "  Insufficient free space\n" },
    });
    const run = await cli([...host.args, "backup", "run", "web1", "--no-progress"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('backup of web1 failed at "snapshot vg0/web1"');
    expect(run.stderr).toContain("web1 is running");
    expect(run.stderr).toContain("1 of 1 backups failed: web1 (snapshot vg0/web1)");
    const listed = await cli([...host.args, "--json", "backup", "list", "web1"]);
    expect((JSON.parse(listed.stdout) as { status: string }[]).map((entry) => entry.status)).toEqual([
      "failed",
    ]);
  });

  it("refuses unknown domains and a missing backup directory with a hint", async () => {
    const host = await fixture();
    const unknown = await cli([...host.args, "backup", "run", "nope"]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("no domain named nope in the inventory");
    const both = await cli([...host.args, "backup", "run", "web1", "--all"]);
    expect(both.exitCode).toBe(2);
  });

  it("reports a bad setting in one line: where it came from, what is accepted, how to fix it", async () => {
    const host = await fixture();
    const option = await cli([...host.args, "backup", "run", "web1", "--bandwidth", "fast"]);
    expect(option.exitCode).toBe(2);
    expect(option.stderr).toMatch(
      /^dom0kit: --bandwidth: expected a rate such as 400mbit or 50mibps .*\nhint: fix --bandwidth/,
    );
    expect(option.stderr.trimEnd().split("\n")).toHaveLength(2);
    const inventory = await cli([...host.args, "backup", "run", "web1", "--snapshot-size", "2X"]);
    expect(inventory.stderr).toMatch(/^dom0kit: --snapshot-size: expected a size such as 512M/);
    await expect(readdir(host.backups)).rejects.toThrow();
  });

  it("refuses a restore of a disk the backup does not have, or to an unusable path, before touching anything", async () => {
    const host = await fixture();
    expect((await cli([...host.args, "backup", "run", "db1", "--no-progress"])).exitCode).toBe(0);
    const before = (await (await SimHost.open(host.sim)).journal()).length;
    const disk = await cli([
      ...host.args,
      "backup",
      "restore",
      "db1",
      "--disk",
      "xvdq",
      "--to",
      "/srv/x.img",
    ]);
    expect(disk.exitCode).toBe(2);
    expect(disk.stderr).toMatch(
      /^dom0kit: db1 \S+ has no disk xvdq\nhint: its disks: xvda; pass one with --disk\n$/,
    );
    const target = await cli([
      ...host.args,
      "backup",
      "restore",
      "db1",
      "--disk",
      "xvda",
      "--to",
      "relative/x.img",
    ]);
    expect(target.exitCode).toBe(2);
    expect(target.stderr).toMatch(
      /^dom0kit: --to "relative\/x.img": not a usable target path\nhint: .*--local/,
    );
    expect((await (await SimHost.open(host.sim)).journal()).length).toBe(before);
  });
});

describe.skipIf(needs.skip)("SIGTERM to a running dom0kit backup", () => {
  it("stops the copy, leaves the domain running, removes the snapshot and keeps nothing", async () => {
    const program = builtCli();
    const host = await fixture();
    const child = spawn(
      process.execPath,
      [program, ...host.args, "backup", "run", "web1", "--bandwidth", "1mibps", "--no-progress"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, "exit");
    // Wait until xvda is being copied (at 1 MiB/s its 8 MiB take 8 s), then send SIGTERM.
    const domainDir = join(host.backups, "web1");
    for (let attempt = 0; attempt < 1200 && !stderr.includes("copy xvda from"); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stderr).toContain("copy xvda from");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    expect(code, stderr).toBe(130);
    expect(stderr).toContain("SIGTERM received — stopping, undoing and cleaning up");
    expect(stderr).toMatch(/backup of web1 failed at "read xvda": canceled while copying xvda/);

    const sim = await SimHost.open(host.sim);
    const list = await sim.run({ file: "xl", args: ["list", "web1"] });
    expect(list.stdout).toMatch(/^web1 +\d+ +128 +\d+ +-b---- /m);
    const lvs = await sim.run({ file: "lvs", args: ["--noheadings", "-o", "lv_name,origin"] });
    expect(lvs.stdout).not.toMatch(/dom0kit/);
    expect(await sim.readDir("/var/lib/xen/save")).toEqual([]);
    expect((await readdir(domainDir)).every((name) => name.endsWith(".failed.json"))).toBe(true);
    expect(await sim.readDir("/run/lock")).toEqual([]);
  }, 180_000);
});
