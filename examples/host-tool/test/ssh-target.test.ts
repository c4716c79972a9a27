import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { freePort, integrationPrerequisites, startTestSshd, type TestSshd } from "@dom0kit/test-support";
import { SshConnectionError, SshRunner } from "@dom0kit/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../src/describe-error.js";
import { closeRunner, runnerForTarget } from "../src/host-runner.js";
import { parseHostTarget } from "../src/host-target.js";
import { runCli } from "../src/run-cli.js";

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

  it("explains an SSH failure with a hint to try ssh by hand", () => {
    const report = describeError(
      new SshConnectionError("ssh to dom0 failed", { destination: "root@dom0" }),
      false,
    );
    expect(report).toMatchObject({ exitCode: 1, reason: "ssh to dom0 failed" });
    expect(report.hint).toContain("ssh -o BatchMode=yes root@dom0 true");
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
    let stdout = "";
    let stderr = "";
    const port = await freePort();
    const exitCode = await runCli(
      [
        "status",
        "--host",
        `ssh://root@127.0.0.1:${String(port)}`,
        "-i",
        join(import.meta.dirname, "../../inventories/denmark.yaml"),
      ],
      {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env: {},
        cwd: process.cwd(),
      },
    );
    expect(exitCode).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("cannot reach root@127.0.0.1");
    expect(stderr).toContain(
      `ssh said: ssh: connect to host 127.0.0.1 port ${String(port)}: Connection refused`,
    );
  });
});
