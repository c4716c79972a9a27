import { copyFile, mkdir } from "node:fs/promises";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  integrationPrerequisites,
  startTestSshd,
  type TestSshd,
  type TestSshdOptions,
} from "@dom0kit/test-support";
import { SshRunner, type SshRunnerOptions } from "../src/index.js";

/** What the SSH integration suites need: root (to create login users), sshd and the client. */
export const sshPrerequisites = () =>
  integrationPrerequisites({
    root: true,
    commands: ["ssh", "ssh-keygen", "useradd", "userdel", "pkill", "perl", "dash", "bash", "zsh"],
    paths: ["/usr/sbin/sshd", "/run/sshd"],
  });

/** A test sshd, a runner for it, and the fixtures copied where the login user can read them. */
export interface SshHost {
  readonly sshd: TestSshd;
  readonly runner: SshRunner;
  /** Absolute path of a fixture from test/fixtures, readable by the login user. */
  fixture(name: string): string;
  /** Another runner for the same host (its own master connection). */
  newRunner(options?: Partial<SshRunnerOptions>): SshRunner;
  stop(): Promise<void>;
}

/** The options that reach `sshd` with its own key and known_hosts, ignoring ~/.ssh/config. */
export function runnerOptions(sshd: TestSshd): SshRunnerOptions {
  return {
    destination: sshd.destination,
    port: sshd.port,
    identityFile: sshd.identityFile,
    knownHostsFile: sshd.knownHostsFile,
    configFile: "none",
  };
}

export async function startSshHost(options: TestSshdOptions = {}): Promise<SshHost> {
  const sshd = await startTestSshd(options);
  const fixtures = join(sshd.dir, "fixtures");
  await mkdir(fixtures, { mode: 0o755 });
  const source = new URL("./fixtures/", import.meta.url).pathname;
  for (const name of readdirSync(source)) await copyFile(join(source, name), join(fixtures, name));
  const runners: SshRunner[] = [];
  const newRunner = (extra: Partial<SshRunnerOptions> = {}): SshRunner => {
    const runner = new SshRunner({ ...runnerOptions(sshd), ...extra });
    runners.push(runner);
    return runner;
  };
  return {
    sshd,
    runner: newRunner(),
    fixture: (name) => join(fixtures, name),
    newRunner,
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.close()));
      await sshd.stop();
    },
  };
}

/** Pids of the processes running exactly `argv` (the remote side runs on this machine). */
export function processesRunning(...argv: string[]): number[] {
  const wanted = `${argv.join("\0")}\0`;
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8") === wanted) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

/** Waits until `condition` holds, polling; false if it never did within `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}
