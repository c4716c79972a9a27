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

/** True when the lock's holder is gone: a dead process on this host, or an owner that never wrote its file. */
async function isStale(lockDir: string): Promise<boolean> {
  const owner = await readOwner(lockDir);
  if (owner === undefined) {
    try {
      return Date.now() - (await stat(lockDir)).mtimeMs > UNOWNED_GRACE_MS;
    } catch {
      return false;
    }
  }
  return owner.host === hostname() && !isAlive(owner.pid);
}

async function breakStale(lockDir: string): Promise<void> {
  const aside = `${lockDir}.stale-${randomBytes(4).toString("hex")}`;
  try {
    await rename(lockDir, aside);
  } catch {
    return; // somebody else broke or released it first
  }
  await rm(aside, { recursive: true, force: true });
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
    if (await isStale(lockDir)) {
      await breakStale(lockDir);
      continue;
    }
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
    await writeFile(`${lockDir}/owner.json`, JSON.stringify(owner));
    return await fn();
  } finally {
    const current = await readOwner(lockDir);
    if (current?.token === token) await rm(lockDir, { recursive: true, force: true });
  }
}
