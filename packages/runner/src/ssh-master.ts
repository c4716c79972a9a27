import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command, RunResult } from "./command.js";
import { CommandFailedError } from "./errors.js";
import type { ExecaRunner } from "./execa-runner.js";
import {
  classifySshFailure,
  SshConnectionError,
  SshUnreachableError,
  type SshEndpoint,
} from "./ssh-errors.js";

/** Every exit code, so the local runner hands back ssh's result and we read it. */
export const ANY_EXIT_CODE: readonly number[] = Array.from({ length: 256 }, (_, code) => code);

/** sockaddr_un holds 108 bytes; ssh adds ".XXXXXXXXXXXXXXXX" while it creates the socket. */
const MAX_SOCKET_DIR_LENGTH = 80;

/** Masters still open, ended when this process exits so none outlives it for long. */
const openMasters = new Set<SshMaster>();
let exitHookInstalled = false;

function endOpenMastersNow(): void {
  for (const master of openMasters) master.endNow();
}

/** What a master needs to know to start and stop. */
export interface SshMasterSettings {
  readonly sshPath: string;
  /** Where ssh connects; its destination goes on the command line, all of it into errors. */
  readonly endpoint: SshEndpoint;
  /** ssh's shared arguments, given the control socket path. */
  readonly baseArgs: (controlPath: string) => readonly string[];
  readonly idleTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

/**
 * One ssh master connection (ControlMaster) with its control socket in a private
 * directory (mode 0700, so only this user can reach it). Started on first use and
 * again if it ended (idle timeout, lost connection); `close()` ends it and
 * removes the directory.
 */
export class SshMaster {
  readonly #settings: SshMasterSettings;
  readonly #local: ExecaRunner;
  #dir: string | undefined;
  #starting: Promise<void> | undefined;

  constructor(settings: SshMasterSettings, local: ExecaRunner) {
    this.#settings = settings;
    this.#local = local;
  }

  /** The control socket, once the private directory exists. */
  get socketPath(): string | undefined {
    return this.#dir === undefined ? undefined : join(this.#dir, "master");
  }

  /** The private directory holding the socket, once created. */
  get directory(): string | undefined {
    return this.#dir;
  }

  /** Makes sure a master is running; starts one if not. Concurrent callers share one start. */
  async ensure(): Promise<void> {
    const socket = this.socketPath;
    if (socket !== undefined && existsSync(socket)) return;
    this.#starting ??= this.#start().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  async #start(): Promise<void> {
    if (this.#dir === undefined) {
      const parent = tmpdir().length <= MAX_SOCKET_DIR_LENGTH - 20 ? tmpdir() : "/tmp";
      const dir = await mkdtemp(join(parent, "dom0kit-ssh-"));
      await chmod(dir, 0o700);
      this.#dir = dir;
      openMasters.add(this);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once("exit", endOpenMastersNow);
      }
    }
    const socket = join(this.#dir, "master");
    const { sshPath, endpoint, idleTimeoutMs, connectTimeoutMs } = this.#settings;
    const command: Command = {
      file: sshPath,
      args: [
        ...this.#settings.baseArgs(socket),
        "-M",
        "-N",
        "-f",
        "-o",
        "ControlMaster=yes",
        "-o",
        `ControlPersist=${String(Math.max(1, Math.ceil(idleTimeoutMs / 1000)))}`,
        "--",
        endpoint.destination,
      ],
      okExitCodes: ANY_EXIT_CODE,
      timeoutMs: connectTimeoutMs + 15_000,
    };
    let result: RunResult;
    try {
      result = await this.#local.run(command);
    } catch (error) {
      if (error instanceof CommandFailedError && error.timedOut) {
        throw new SshUnreachableError({ ...endpoint, stderr: "ssh did not connect in time", cause: error });
      }
      throw new SshConnectionError(`cannot start the ssh client (${sshPath})`, {
        ...endpoint,
        cause: error,
      });
    }
    if (result.exitCode !== 0 || !existsSync(socket)) {
      throw classifySshFailure({ ...endpoint, exitCode: result.exitCode, stderr: result.stderr });
    }
  }

  /** Ends the master (`ssh -O exit`) and removes the private directory. */
  async close(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    const dir = this.#dir;
    if (dir === undefined) return;
    const socket = join(dir, "master");
    if (existsSync(socket)) {
      await this.#local
        .run({
          file: this.#settings.sshPath,
          args: [...this.#settings.baseArgs(socket), "-O", "exit", "--", this.#settings.endpoint.destination],
          okExitCodes: ANY_EXIT_CODE,
          timeoutMs: 10_000,
        })
        .catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
    openMasters.delete(this);
    this.#dir = undefined;
  }

  /** Synchronous close for process exit: end the master, remove the directory. */
  endNow(): void {
    const dir = this.#dir;
    if (dir === undefined) return;
    const socket = join(dir, "master");
    if (existsSync(socket)) {
      spawnSync(
        this.#settings.sshPath,
        [...this.#settings.baseArgs(socket), "-O", "exit", "--", this.#settings.endpoint.destination],
        { stdio: "ignore", timeout: 2000 },
      );
    }
    rmSync(dir, { recursive: true, force: true });
    openMasters.delete(this);
    this.#dir = undefined;
  }
}
