import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { freePort, integrationPrerequisites, startTestSshd, type TestSshd } from "@dom0kit/test-support";
import { SshConnectionError, SshRunner } from "@dom0kit/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../src/describe-error.js";
import { closeRunner, runnerForTarget } from "../src/host-runner.js";
import { parseHostTarget } from "../src/host-target.js";
import { runCli } from "../src/run-cli.js";

/** Runs `dom0kit status` on a host and returns what it printed. */
async function statusOf(host: string, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(
    ["status", "--host", host, "-i", join(import.meta.dirname, "../../inventories/denmark.yaml")],
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env,
      cwd: process.cwd(),
    },
  );
  return { exitCode, stdout, stderr };
}

/** The command in a hint's backticks, run as an admin would paste it into a shell. */
function runHintedCommand(stderr: string): { command: string; exitCode: number | null; stderr: string } {
  const command = /hint: try `([^`]+)`/.exec(stderr)?.[1] ?? "";
  const result = spawnSync("sh", ["-c", command], { encoding: "utf8", timeout: 30_000 });
  return { command, exitCode: result.status, stderr: result.stderr };
}

describe("runnerForTarget for ssh://", () => {
  it.each([
    ["ssh://root@dom0.example.net:2222", "root@dom0.example.net"],
    ["ssh://dom0", "dom0"],
    ["ssh://root@[2001:db8::1]", "root@2001:db8::1"],
    ["ssh://[2001:db8::1]:22", "2001:db8::1"],
  ])("runs %s on %s with an SshRunner", async (host, destination) => {
    const runner = runnerForTarget(parseHostTarget(host));
    expect(runner).toBeInstanceOf(SshRunner);
    expect((runner as SshRunner).destination).toBe(destination);
    await closeRunner(runner);
  });

  it.each([
    [{ destination: "root@dom0" }, "ssh -o BatchMode=yes root@dom0 true"],
    [{ destination: "root@dom0", port: 2222 }, "ssh -o BatchMode=yes -p 2222 root@dom0 true"],
    [{ destination: "2001:db8::1", port: 2222 }, "ssh -o BatchMode=yes -p 2222 2001:db8::1 true"],
    [
      { destination: "dom0", port: 22, configFile: "/etc/dom0kit/my ssh_config" },
      "ssh -F '/etc/dom0kit/my ssh_config' -o BatchMode=yes -p 22 dom0 true",
    ],
  ])("explains an SSH failure to %j with a hint to try `%s` by hand", (endpoint, command) => {
    const report = describeError(new SshConnectionError("ssh to dom0 failed", endpoint), false);
    expect(report).toMatchObject({ exitCode: 1, reason: "ssh to dom0 failed" });
    expect(report.hint).toBe(
      "configFile" in endpoint
        ? `try \`${command}\` (the ssh_config DOM0KIT_SSH_CONFIG names)`
        : `try \`${command}\`; set DOM0KIT_SSH_CONFIG to use another ssh_config`,
    );
  });
});

const needs = integrationPrerequisites({
  root: true,
  commands: ["ssh", "ssh-keygen", "useradd", "userdel"],
  paths: ["/usr/sbin/sshd", "/run/sshd"],
});

describe.skipIf(needs.skip)("--host ssh:// against a real sshd", () => {
  let sshd: TestSshd;
  let config: string;
  beforeAll(async () => {
    sshd = await startTestSshd();
    config = join(sshd.dir, "ssh_config");
    await writeFile(
      config,
      [
        "Host dom0-test",
        "  HostName 127.0.0.1",
        `  Port ${String(sshd.port)}`,
        `  User ${sshd.user}`,
        `  IdentityFile ${sshd.identityFile}`,
        "  IdentitiesOnly yes",
        `  UserKnownHostsFile ${sshd.knownHostsFile}`,
        "",
      ].join("\n"),
    );
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it("runs commands on the host named in DOM0KIT_SSH_CONFIG", async () => {
    const runner = runnerForTarget(parseHostTarget("ssh://dom0-test"), { DOM0KIT_SSH_CONFIG: config });
    try {
      const { stdout } = await runner.run({ file: "id", args: ["-un"] });
      expect(stdout.trim()).toBe(sshd.user);
    } finally {
      await closeRunner(runner);
    }
  });

  it("makes a status of a host it cannot reach one error in ssh's own words, not a table of unknowns", async () => {
    const port = await freePort();
    const { exitCode, stdout, stderr } = await statusOf(`ssh://root@127.0.0.1:${String(port)}`);
    expect(exitCode).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("cannot reach root@127.0.0.1");
    expect(stderr).toContain(
      `ssh said: ssh: connect to host 127.0.0.1 port ${String(port)}: Connection refused`,
    );
  });

  it("hints at an ssh command that tries the same non-default port, and pasted into sh it fails the same way", async () => {
    const port = await freePort();
    const { stderr } = await statusOf(`ssh://root@127.0.0.1:${String(port)}`);
    const hinted = runHintedCommand(stderr);
    expect(hinted.command).toBe(`ssh -o BatchMode=yes -p ${String(port)} root@127.0.0.1 true`);
    expect(hinted.exitCode).toBe(255);
    expect(hinted.stderr).toContain(`connect to host 127.0.0.1 port ${String(port)}: Connection refused`);
  });

  it("hints at an ssh command that reads the same DOM0KIT_SSH_CONFIG, so a Host alias reaches the same place", async () => {
    const port = await freePort();
    const { exitCode, stderr } = await statusOf(`ssh://dom0-test:${String(port)}`, {
      DOM0KIT_SSH_CONFIG: config,
    });
    expect(exitCode).toBe(1);
    const hinted = runHintedCommand(stderr);
    expect(hinted.command).toBe(`ssh -F ${config} -o BatchMode=yes -p ${String(port)} dom0-test true`);
    expect(hinted.exitCode).toBe(255);
    expect(hinted.stderr).toContain(`connect to host 127.0.0.1 port ${String(port)}: Connection refused`);
  });
});
