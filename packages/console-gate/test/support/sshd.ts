import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { writeFile } from "node:fs/promises";

/** Resolves when something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${String(port)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A real sshd on 127.0.0.1 (foreground, logging to stderr, which is kept). */
export class TestSshd {
  readonly port: number;
  readonly #process: ChildProcess;
  #log = "";

  private constructor(port: number, child: ChildProcess) {
    this.port = port;
    this.#process = child;
    child.stderr?.on("data", (chunk: Buffer) => {
      this.#log += chunk.toString("utf8");
    });
  }

  /** Writes `config` to `configPath` and starts `/usr/sbin/sshd -D -e -f configPath`. */
  static async start(configPath: string, config: string, port: number): Promise<TestSshd> {
    await writeFile(configPath, config, { mode: 0o600 });
    const child = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", configPath], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const sshd = new TestSshd(port, child);
    await waitForPort(port);
    return sshd;
  }

  get pid(): number {
    return this.#process.pid ?? -1;
  }

  /** Everything sshd logged so far. */
  get log(): string {
    return this.#log;
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode !== null || this.#process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#process.once("exit", resolve));
    this.#process.kill("SIGTERM");
    await exited;
  }
}
