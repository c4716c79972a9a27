import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { freePort } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CommandFailedError,
  SshAuthenticationError,
  SshConnectionError,
  SshConnectionLostError,
  SshHostKeyError,
  SshUnreachableError,
} from "../src/index.js";
import { eventually, processesRunning, sshPrerequisites, startSshHost, type SshHost } from "./ssh-host.js";

const needs = sshPrerequisites();

/** A TCP server on 127.0.0.1 that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; server: Server }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { port: typeof address === "object" && address !== null ? address.port : 0, server };
}

describe.skipIf(needs.skip)("SshRunner's errors tell ssh's failures from the command's", () => {
  let host: SshHost;
  beforeAll(async () => {
    host = await startSshHost({ shell: "/bin/sh" });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it("reports a refused connection as an unreachable host, with the port it tried", async () => {
    const port = await freePort();
    const runner = host.newRunner({ port });
    const error = await runner.run({ file: "true", args: [] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SshUnreachableError);
    expect(error).toMatchObject({
      code: "SSH_UNREACHABLE",
      kind: "unreachable",
      destination: host.sshd.destination,
      port,
    });
    expect((error as Error).message).toMatch(/Connection refused/);
  });

  it("reports a server that never answers as unreachable after the connect timeout", async () => {
    const { port, server } = await silentServer();
    try {
      const runner = host.newRunner({ port, connectTimeoutMs: 1000 });
      const started = Date.now();
      const error = await runner.connect().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SshUnreachableError);
      expect((error as Error).message).toMatch(/timed out/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      server.close();
    }
  });

  it("reports a key the host does not accept as an authentication failure", async () => {
    const otherKey = join(host.sshd.dir, "other_ed25519");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey]);
    const runner = host.newRunner({ identityFile: otherKey });
    const error = await runner.run({ file: "true", args: [] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SshAuthenticationError);
    expect(error).toMatchObject({ code: "SSH_AUTH_FAILED" });
    expect((error as Error).message).toMatch(/Permission denied \(publickey\)/);
  });

  it("refuses a host whose key is not in known_hosts", async () => {
    const empty = join(host.sshd.dir, "empty_known_hosts");
    await writeFile(empty, "");
    const error = await host
      .newRunner({ knownHostsFile: empty })
      .run({ file: "true", args: [] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SshHostKeyError);
    expect(error).toMatchObject({ code: "SSH_HOST_KEY", problem: "unknown" });
  });

  it("refuses a host whose key changed, and says it may be an attack", async () => {
    const wrong = join(host.sshd.dir, "wrong_known_hosts");
    const otherHostKey = join(host.sshd.dir, "other_host_ed25519");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherHostKey]);
    const publicKey = execFileSync("cat", [`${otherHostKey}.pub`], { encoding: "utf8" })
      .split(" ")
      .slice(0, 2);
    await writeFile(wrong, `[127.0.0.1]:${String(host.sshd.port)} ${publicKey.join(" ")}\n`);
    const error = await host
      .newRunner({ knownHostsFile: wrong })
      .run({ file: "true", args: [] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SshHostKeyError);
    expect(error).toMatchObject({ problem: "changed" });
    expect((error as Error).message).toMatch(/man-in-the-middle/);
  });

  it("accepts a new host key with accept-new, and records it", async () => {
    const fresh = join(host.sshd.dir, "fresh_known_hosts");
    await writeFile(fresh, "");
    const runner = host.newRunner({ knownHostsFile: fresh, strictHostKeyChecking: "accept-new" });
    await runner.run({ file: "true", args: [] });
    expect(
      execFileSync("ssh-keygen", ["-F", `[127.0.0.1]:${String(host.sshd.port)}`, "-f", fresh]).length,
    ).toBeGreaterThan(0);
  });

  it("reports a remote exit code of 255 as the command's own failure", async () => {
    const error = await host.runner
      .run({
        file: "sh",
        args: ["-c", "echo 'ssh: connect to host x port 22: Connection refused' >&2; exit 255"],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandFailedError);
    expect(error).not.toBeInstanceOf(SshConnectionError);
    expect(error).toMatchObject({ exitCode: 255 });
  });

  it("reports a login shell that does not run commands as an ssh failure, not the command's", async () => {
    const nologin = await startSshHost({ shell: "/usr/sbin/nologin" });
    try {
      const error = await nologin.runner.run({ file: "true", args: [] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SshConnectionError);
      expect((error as Error).message).toMatch(/login shell/);
    } finally {
      await nologin.stop();
    }
  });

  it("reports a host that goes down during a command as a lost connection, then as unreachable", async () => {
    const doomed = await startSshHost({ shell: "/bin/sh" });
    try {
      const marker = "57721";
      const running = doomed.runner
        .run({ file: "sleep", args: [`6${marker}`] })
        .catch((caught: unknown) => caught);
      expect(await eventually(() => processesRunning("sleep", `6${marker}`).length > 0)).toBe(true);
      await doomed.sshd.kill();
      const error = await running;
      expect(error).toBeInstanceOf(SshConnectionLostError);
      expect(error).toMatchObject({ code: "SSH_CONNECTION_LOST", command: { file: "sleep" } });
      const next = await doomed.runner.run({ file: "true", args: [] }).catch((caught: unknown) => caught);
      expect(next).toBeInstanceOf(SshUnreachableError);
    } finally {
      await doomed.stop();
    }
  });
});
