import { spawn, type ChildProcess } from "node:child_process";

/** Who connects where, with which key. */
export interface SshTarget {
  readonly port: number;
  readonly user: string;
  readonly key: string;
}

/** What a finished ssh client did. */
export interface SshResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** ssh options for tests: no config files, no agent, no host key checks, key auth only. */
export function sshOptions(target: SshTarget): string[] {
  return [
    "-F",
    "/dev/null",
    "-p",
    String(target.port),
    "-i",
    target.key,
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "BatchMode=yes",
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "ConnectTimeout=10",
    "-e",
    "none",
  ];
}

/** Runs `ssh [extra] user@127.0.0.1 [command]` to completion. */
export function sshRun(
  target: SshTarget,
  extra: readonly string[],
  command?: string,
  options: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    input?: string;
    program?: string;
    args?: readonly string[];
  } = {},
): Promise<SshResult> {
  const args = options.args ?? [
    ...sshOptions(target),
    ...extra,
    `${target.user}@127.0.0.1`,
    ...(command === undefined ? [] : [command]),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(options.program ?? "ssh", args, {
      env: { ...process.env, SSH_AUTH_SOCK: "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/**
 * An interactive session over a remote pty (`ssh -tt`), driven like `expect`:
 * wait for output, type, wait again. Output is kept whole for assertions.
 */
export class PtySession {
  readonly #child: ChildProcess;
  #output = "";
  #mark = 0;
  readonly exited: Promise<number | null>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.stdout?.on("data", (chunk: Buffer) => (this.#output += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (this.#output += chunk.toString("utf8")));
    this.exited = new Promise((resolve) => child.on("close", (code) => resolve(code)));
  }

  static open(
    target: SshTarget,
    extra: readonly string[] = [],
    command?: string,
    env: NodeJS.ProcessEnv = {},
  ): PtySession {
    const args = [
      ...sshOptions(target),
      "-tt",
      ...extra,
      `${target.user}@127.0.0.1`,
      ...(command === undefined ? [] : [command]),
    ];
    return new PtySession(
      spawn("ssh", args, {
        env: { ...process.env, SSH_AUTH_SOCK: "", ...env },
        stdio: ["pipe", "pipe", "pipe"],
      }),
    );
  }

  /** Everything received so far. */
  get output(): string {
    return this.#output;
  }

  /** Waits for `pattern` in the output received since the previous match; returns that stretch. */
  async expect(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = this.#output.slice(this.#mark);
      const match = pattern.exec(fresh);
      if (match !== null) {
        this.#mark += match.index + match[0].length;
        return fresh.slice(0, match.index + match[0].length);
      }
      if (Date.now() > deadline || this.#child.exitCode !== null) {
        throw new Error(`timed out waiting for ${String(pattern)}; output so far:\n${this.#output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Types `text` (bytes as given: use "\r" for Enter, "\x1d" for Ctrl-]). */
  send(text: string): void {
    this.#child.stdin?.write(text);
  }

  /** Waits for the session to end (killing it after `timeoutMs`). */
  async end(timeoutMs = 15_000): Promise<number | null> {
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  kill(): void {
    this.#child.kill("SIGKILL");
  }
}

/** Starts `ssh [extra] user@127.0.0.1 [command]` in the background (forwards, held-open sessions). */
export function sshSpawn(
  target: SshTarget,
  extra: readonly string[],
  command?: string,
  env: NodeJS.ProcessEnv = {},
): ChildProcess {
  const args = [
    ...sshOptions(target),
    ...extra,
    `${target.user}@127.0.0.1`,
    ...(command === undefined ? [] : [command]),
  ];
  return spawn("ssh", args, {
    env: { ...process.env, SSH_AUTH_SOCK: "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Stops a background ssh client and waits for it. */
export async function stopClient(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once("close", resolve));
  child.kill("SIGTERM");
  await closed;
}

/** The sftp/scp options matching {@link sshOptions}. */
export function fileTransferOptions(target: SshTarget): string[] {
  return [
    "-F",
    "/dev/null",
    "-P",
    String(target.port),
    "-i",
    target.key,
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "BatchMode=yes",
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "LogLevel=ERROR",
  ];
}
