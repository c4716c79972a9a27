import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { applyPlan, ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConsoleGateConfig } from "../src/config.js";
import { ConsoleUserConflictError } from "../src/errors.js";
import { readConsoleHostState } from "../src/host-state.js";
import { planConsoleInstall } from "../src/install-plan.js";
import { ed25519Key } from "./support/public-keys.js";

const run = promisify(execFile);
const needs = integrationPrerequisites({
  root: true,
  commands: ["useradd", "userdel", "visudo", "getent"],
  paths: ["/usr/sbin/sshd"],
});

describe.skipIf(needs.skip)("install plan on a real host", () => {
  let base: string;
  const customer = uniqueName("d0ku");
  const stranger = uniqueName("d0ks");

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), "d0k-undo-"));
    await chmod(base, 0o755);
    await mkdir(join(base, "etc"));
    await writeFile(join(base, "etc/sshd_config"), "NotAKeyword yes\n");
    await run("useradd", ["--no-create-home", "--comment", "somebody else", stranger]);
  });

  afterAll(async () => {
    for (const user of [customer, stranger]) await run("userdel", ["--force", user]).catch(() => undefined);
    await run("rm", ["-f", `/etc/sudoers.d/dom0kit-console-${customer}`]).catch(() => undefined);
    await rm(base, { recursive: true, force: true });
  });

  function config(name: string) {
    return parseConsoleGateConfig({
      users: [{ name, domains: ["vm1"], keys: [ed25519Key()] }],
      paths: {
        accessDir: join(base, "console"),
        homeBase: join(base, "home"),
        program: join(base, "lib/dom0kit-console.js"),
        sshdDropIn: join(base, "etc/console.conf"),
        sshdConfig: join(base, "etc/sshd_config"),
      },
    });
  }

  it("undoes everything when a late step fails (here: sshd -t rejects the sshd configuration)", async () => {
    const model = config(customer);
    const runner = new ExecaRunner();
    const state = await readConsoleHostState(runner, model.layout, [customer]);
    const report = await applyPlan(planConsoleInstall(model, state, { content: "// program\n" }), runner);
    expect(report.status).toBe("failed");
    expect(report.failedStep?.action.description).toBe("check the whole sshd configuration");
    expect(report.undone.length).toBeGreaterThan(10);
    expect(report.undone.every((outcome) => outcome.status === "succeeded")).toBe(true);
    await expect(run("getent", ["passwd", customer])).rejects.toMatchObject({ code: 2 });
    expect((await readdir("/etc/sudoers.d")).filter((name) => name.includes(customer))).toEqual([]);
    expect((await readdir(base)).sort()).toEqual(["etc"]);
    expect(await readdir(join(base, "etc"))).toEqual(["sshd_config"]);
  });

  it("refuses, before running anything, a name that belongs to an account it did not create", async () => {
    const model = config(stranger);
    const state = await readConsoleHostState(new ExecaRunner(), model.layout, [stranger]);
    expect(() => planConsoleInstall(model, state, { content: "" })).toThrow(ConsoleUserConflictError);
  });
});
