import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";

const run = promisify(execFile);
const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;
const needs = integrationPrerequisites({ root: true, commands: ["getent", "stat", "find"] });

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  // This host, not the default simulated dom0: the read-only tests compare with the real accounts.
  const exitCode = await runCli(["--host", "local", ...argv], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: process.cwd(),
  });
  return { exitCode, stdout, stderr };
}

describe("dom0kit console (without touching the host)", () => {
  it.each([
    ["console"],
    ["console", "plan"],
    ["console", "install"],
    ["console", "uninstall"],
    ["console", "shell"],
  ])("has help for %j", async (...path) => {
    const result = await cli([...path, "--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: dom0kit console/);
  });

  it("refuses a user that is not in the inventory", async () => {
    const result = await cli(["console", "plan", "-i", DENMARK, "mallory"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("no user named mallory in the inventory");
    expect(result.stderr).toContain("hint: the inventory's users are: alice, bob, carol");
  });

  it("shows the command `console shell` would run", async () => {
    const result = await cli([
      "--dry-run",
      "console",
      "shell",
      "-i",
      DENMARK,
      "alice",
      "--request",
      "status horatio",
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      "would run: setpriv --reuid alice --regid alice --init-groups --reset-env -- /usr/bin/env " +
        "'SSH_ORIGINAL_COMMAND=status horatio' /usr/bin/node /usr/local/lib/dom0kit/dom0kit-console.js --access-dir /etc/dom0kit/console\n",
    );
  });
});

describe.skipIf(needs.skip)("dom0kit console against this host (read-only)", () => {
  let dir: string;
  let inventory: string;
  let program: string;
  const customer = uniqueName("d0kc");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "d0k-cli-console-"));
    inventory = join(dir, "dom0kit.yaml");
    await writeFile(
      inventory,
      (await readFile(DENMARK, "utf8")).replace("- name: alice", `- name: ${customer}`),
    );
    program = join(dir, "dom0kit-console.js");
    await writeFile(program, "#!/usr/bin/env node\n// stand-in for the bundled menu program\n");
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("plans the install of one customer from the host's real state", async () => {
    const result = await cli(["console", "plan", "-i", inventory, "--program", program, customer]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`install console access for ${customer}`);
    expect(result.stdout).toContain(
      `$ useradd --comment 'dom0kit console customer' --home-dir /home/${customer}`,
    );
    expect(result.stdout).toMatch(
      new RegExp(`\\$ visudo -c -q -f /etc/sudoers.d/dom0kit-console-${customer}.dom0kit-new`),
    );
    expect(result.stdout).toMatch(/\$ dd of=\S+ conv=fsync status=none < \(\d+ bytes\)/);
  });

  it("prints the plan as JSON", async () => {
    const result = await cli(["--json", "console", "plan", "-i", inventory, "--program", program, customer]);
    const plan = JSON.parse(result.stdout) as { steps: { argv: string[] }[] };
    expect(plan.steps.some((each) => each.argv[0] === "useradd" && each.argv.at(-1) === customer)).toBe(true);
  });

  it("prints every command of an install under --dry-run and changes nothing", async () => {
    const result = await cli([
      "--dry-run",
      "console",
      "install",
      "-i",
      inventory,
      "--program",
      program,
      customer,
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`would run: useradd --comment 'dom0kit console customer'`);
    expect(result.stdout).toContain("dry run: console access installed (nothing changed)");
    await expect(run("getent", ["passwd", customer])).rejects.toMatchObject({ code: 2 });
  });

  it("has nothing to uninstall for a user that was never installed", async () => {
    const result = await cli(["console", "uninstall", customer]);
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: `nothing to do: no console access is installed for ${customer}\n`,
    });
  });

  it("says how to get the menu program when it cannot be read", async () => {
    const result = await cli([
      "console",
      "plan",
      "-i",
      inventory,
      "--program",
      join(dir, "missing.js"),
      customer,
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("cannot read the dom0kit-console menu program");
    expect(result.stderr).toContain(
      "hint: build the packages first (pnpm build), or pass the bundled program with --program FILE",
    );
  });
});
