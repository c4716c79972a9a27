import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expectReadmeShows } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sshPrerequisites, startSshHost, type SshHost } from "./ssh-host.js";

const needs = sshPrerequisites();

describe.skipIf(needs.skip)("the README's SSH example", () => {
  let host: SshHost;
  beforeAll(async () => {
    host = await startSshHost();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await host?.stop();
  });

  it("runs against a real sshd reached through a Host alias", async () => {
    await expectReadmeShows("../README.md", "../examples/ssh.ts", import.meta.url);
    const config = join(host.sshd.dir, "ssh_config");
    await writeFile(
      config,
      [
        "Host dom0",
        "  HostName 127.0.0.1",
        `  Port ${String(host.sshd.port)}`,
        `  User ${host.sshd.user}`,
        `  IdentityFile ${host.sshd.identityFile}`,
        "  IdentitiesOnly yes",
        `  UserKnownHostsFile ${host.sshd.knownHostsFile}`,
        "",
      ].join("\n"),
    );
    vi.stubEnv("SSH_CONFIG", config);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    await import("../examples/ssh.js");
    expect(log.mock.calls.map((call) => call.join(" "))).toEqual([
      "it's $HOME; `id`",
      "streamed true",
      "ls failed with exit code 2",
    ]);
    log.mockRestore();
  });
});
