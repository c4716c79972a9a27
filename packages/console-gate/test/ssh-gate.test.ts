import { execFile } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { applyPlan, assertPlanSucceeded, ExecaRunner, isEmptyPlan } from "@dom0kit/runner";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConsoleHostState } from "../src/host-state.js";
import { planConsoleInstall } from "../src/install-plan.js";
import { readConsoleProgram } from "../src/program.js";
import { planConsoleUninstall } from "../src/uninstall-plan.js";
import { forceCleanUp, setUpGate, type Gate } from "./support/gate-fixture.js";
import { PtySession, sshRun } from "./support/ssh-client.js";

const run = promisify(execFile);

const needs = integrationPrerequisites({
  root: true,
  commands: ["ssh", "ssh-keygen", "sudo", "visudo", "useradd", "userdel", "setpriv", "logger", "ss", "pkill"],
  paths: ["/usr/sbin/sshd", "/usr/lib/openssh/sftp-server"],
});

describe.skipIf(needs.skip)("console gate over a real sshd", () => {
  let gate: Gate;
  let uninstalled = false;

  beforeAll(async () => {
    gate = await setUpGate();
  });

  afterAll(async () => {
    if (gate === undefined) return;
    await gate.stop();
    if (!uninstalled) await forceCleanUp(gate.host, [gate.alice, gate.bob, gate.control]);
    else {
      await run("userdel", ["--force", gate.control]).catch(() => undefined);
      await gate.host.remove();
    }
  });

  describe("install", () => {
    it("writes every file with the right owner and mode", async () => {
      const home = join(gate.model.layout.homeBase, gate.alice);
      const expectations: [string, number, number, number][] = [
        [join(home, ".ssh/authorized_keys"), 0o600, gate.users[gate.alice]!.uid, gate.users[gate.alice]!.uid],
        [join(home, ".ssh"), 0o750, 0, gate.users[gate.alice]!.uid],
        [home, 0o750, 0, gate.users[gate.alice]!.uid],
        [`/etc/sudoers.d/dom0kit-console-${gate.alice}`, 0o440, 0, 0],
        [
          join(gate.model.layout.accessDir, "users", `${gate.alice}.json`),
          0o640,
          0,
          gate.users[gate.alice]!.uid,
        ],
        [gate.model.layout.program, 0o755, 0, 0],
      ];
      for (const [path, mode, uid, gid] of expectations) {
        const found = await stat(path);
        expect({ path, mode: found.mode & 0o7777, uid: found.uid, gid: found.gid }).toEqual({
          path,
          mode,
          uid,
          gid,
        });
      }
      const { stdout } = await run("getent", ["passwd", gate.alice]);
      expect(stdout.trim().split(":").slice(4)).toEqual(["dom0kit console customer", home, "/bin/sh"]);
    });

    it("ran visudo -cf on the new rules and the menu's own check as each customer", () => {
      const descriptions = gate.installReport.steps.map((outcome) => outcome.action.description);
      expect(descriptions).toContain(`check sudoers rules of ${gate.alice}`);
      expect(
        descriptions.filter((text) => text.includes("that sudo allows exactly the granted xl commands")),
      ).toHaveLength(2);
      expect(gate.installReport.status).toBe("succeeded");
    });

    it("plans nothing when installed again with the same input", async () => {
      const runner = new ExecaRunner();
      const state = await readConsoleHostState(runner, gate.model.layout, [gate.alice, gate.bob]);
      const again = planConsoleInstall(
        gate.model,
        state,
        await readConsoleProgram(join(gate.host.base, "build/dom0kit-console.js")),
      );
      expect(again.steps.map((each) => each.description)).toEqual([]);
      expect(isEmptyPlan(again)).toBe(true);
    });
  });

  describe("a customer's legitimate use", () => {
    it("shows the menu over a pty: status, console, Ctrl-] back to the menu, exit", async () => {
      const session = PtySession.open(gate.target("alice"));
      await session.expect(/Your domains: web1, db1\./);
      await session.expect(/web1> $/);
      session.send("1\r");
      await session.expect(/web1\s+11\s+512/);
      await session.expect(/web1> $/);
      session.send("2\r");
      await session.expect(/web1 login: $/);
      session.send("root\r");
      await session.expect(/\[web1\] you typed: root/);
      session.send("\x1d");
      await session.expect(/Left the console of web1\./);
      await session.expect(/web1> $/);
      session.send("0\r");
      await session.expect(/Goodbye\./);
      expect(await session.end()).toBe(0);
      const calls = await gate.host.xlCalls();
      expect(calls).toContainEqual(
        expect.objectContaining({ argv: ["console", "web1"], sudoUser: gate.alice, uid: 0, tty: true }),
      );
      expect(calls).toContainEqual(
        expect.objectContaining({ typed: "root", event: "line", sudoUser: gate.alice }),
      );
      expect(calls).toContainEqual(expect.objectContaining({ event: "escape", sudoUser: gate.alice }));
    });

    it("answers a request without a terminal (ssh host status web1)", async () => {
      const result = await sshRun(gate.target("alice"), [], "status web1");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^web1\s+11\s+512/m);
    });

    it("opens the console for `ssh -t host console web1`; Ctrl-] ends the session", async () => {
      const session = PtySession.open(gate.target("alice"), [], "console web1");
      await session.expect(/web1 login: $/);
      session.send("\x1d");
      await session.expect(/Left the console of web1\./);
      expect(await session.end()).toBe(0);
    });

    it("asks for the domain's name before a hard shutdown, and starts the domain again", async () => {
      const session = PtySession.open(gate.target("alice"));
      await session.expect(/web1> $/);
      session.send("5\r");
      await session.expect(/Type web1 to confirm, anything else cancels: $/);
      session.send("y\r");
      await session.expect(/Cancelled\./);
      expect((await gate.host.domainState()).web1?.running).toBe(true);
      session.send("destroy\r");
      await session.expect(/Type web1 to confirm/);
      session.send("web1\r");
      await session.expect(/destroy: done for web1\./);
      expect((await gate.host.domainState()).web1?.running).toBe(false);
      session.send("1\r");
      await session.expect(/web1 is not running\./);
      session.send("start\r");
      await session.expect(/start: done for web1\./);
      session.send("exit\r");
      expect(await session.end()).toBe(0);
      expect((await gate.host.domainState()).web1?.running).toBe(true);
    });

    it("serves bob under the sshd Match block too: status and console of his domain", async () => {
      const session = PtySession.open(gate.target("bob", gate.withMatch));
      await session.expect(/Your domain: shop1\./);
      await session.expect(/shop1> $/);
      session.send("2\r");
      await session.expect(/shop1 login: $/);
      session.send("\x1d");
      await session.expect(/shop1> $/);
      session.send("\x04");
      await session.expect(/Goodbye\./);
      expect(await session.end()).toBe(0);
    });

    it("sends audit records to syslog: user, client, domain, action, result", async () => {
      const record = await gate.syslog.waitFor(
        new RegExp(`user=${gate.alice} client=127\\.0\\.0\\.1:\\d+ domain=web1 action=console result=ok`),
      );
      expect(record).toContain("dom0kit-console");
      await gate.syslog.waitFor(
        new RegExp(`event=action user=${gate.alice} .*domain=web1 action=destroy result=cancelled`),
      );
      await gate.syslog.waitFor(
        new RegExp(`event=action user=${gate.bob} .*domain=shop1 action=console result=ok`),
      );
    });
  });

  describe("uninstall", () => {
    it("removes exactly what the install added", async () => {
      const runner = new ExecaRunner();
      const state = await readConsoleHostState(runner, gate.model.layout, [gate.alice, gate.bob]);
      const report = await applyPlan(
        planConsoleUninstall(gate.model.layout, [gate.alice, gate.bob], state),
        runner,
      );
      assertPlanSucceeded(report);
      uninstalled = true;
      for (const user of [gate.alice, gate.bob]) {
        await expect(run("getent", ["passwd", user])).rejects.toMatchObject({ code: 2 });
        await expect(run("getent", ["group", user])).rejects.toMatchObject({ code: 2 });
      }
      const sudoers = await readdir("/etc/sudoers.d");
      expect(sudoers.filter((name) => name.includes(gate.alice) || name.includes(gate.bob))).toEqual([]);
      expect((await readdir(gate.host.base)).sort()).toEqual(
        [
          "bin",
          "build",
          "canary",
          "etc",
          "home-control",
          "keys",
          "run",
          "xl-calls.jsonl",
          "xl-state.json",
        ].sort(),
      );
      expect((await readdir(join(gate.host.base, "etc"))).sort()).toEqual(["ssh", "xen"]);
    });
  });
});
