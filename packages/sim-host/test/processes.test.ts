import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { integrationPrerequisites, testTempDir } from "@dom0kit/test-support";
import { plan, renderScript, step } from "@dom0kit/runner";
import { SimHost, writeShims } from "../src/index.js";
import { buildSimCli } from "./helpers/build-cli.js";
import { guestConfig, newSim, sh, startGuest } from "./helpers/new-sim.js";

const run = promisify(execFile);
const needs = integrationPrerequisites({ commands: ["sh", "dd", "zstd"] });

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function exec(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  input?: string,
): Promise<Exit> {
  const child = run(file, [...args], { env, maxBuffer: 16 * 1024 * 1024 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.skipIf(needs.skip)("separate processes on one state directory", () => {
  let cli: string;
  beforeAll(async () => {
    cli = await buildSimCli();
  }, 120_000);

  it("keeps state across processes: created in one, seen in another", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    const listed = await exec(process.execPath, [cli, "--state", sim.dir, "exec", "--", "xl", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^vm1 +1 +512 +2 +-b---- /m);
    await exec(process.execPath, [cli, "--state", sim.dir, "exec", "--", "xl", "pause", "vm1"]);
    const reopened = await SimHost.open(sim.dir);
    expect((await sh(reopened, ["xl", "list", "vm1"])).stdout).toMatch(/--p---/);
  });

  it("does not lose or corrupt changes from 20 commands at once, in this process", async () => {
    const sim = await newSim();
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        sh(sim, ["lvcreate", "-L", "4M", "-n", `lv${String(index)}`, "vg0"]),
      ),
    );
    const names = (await sh(sim, ["lvs", "--noheadings", "-o", "lv_name"])).stdout
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    expect(names.sort()).toEqual(Array.from({ length: 20 }, (_, index) => `lv${String(index)}`).sort());
  });

  it("does not lose or corrupt changes from 20 separate processes at once", async () => {
    const sim = await newSim({ cpus: 8 });
    await startGuest(sim, "vm1");
    const commands = Array.from({ length: 20 }, (_, index) =>
      index % 2 === 0
        ? ["lvcreate", "-L", "4M", "-n", `p${String(index)}`, "vg0"]
        : [
            "tc",
            "class",
            "add",
            "dev",
            "peth0",
            "parent",
            "1:",
            "classid",
            `1:${(index + 10).toString(16)}`,
            "htb",
            "rate",
            "1mbit",
          ],
    );
    await sh(sim, ["tc", "qdisc", "add", "dev", "peth0", "root", "handle", "1:", "htb"]);
    const exits = await Promise.all(
      commands.map((argv) => exec(process.execPath, [cli, "--state", sim.dir, "exec", "--", ...argv])),
    );
    expect(exits.map((each) => each.code)).toEqual(commands.map(() => 0));
    const state = JSON.parse(await readFile(join(sim.dir, "state.json"), "utf8")) as {
      logicalVolumes: unknown[];
    };
    expect(state.logicalVolumes).toHaveLength(11);
    const classes = (await sh(sim, ["tc", "class", "show", "dev", "peth0"])).stdout
      .split("\n")
      .filter(Boolean);
    expect(classes).toHaveLength(10);
    expect((await sh(sim, ["xl", "list", "vm1"])).exitCode).toBe(0);
  });

  it("fires a fault added by the executable in a process that runs a shim", async () => {
    const sim = await newSim();
    const added = await exec(process.execPath, [
      cli,
      "--state",
      sim.dir,
      "fault",
      "add",
      "--match",
      "xl list",
      "--exit",
      "2",
      "--stderr",
      "injected",
    ]);
    expect(added).toMatchObject({ code: 0, stdout: "1\n" });
    const bin = await testTempDir("dom0kit-shims-");
    await writeShims(bin, sim.dir, { cliPath: cli, programs: ["xl"] });
    const failed = await exec("sh", ["-c", "xl list"], {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ""}`,
    });
    expect(failed).toMatchObject({ code: 2, stderr: "injected" });
    expect(
      (await exec("sh", ["-c", "xl list"], { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` }))
        .code,
    ).toBe(0);
  });

  it("lets a real sh run a script rendered by renderScript against the shims", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "8M", "-n", "vm1-disk", "vg0"]);
    await sim.writeFile("/etc/xen/vm1.cfg", guestConfig("vm1"));
    const bin = await testTempDir("dom0kit-shims-");
    await writeShims(bin, sim.dir, { cliPath: cli });
    const backup = plan("back up vm1", [
      step("start the guest", ["xl", "create", "/etc/xen/vm1.cfg"]),
      step("save it, paused", ["xl", "save", "-p", "vm1", "/var/lib/xen/save/vm1"]),
      step("snapshot its disk", ["lvcreate", "-s", "-L", "4M", "-n", "vm1-snap", "vg0/vm1-disk"]),
      step("unpause it", ["xl", "unpause", "vm1"]),
      step("make the backup directory", ["mkdir", "-p", "/var/backups/vm1"]),
      step("check the snapshot is a block device", ["test", "-b", "/dev/vg0/vm1-snap"]),
      step("remove the snapshot", ["lvremove", "-f", "vg0/vm1-snap"]),
    ]);
    const script = renderScript(backup);
    const ran = await exec("sh", ["-s"], { ...process.env, PATH: `${bin}:/usr/bin:/bin` }, script);
    expect(ran.code, ran.stderr).toBe(0);
    expect((await sh(sim, ["xl", "list", "vm1"])).stdout).toMatch(/-b----/);
    expect((await sh(sim, ["lvs", "--noheadings", "-o", "lv_name"])).stdout.trim()).toBe("vm1-disk");
    const piped = await exec(
      "sh",
      ["-c", "dd if=/dev/vg0/vm1-disk bs=1M count=1 status=none | zstd -c | zstd -dc | wc -c"],
      { ...process.env, PATH: `${bin}:/usr/bin:/bin` },
    );
    expect(piped.stdout.trim()).toBe("1048576");
    expect((await sim.journal()).map((entry) => entry.argv.slice(0, 2).join(" "))).toContain("xl save");
  });

  it("prints the executable's usage and fails on a missing state directory", async () => {
    const dir = await testTempDir();
    const missing = await exec(process.execPath, [
      cli,
      "--state",
      join(dir, "none"),
      "exec",
      "--",
      "xl",
      "list",
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no simulated host here");
    const usage = await exec(process.execPath, [cli, "help"]);
    expect(usage.stdout).toContain("Usage: dom0kit-sim");
  });
});
