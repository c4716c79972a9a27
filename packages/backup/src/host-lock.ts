import { hostname } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { CommandRunner } from "@dom0kit/runner";
import { BackupError } from "./errors.js";
import { messageOf } from "./stream-failure.js";

/**
 * Who holds a lock: the machine dom0kit runs on, its pid, and since when.
 *
 * @example
 * ```ts
 * const owner: LockOwner = { controller: "backup1", pid: process.pid, since: new Date() };
 * ```
 */
export interface LockOwner {
  readonly controller: string;
  readonly pid: number;
  readonly since: Date;
}

const OWNER = /^owner_([A-Za-z0-9.-]+)_(\d+)_(\d+)$/;

function ownerFileName(owner: LockOwner): string {
  const controller = owner.controller.replace(/[^A-Za-z0-9.-]/g, "-") || "unknown";
  return `owner_${controller}_${String(owner.pid)}_${String(owner.since.getTime())}`;
}

/**
 * Parses the owner file name inside a lock directory.
 *
 * @example
 * ```ts
 * parseLockOwner("owner_backup1_4242_1705320000000")?.pid; // 4242
 * ```
 */
export function parseLockOwner(name: string): LockOwner | undefined {
  const match = OWNER.exec(name.trim());
  if (match === null) return undefined;
  return { controller: match[1] as string, pid: Number(match[2]), since: new Date(Number(match[3])) };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Options of {@link HostLock.acquire}.
 *
 * @example
 * ```ts
 * await HostLock.acquire(runner, "/run/lock", "dom0kit-backup", { waitMs: 60_000 });
 * ```
 */
export interface HostLockOptions {
  /** This process as the owner. @default this machine's host name, pid, now */
  readonly owner?: LockOwner;
  /** How long to wait for an owner file to appear in a lock someone just made. @default 2000 */
  readonly settleMs?: number;
  /** How long to keep trying while another live process holds the lock. @default 0 (fail at once) */
  readonly waitMs?: number;
  /** Stops waiting. */
  readonly signal?: AbortSignal;
}

/**
 * A lock on the host, taken through the runner so it works on a local,
 * simulated or SSH host: an atomic `mkdir LOCKDIR/NAME.lock` with an owner
 * file inside naming the machine, pid and start time. A lock whose owner
 * was a process on this machine that no longer exists is stale and taken
 * over; any other is reported with its owner.
 *
 * @example
 * ```ts
 * const lock = await HostLock.acquire(runner, "/run/lock", "dom0kit-backup-vm1");
 * try {
 *   // back up vm1
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export class HostLock {
  readonly path: string;
  readonly #runner: CommandRunner;
  /** Set when the lock was taken over from a dead process. */
  readonly tookOverFrom: LockOwner | undefined;
  #held = true;

  private constructor(runner: CommandRunner, path: string, tookOverFrom: LockOwner | undefined) {
    this.#runner = runner;
    this.path = path;
    this.tookOverFrom = tookOverFrom;
  }

  /**
   * Takes the lock `LOCKDIR/NAME.lock`.
   *
   * @throws {@link BackupError} `BACKUP_LOCKED` naming the holder when another backup holds it.
   */
  static async acquire(
    runner: CommandRunner,
    lockDir: string,
    name: string,
    options: HostLockOptions = {},
  ): Promise<HostLock> {
    const path = join(lockDir, `${name}.lock`);
    const owner = options.owner ?? { controller: hostname(), pid: process.pid, since: new Date() };
    await runner.run({ file: "mkdir", args: ["-p", lockDir] });
    let tookOverFrom: LockOwner | undefined;
    const deadline = Date.now() + (options.settleMs ?? 2000);
    const waitUntil = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      const made = await runner.run({ file: "mkdir", args: ["-m", "0700", path], okExitCodes: [0, 1] });
      if (made.exitCode === 0) {
        await runner.run({ file: "touch", args: [join(path, ownerFileName(owner))] });
        return new HostLock(runner, path, tookOverFrom);
      }
      const listed = await runner.run({ file: "ls", args: ["-1", path], okExitCodes: [0, 1, 2] });
      if (listed.exitCode !== 0 && /No such file/i.test(listed.stderr)) continue; // released meanwhile
      if (listed.exitCode !== 0) {
        throw new BackupError(
          "BACKUP_LOCKED",
          `cannot take the lock ${path}: it exists but cannot be read (${made.stderr.trim() || listed.stderr.trim()})`,
          { path, step: "lock" },
        );
      }
      const holder = listed.stdout
        .split("\n")
        .map(parseLockOwner)
        .find((each) => each !== undefined);
      if (holder === undefined) {
        if (Date.now() < deadline) {
          await sleep(100);
          continue;
        }
        throw new BackupError(
          "BACKUP_LOCKED",
          `${path} is held by an unknown owner (no owner file); if no backup is running, remove it: rm -r ${path}`,
          { path, step: "lock" },
        );
      }
      if (holder.controller === owner.controller && !processAlive(holder.pid) && tookOverFrom === undefined) {
        await runner.run({ file: "rm", args: ["-rf", path] });
        tookOverFrom = holder;
        continue;
      }
      if (Date.now() < waitUntil) {
        await sleep(
          Math.min(500, Math.max(50, waitUntil - Date.now())),
          undefined,
          options.signal === undefined ? {} : { signal: options.signal },
        );
        continue;
      }
      throw new BackupError(
        "BACKUP_LOCKED",
        `${path} is held by pid ${String(holder.pid)} on ${holder.controller} since ${holder.since.toISOString()}; wait for it to finish (or, if that process is gone, remove the lock: rm -r ${path})`,
        { path, step: "lock" },
      );
    }
  }

  /** True until {@link release}. */
  get held(): boolean {
    return this.#held;
  }

  /**
   * Releases the lock (idempotent).
   *
   * @throws {@link BackupError} `BACKUP_CLEANUP_FAILED` when the lock cannot be removed.
   */
  async release(): Promise<void> {
    if (!this.#held) return;
    this.#held = false;
    try {
      await this.#runner.run({ file: "rm", args: ["-rf", this.path] });
    } catch (error) {
      throw new BackupError(
        "BACKUP_CLEANUP_FAILED",
        `cannot release the lock ${this.path}: ${messageOf(error)}`,
        {
          path: this.path,
          step: "unlock",
          cause: error,
        },
      );
    }
  }
}
