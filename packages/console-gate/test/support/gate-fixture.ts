import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { applyPlan, assertPlanSucceeded, ExecaRunner, type ApplyReport } from "@dom0kit/runner";
import { freePort, uniqueName } from "@dom0kit/test-support";
import { parseConsoleGateConfig, type ConsoleGateModel } from "../../src/config.js";
import { readConsoleHostState } from "../../src/host-state.js";
import { planConsoleInstall } from "../../src/install-plan.js";
import { readConsoleProgram } from "../../src/program.js";
import { buildConsoleProgram } from "./build-program.js";
import { TestSshd } from "./sshd.js";
import { SyslogCollector } from "./syslog-collector.js";
import { TestHost } from "./test-host.js";
import type { SshTarget } from "./ssh-client.js";

const run = promisify(execFile);

/** Domains in the fake xl: alice has web1 (every action) and db1 (status, console); bob has shop1. */
export const DOMAINS = {
  web1: { id: 11, running: true },
  db1: { id: 12, running: false },
  shop1: { id: 21, running: true },
};

/** Everything the console-gate integration tests share. */
export interface Gate {
  readonly host: TestHost;
  readonly model: ConsoleGateModel;
  readonly installReport: ApplyReport;
  readonly alice: string;
  readonly bob: string;
  /** A control account whose keys are forced to harmless commands but NOT restricted. */
  readonly control: string;
  readonly keys: { alice: string; bob: string; controlSleep: string; controlEnv: string };
  /** sshd whose global config allows every kind of forwarding and AcceptEnv *: only the keys confine. */
  readonly keysOnly: TestSshd;
  /** sshd that also includes the generated Match block. */
  readonly withMatch: TestSshd;
  readonly syslog: SyslogCollector;
  readonly users: Record<string, { uid: number }>;
  target(user: "alice" | "bob" | "controlSleep" | "controlEnv", sshd?: TestSshd): SshTarget;
  stop(): Promise<void>;
}

function sshdConfig(
  host: TestHost,
  port: number,
  name: string,
  users: readonly string[],
  include?: string,
): string {
  return [
    `Port ${String(port)}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${join(host.base, "etc/ssh/host_ed25519")}`,
    `PidFile ${join(host.base, "run", `sshd-${name}.pid`)}`,
    "UsePAM no",
    "StrictModes yes",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "AuthorizedKeysFile .ssh/authorized_keys",
    `AllowUsers ${users.join(" ")}`,
    "# Deliberately permissive: what confines customers must be their keys (and the Match block).",
    "AllowTcpForwarding yes",
    "AllowAgentForwarding yes",
    "AllowStreamLocalForwarding yes",
    "X11Forwarding yes",
    "X11UseLocalhost yes",
    "AcceptEnv *",
    "PrintMotd no",
    "PrintLastLog no",
    "MaxStartups 100",
    "Subsystem sftp /usr/lib/openssh/sftp-server",
    "LogLevel DEBUG1",
    ...(include === undefined ? [] : [`Include ${include}`]),
    "",
  ].join("\n");
}

async function createControlAccount(
  host: TestHost,
  name: string,
  sleepKey: string,
  envKey: string,
): Promise<void> {
  const home = join(host.base, "home-control");
  await run("useradd", [
    "--home-dir",
    home,
    "--no-create-home",
    "--shell",
    "/bin/sh",
    "--user-group",
    "--password",
    "*",
    name,
  ]);
  await mkdir(join(home, ".ssh"), { recursive: true });
  await writeFile(
    join(home, ".ssh/authorized_keys"),
    `command="/bin/sleep 30" ${sleepKey}\ncommand="/usr/bin/env" ${envKey}\n`,
    { mode: 0o644 },
  );
}

async function uidOf(user: string): Promise<number> {
  const { stdout } = await run("id", ["-u", user]);
  return Number(stdout.trim());
}

/**
 * Sets up the whole gate for real: builds the menu program, installs two
 * customers with the install plan (real accounts, real /etc/sudoers.d
 * fragments), creates an unrestricted control account, and starts two sshds.
 */
export async function setUpGate(): Promise<Gate> {
  if (!existsSync("/run/sshd")) await mkdir("/run/sshd", { mode: 0o755 });
  const host = await TestHost.create(DOMAINS);
  const syslog = await new SyslogCollector().start();
  const alice = uniqueName("d0ka");
  const bob = uniqueName("d0kb");
  const control = uniqueName("d0kx");
  const running: { sshd: TestSshd[] } = { sshd: [] };
  const stop = async (): Promise<void> => {
    for (const sshd of running.sshd) await sshd.stop();
    syslog.close();
  };
  try {
    const programPath = await buildConsoleProgram(join(host.base, "build"));
    const aliceKey = await host.keyPair("alice");
    const bobKey = await host.keyPair("bob");
    const sleepKey = await host.keyPair("control-sleep");
    const envKey = await host.keyPair("control-env");
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(host.base, "etc/ssh/host_ed25519")]);
    const [keysPort, matchPort] = [await freePort(), await freePort()];
    const dropIn = host.paths.sshdDropIn ?? "";
    const everyone = [alice, bob, control];
    // The Match-block sshd config must exist before the install: the plan checks it with sshd -t.
    await writeFile(host.paths.sshdConfig ?? "", sshdConfig(host, matchPort, "match", everyone, dropIn), {
      mode: 0o600,
    });
    const model = parseConsoleGateConfig({
      users: [
        {
          name: alice,
          domains: ["web1", { name: "db1", actions: ["status", "console"] }],
          keys: [aliceKey.publicKey],
        },
        { name: bob, domains: ["shop1"], keys: [bobKey.publicKey] },
      ],
      paths: host.paths,
      audit: { server: { host: "127.0.0.1", port: syslog.port } },
    });
    const runner = new ExecaRunner();
    const state = await readConsoleHostState(runner, model.layout, [alice, bob]);
    const installReport = await applyPlan(
      planConsoleInstall(model, state, await readConsoleProgram(programPath)),
      runner,
    );
    assertPlanSucceeded(installReport);
    await createControlAccount(host, control, sleepKey.publicKey, envKey.publicKey);
    const keysOnly = await TestSshd.start(
      join(host.base, "etc/ssh/sshd_config_keys"),
      sshdConfig(host, keysPort, "keys", everyone),
      keysPort,
    );
    running.sshd.push(keysOnly);
    const withMatch = await TestSshd.start(
      host.paths.sshdConfig ?? "",
      sshdConfig(host, matchPort, "match", everyone, dropIn),
      matchPort,
    );
    running.sshd.push(withMatch);
    const users = {
      [alice]: { uid: await uidOf(alice) },
      [bob]: { uid: await uidOf(bob) },
      [control]: { uid: await uidOf(control) },
    };
    const names = { alice, bob, controlSleep: control, controlEnv: control };
    const keyFiles = {
      alice: aliceKey.privateKey,
      bob: bobKey.privateKey,
      controlSleep: sleepKey.privateKey,
      controlEnv: envKey.privateKey,
    };
    return {
      host,
      model,
      installReport,
      alice,
      bob,
      control,
      keys: keyFiles,
      keysOnly,
      withMatch,
      syslog,
      users,
      target: (who, sshd = keysOnly) => ({ port: sshd.port, user: names[who], key: keyFiles[who] }),
      stop,
    };
  } catch (error) {
    await stop();
    await forceCleanUp(host, [alice, bob, control]);
    throw error;
  }
}

/** Last-resort cleanup when a test failed before the uninstall plan could run. */
export async function forceCleanUp(host: TestHost, users: readonly string[]): Promise<void> {
  for (const user of users) {
    await run("pkill", ["--signal", "KILL", "--uid", user]).catch(() => undefined);
    await run("userdel", ["--force", user]).catch(() => undefined);
    await run("rm", [
      "-f",
      "--",
      `/etc/sudoers.d/dom0kit-console-${user}`,
      `/etc/sudoers.d/dom0kit-console-${user}.dom0kit-new`,
    ]).catch(() => undefined);
  }
  await host.remove();
}

/** Starts an ssh-agent on a socket in the test host; returns the socket and the process. */
export async function startAgent(host: TestHost): Promise<{ socket: string; process: ChildProcess }> {
  const socket = join(host.base, "run", "agent.sock");
  const child = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
  for (let tries = 0; tries < 100 && !existsSync(socket); tries += 1)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return { socket, process: child };
}
