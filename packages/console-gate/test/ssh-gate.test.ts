import { execFile } from "node:child_process";
import { readdir, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { applyPlan, assertPlanSucceeded, ExecaRunner, isEmptyPlan } from "@dom0kit/runner";
import { freePort, integrationPrerequisites } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConsoleHostState } from "../src/host-state.js";
import { planConsoleInstall } from "../src/install-plan.js";
import { readConsoleProgram } from "../src/program.js";
import { planConsoleUninstall } from "../src/uninstall-plan.js";
import { forceCleanUp, setUpGate, startAgent, type Gate } from "./support/gate-fixture.js";
import { agentDirectoriesOf, descendants, eventually, listeningPortsOf } from "./support/processes.js";
import { fileTransferOptions, PtySession, sshRun, sshSpawn, stopClient } from "./support/ssh-client.js";
import { waitForPort } from "./support/sshd.js";
import { probePort, TcpTarget } from "./support/tcp-target.js";

const run = promisify(execFile);

const needs = integrationPrerequisites({
  root: true,
  commands: [
    "ssh",
    "sftp",
    "scp",
    "ssh-keygen",
    "ssh-agent",
    "xauth",
    "sudo",
    "visudo",
    "useradd",
    "userdel",
    "setpriv",
    "logger",
    "ss",
    "pkill",
  ],
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
      expect(descriptions).toContain(`check the sudoers rules of ${gate.alice}`);
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

  describe("an attacker holding a valid key", () => {
    async function canaries(): Promise<string[]> {
      return readdir(gate.host.canaryDir);
    }

    async function xlCallCount(): Promise<number> {
      return (await gate.host.xlCalls()).length;
    }

    it("ssh host id: refused, no shell ran", async () => {
      const before = await xlCallCount();
      const result = await sshRun(gate.target("alice"), [], "id");
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).not.toMatch(/uid=\d+/);
      expect(result.stdout).toContain('Refused: "id" is not a console command.');
      expect(await xlCallCount()).toBe(before);
      await gate.syslog.waitFor(new RegExp(`event=refused user=${gate.alice} .*detail=".*: id"`));
    });

    it.each([
      ["console web1; touch CANARY/semicolon"],
      ["console web1 && touch CANARY/and"],
      ["console web1 | touch CANARY/pipe"],
      ["status $(touch CANARY/dollar)"],
      ["status `touch CANARY/backtick`"],
      ["status web1\ntouch CANARY/newline"],
      ["touch CANARY/plain"],
      ["/bin/sh -c 'touch CANARY/sh'"],
      ["exec /bin/sh"],
    ])("ssh host %j: refused as a whole, no shell ran", async (template) => {
      const before = await xlCallCount();
      const result = await sshRun(
        gate.target("alice"),
        [],
        template.replaceAll("CANARY", gate.host.canaryDir),
      );
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/^Refused: /m);
      expect(await canaries()).toEqual([]);
      expect(await xlCallCount()).toBe(before);
    });

    it.each([
      "console shop1",
      "status shop1",
      "start shop1",
      "reboot shop1",
      "destroy shop1 --yes",
      "shutdown shop1",
    ])("ssh host %j (the other customer's domain): refused, xl never asked", async (request) => {
      const before = await xlCallCount();
      const result = await sshRun(gate.target("alice"), [], request);
      expect(result.code).toBe(2);
      expect(result.stdout).toContain("Refused: shop1 is not one of your domains.");
      expect(await xlCallCount()).toBe(before);
    });

    it("sudo itself refuses anything but the exact granted commands", async () => {
      const { xl } = gate.model.layout;
      const asAlice = (argv: string[]) =>
        run("setpriv", [
          "--reuid",
          gate.alice,
          "--regid",
          gate.alice,
          "--init-groups",
          "--reset-env",
          "--",
          "/usr/bin/sudo",
          "-n",
          "--",
          ...argv,
        ]);
      const before = await xlCallCount();
      for (const argv of [
        [xl, "console", "shop1"],
        [xl, "list"],
        [xl, "console", "web1", "-t", "serial"],
        [xl, "destroy", "21"],
        [xl, "create", "/etc/xen/shop1.cfg"],
        ["/bin/sh", "-c", "id"],
      ]) {
        await expect(asAlice(argv), argv.join(" ")).rejects.toMatchObject({ code: 1 });
      }
      expect(await xlCallCount()).toBe(before);
      const allowed = await asAlice([xl, "list", "web1"]);
      expect(allowed.stdout).toMatch(/^web1\s+11/m);
    });

    it("cannot read the other customer's access map or anyone's sudoers rules", async () => {
      const asAlice = (argv: string[]) =>
        run("setpriv", [
          "--reuid",
          gate.alice,
          "--regid",
          gate.alice,
          "--init-groups",
          "--reset-env",
          "--",
          ...argv,
        ]);
      const bobsMap = join(gate.model.layout.accessDir, "users", `${gate.bob}.json`);
      await expect(asAlice(["/bin/cat", bobsMap])).rejects.toMatchObject({
        stderr: expect.stringContaining("Permission denied") as string,
      });
      await expect(
        asAlice(["/bin/cat", `/etc/sudoers.d/dom0kit-console-${gate.alice}`]),
      ).rejects.toMatchObject({
        stderr: expect.stringContaining("Permission denied") as string,
      });
      const own = await asAlice([
        "/bin/cat",
        join(gate.model.layout.accessDir, "users", `${gate.alice}.json`),
      ]);
      expect(own.stdout).toContain('"web1"');
    });

    it("-L: the local forward never reaches its target (the control key's does)", async () => {
      const target = await new TcpTarget().start();
      try {
        for (const who of ["alice", "controlSleep"] as const) {
          const localPort = await freePort();
          const client = sshSpawn(gate.target(who), [
            "-N",
            "-L",
            `127.0.0.1:${String(localPort)}:127.0.0.1:${String(target.port)}`,
          ]);
          try {
            await waitForPort(localPort);
            const probe = await probePort(localPort);
            if (who === "alice") {
              expect(probe.received).toBe("");
              expect(target.connections).toBe(0);
            } else {
              expect(probe.received).toBe("hello from the target\n");
              expect(target.connections).toBeGreaterThan(0);
            }
          } finally {
            await stopClient(client);
          }
        }
        expect(gate.keysOnly.log).toMatch(
          /refused local port forward|administratively prohibited|port forwarding.*disabled|Port forwarding disabled/i,
        );
      } finally {
        await target.close();
      }
    });

    it("-W: the stdio forward never reaches its target (the control key's does)", async () => {
      const target = await new TcpTarget().start();
      try {
        const refused = await sshRun(gate.target("alice"), ["-W", `127.0.0.1:${String(target.port)}`]);
        expect(refused.code).not.toBe(0);
        expect(refused.stdout).toBe("");
        expect(target.connections).toBe(0);
        const control = await sshRun(gate.target("controlSleep"), ["-W", `127.0.0.1:${String(target.port)}`]);
        expect(control.stdout).toBe("hello from the target\n");
        expect(target.connections).toBe(1);
      } finally {
        await target.close();
      }
    });

    it("-R: the remote listener is never opened, TCP or Unix socket (the control key's is)", async () => {
      const target = await new TcpTarget().start();
      try {
        const remotePort = await freePort();
        const socketPath = join(gate.host.canaryDir, "forward.sock");
        const forwards = [
          "-R",
          `127.0.0.1:${String(remotePort)}:127.0.0.1:${String(target.port)}`,
          "-R",
          `${socketPath}:127.0.0.1:${String(target.port)}`,
        ];
        const refused = await sshRun(gate.target("alice"), [
          "-N",
          "-o",
          "ExitOnForwardFailure=yes",
          ...forwards,
        ]);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toMatch(/remote port forwarding failed/);
        expect((await probePort(remotePort)).connected).toBe(false);
        expect(await canaries()).toEqual([]);
        const control = sshSpawn(gate.target("controlSleep"), [
          "-N",
          "-o",
          "ExitOnForwardFailure=yes",
          ...forwards,
        ]);
        try {
          await waitForPort(remotePort);
          expect((await probePort(remotePort)).received).toBe("hello from the target\n");
          expect(await eventually(async () => (await canaries()).includes("forward.sock"), 5000)).toBe(true);
        } finally {
          await stopClient(control);
          await run("rm", ["-f", socketPath]);
        }
      } finally {
        await target.close();
      }
    });

    it("-A: no agent socket is created for the customer (one is for the control key)", async () => {
      const agent = await startAgent(gate.host);
      try {
        const env = { SSH_AUTH_SOCK: agent.socket };
        const session = PtySession.open(gate.target("alice"), ["-A"], undefined, env);
        await session.expect(/web1> $/);
        const aliceUid = gate.users[gate.alice]!.uid;
        expect(await eventually(async () => (await agentDirectoriesOf(aliceUid)).length > 0, 1500)).toBe(
          false,
        );
        session.send("0\r");
        expect(await session.end()).toBe(0);
        const control = sshSpawn(gate.target("controlSleep"), ["-A"], undefined, env);
        try {
          const controlUid = gate.users[gate.control]!.uid;
          expect(
            await eventually(async () => (await agentDirectoriesOf(controlUid)).length > 0, 10_000),
          ).toBe(true);
        } finally {
          await stopClient(control);
        }
      } finally {
        agent.process.kill("SIGTERM");
      }
    });

    it("-Y/-X: no X11 listener is opened for the customer (one is for the control key)", async () => {
      const env = { DISPLAY: "127.0.0.1:99" };
      const x11Ports = async () =>
        (await listeningPortsOf(await descendants(gate.keysOnly.pid))).filter(
          (port) => port >= 6000 && port < 6100,
        );
      const session = PtySession.open(gate.target("alice"), ["-Y"], undefined, env);
      await session.expect(/web1> $/);
      expect(await eventually(async () => (await x11Ports()).length > 0, 1500)).toBe(false);
      session.send("0\r");
      expect(await session.end()).toBe(0);
      const control = sshSpawn(gate.target("controlSleep"), ["-Y"], undefined, env);
      try {
        expect(await eventually(async () => (await x11Ports()).length > 0, 10_000)).toBe(true);
      } finally {
        await stopClient(control);
      }
    });

    it("-s sftp, sftp and scp: no file is transferred", async () => {
      const batch = join(gate.host.base, "run", "sftp-batch");
      await writeFile(batch, `put /etc/hostname ${join(gate.host.canaryDir, "sftp-put")}\n`);
      const subsystem = await sshRun(gate.target("alice"), ["-s"], "sftp");
      expect(subsystem.stdout).toMatch(/^Refused: /m);
      const target = gate.target("alice");
      const sftp = await sshRun(target, [], undefined, {
        program: "sftp",
        args: [...fileTransferOptions(target), "-b", batch, `${target.user}@127.0.0.1`],
      });
      expect(sftp.code).not.toBe(0);
      for (const legacy of [["-O"], []]) {
        const scp = await sshRun(target, [], undefined, {
          program: "scp",
          args: [
            ...fileTransferOptions(target),
            ...legacy,
            "/etc/hostname",
            `${target.user}@127.0.0.1:${join(gate.host.canaryDir, "scp-put")}`,
          ],
        });
        expect(scp.code).not.toBe(0);
      }
      expect(await canaries()).toEqual([]);
      await gate.syslog.waitFor(new RegExp(`event=refused user=${gate.alice} .*sftp-server`));
      await gate.syslog.waitFor(new RegExp(`event=refused user=${gate.alice} .*scp -t`));
    });

    it("a pty session typing shell escapes and job-control keys stays in the menu and runs nothing", async () => {
      const before = await gate.host.xlCalls();
      const canary = gate.host.canaryDir;
      const session = PtySession.open(gate.target("alice"));
      await session.expect(/web1> $/);
      const steps: [string, RegExp][] = [
        ["!sh\r", /Refused: "!sh" is not a console command/],
        ["1\r", /web1\s+11\s+512/],
        [`$(touch ${canary}/menu-dollar)\r`, /Refused: /],
        ["help\r", /Ctrl-\] to come back/],
        [`\`touch ${canary}/menu-backtick\`; sh\r`, /Refused: /],
        ["1\r", /web1\s+11\s+512/],
        ["\x03\x1a\x1c1\r", /web1\s+11\s+512/],
        [`exit; touch ${canary}/menu-exit\r`, /Refused: "exit;" is not a console command/],
        ["sh\r", /Refused: "sh" is not a console command/],
        ["bash -i\r", /Too many invalid choices\. Goodbye\./],
      ];
      for (const [index, [typed, answer]] of steps.entries()) {
        if (index > 0) await session.expect(/web1> $/);
        session.send(typed);
        await session.expect(answer);
      }
      expect(await session.end()).toBe(2);
      expect(await canaries()).toEqual([]);
      const calls = (await gate.host.xlCalls()).slice(before.length);
      expect(calls.map((call) => call.argv)).toEqual([
        ["list", "web1"],
        ["list", "web1"],
        ["list", "web1"],
      ]);
    });

    it("NODE_OPTIONS sent through a permissive AcceptEnv never reaches Node.js (it reaches the control key's command)", async () => {
      const evil = join(gate.host.base, "run", "evil.cjs");
      await writeFile(
        evil,
        `require("node:fs").writeFileSync(${JSON.stringify(join(gate.host.canaryDir, "node-options"))}, "ran");\n`,
        { mode: 0o644 },
      );
      const env = { NODE_OPTIONS: `--require ${evil}` };
      const result = await sshRun(gate.target("alice"), ["-o", "SendEnv=NODE_OPTIONS"], "status web1", {
        env,
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^web1\s+11/m);
      expect(await canaries()).toEqual([]);
      const control = await sshRun(gate.target("controlEnv"), ["-o", "SendEnv=NODE_OPTIONS"], undefined, {
        env,
      });
      expect(control.stdout).toContain(`NODE_OPTIONS=--require ${evil}`);
    });

    it("under the Match block too: commands and forwards are refused", async () => {
      const result = await sshRun(
        gate.target("bob", gate.withMatch),
        [],
        `id; touch ${gate.host.canaryDir}/match`,
      );
      expect(result.code).toBe(2);
      expect(result.stdout).not.toMatch(/uid=\d+/);
      const target = await new TcpTarget().start();
      try {
        const forward = await sshRun(gate.target("bob", gate.withMatch), [
          "-W",
          `127.0.0.1:${String(target.port)}`,
        ]);
        expect(forward.code).not.toBe(0);
        expect(target.connections).toBe(0);
      } finally {
        await target.close();
      }
      expect(await canaries()).toEqual([]);
    });

    it("the fake xl was never asked about a domain that is not the asking customer's", async () => {
      const owned: Record<string, string[]> = { [gate.alice]: ["web1", "db1"], [gate.bob]: ["shop1"] };
      const calls = await gate.host.xlCalls();
      expect(calls.length).toBeGreaterThan(10);
      for (const call of calls) {
        expect(call.uid).toBe(0);
        expect(Object.keys(owned)).toContain(call.sudoUser);
        expect(call.argv).toHaveLength(2);
        const domain = basename(call.argv[1] ?? "", ".cfg");
        expect(owned[call.sudoUser ?? ""]).toContain(domain);
      }
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
