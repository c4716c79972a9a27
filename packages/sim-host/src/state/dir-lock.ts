import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { SimHostError } from "../errors.js";

/** Who holds a lock: written inside the lock directory. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/** A lock directory whose owner has not written its file yet is fresh for this long. */
const UNOWNED_GRACE_MS = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readOwner(lockDir: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(`${lockDir}/owner.json`, "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
}

/** A breaker (see {@link breakIfStale}) that has held its own lock this long has died. */
const BREAKER_GRACE_MS = 5_000;

async function ageMs(path: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Breaks the lock if its holder is gone: a dead process on this host, or a
 * directory whose owner never wrote its file within the grace time.
 *
 * Judging and breaking must concern the same lock: an owner read a moment ago
 * may have released the lock and exited since, and a new holder taken it —
 * breaking that one would let two processes in. So breakers take turns (their
 * own `mkdir` lock), and a dead owner's lock is broken only if a second read,
 * made after the owner is known dead, still shows its token: a dead process
 * releases nothing, and only a breaker removes its directory.
 */
async function breakIfStale(lockDir: string): Promise<void> {
  const breaker = `${lockDir}.breaking`;
  try {
    await mkdir(breaker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const age = await ageMs(breaker);
    if (age !== undefined && age > BREAKER_GRACE_MS) await rm(breaker, { recursive: true, force: true });
    return;
  }
  try {
    const owner = await readOwner(lockDir);
    if (owner === undefined) {
      const age = await ageMs(lockDir);
      if (age === undefined || age <= UNOWNED_GRACE_MS) return;
    } else {
      if (owner.host !== hostname() || isAlive(owner.pid)) return;
      if ((await readOwner(lockDir))?.token !== owner.token) return;
    }
    const aside = `${lockDir}.stale-${randomBytes(4).toString("hex")}`;
    try {
      await rename(lockDir, aside);
    } catch {
      return; // released in the meantime
    }
    await rm(aside, { recursive: true, force: true });
  } finally {
    await rm(breaker, { recursive: true, force: true });
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` while holding an exclusive lock shared by every process on this
 * machine: the lock is a directory (created atomically by `mkdir`) holding the
 * owner's pid. A lock left by a process that died is broken.
 *
 * @throws {@link SimHostError} `SIM_LOCK_TIMEOUT` when the lock stays taken for `timeoutMs`.
 * @example
 * ```ts
 * await withDirLock("/var/lib/sim/state.lock", async () => updateState());
 * ```
 */
export async function withDirLock<T>(
  lockDir: string,
  fn: () => Promise<T>,
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<T> {
  const token = randomBytes(8).toString("hex");
  const started = Date.now();
  let wait = 1;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    await breakIfStale(lockDir);
    if (Date.now() - started > timeoutMs) {
      const owner = await readOwner(lockDir);
      throw new SimHostError(
        "SIM_LOCK_TIMEOUT",
        `the simulated host's state is locked by process ${owner === undefined ? "(unknown)" : String(owner.pid)} for more than ${String(timeoutMs)} ms: ${lockDir}`,
        { path: lockDir },
      );
    }
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 25);
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), token };
  try {
    // Written whole or not at all: a reader never sees half an owner.
    await writeFile(`${lockDir}/owner.json.${token}`, JSON.stringify(owner));
    await rename(`${lockDir}/owner.json.${token}`, `${lockDir}/owner.json`);
    return await fn();
  } finally {
    const current = await readOwner(lockDir);
    if (current?.token === token) await rm(lockDir, { recursive: true, force: true });
  }
}
