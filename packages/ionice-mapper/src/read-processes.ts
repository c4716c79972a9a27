import { readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { ProcUnreadableError } from "./errors.js";
import { isKernelThread, parseProcStat } from "./proc-stat.js";

/** One process as read from /proc. */
export interface ProcessInfo {
  readonly pid: number;
  /** Its name (`comm`). */
  readonly name: string;
  readonly ppid: number;
  readonly kernelThread: boolean;
  /** CPU nice value. */
  readonly nice: number;
  /** Its argv (`/proc/PID/cmdline`); empty for kernel threads. */
  readonly cmdline: readonly string[];
}

/** Where /proc is. */
export interface ProcOptions {
  /** The procfs mount, or a fixture tree shaped like it. @default "/proc" */
  readonly procRoot?: string;
}

const PID = /^[1-9][0-9]*$/;

function gone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ESRCH" || code === "ENOTDIR";
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (gone(error)) return undefined;
    throw error;
  }
}

async function readProcess(procRoot: string, pid: string): Promise<ProcessInfo | undefined> {
  const statText = await readOptional(join(procRoot, pid, "stat"));
  const stat = statText === undefined ? undefined : parseProcStat(statText);
  if (stat === undefined) return undefined;
  const kernelThread = isKernelThread(stat);
  const cmdlineText = kernelThread ? "" : ((await readOptional(join(procRoot, pid, "cmdline"))) ?? "");
  const cmdline = cmdlineText === "" ? [] : cmdlineText.replace(/\0$/, "").split("\0");
  return { pid: stat.pid, name: stat.comm, ppid: stat.ppid, kernelThread, nice: stat.nice, cmdline };
}

/**
 * Lists every process under a /proc root: name, parent, kernel-thread flag,
 * nice value and argv. A process that exits while it is being read is left out.
 *
 * @throws {@link ProcUnreadableError} when the root itself cannot be listed.
 * @example
 * ```ts
 * const processes = await readProcesses({ procRoot: "/proc" });
 * processes.filter((each) => each.kernelThread).length; // the kernel threads
 * ```
 */
export async function readProcesses(options: ProcOptions = {}): Promise<ProcessInfo[]> {
  const procRoot = options.procRoot ?? "/proc";
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch (error) {
    throw new ProcUnreadableError(procRoot, error);
  }
  const pids = entries.filter((entry) => PID.test(entry));
  const processes = await Promise.all(pids.map((pid) => readProcess(procRoot, pid)));
  return processes.filter((each): each is ProcessInfo => each !== undefined).sort((a, b) => a.pid - b.pid);
}

/**
 * The thread ids of a process (`/proc/PID/task`), sorted; `[pid]` when the
 * directory cannot be read. An I/O priority belongs to one thread, so a
 * multi-threaded backend (qemu) needs every thread set.
 *
 * @example
 * ```ts
 * await readThreadIds(4242); // [4242, 4243, 4250]
 * ```
 */
export async function readThreadIds(pid: number, options: ProcOptions = {}): Promise<number[]> {
  const procRoot = options.procRoot ?? "/proc";
  try {
    const tids = (await readdir(join(procRoot, String(pid), "task")))
      .filter((entry) => PID.test(entry))
      .map(Number)
      .sort((a, b) => a - b);
    return tids.length === 0 ? [pid] : tids;
  } catch (error) {
    if (gone(error)) return [pid];
    throw error;
  }
}

/**
 * The paths a process holds open (`/proc/PID/fd/*` link targets), sorted and
 * without sockets, pipes and anonymous inodes. Used to tell which disk image a
 * tapdisk serves.
 *
 * @example
 * ```ts
 * await readOpenFiles(1054); // ["/dev/xen/tapctrlread1", "/srv/xen/vm1.img"]
 * ```
 */
export async function readOpenFiles(pid: number, options: ProcOptions = {}): Promise<string[]> {
  const procRoot = options.procRoot ?? "/proc";
  const fdDir = join(procRoot, String(pid), "fd");
  let fds: string[];
  try {
    fds = await readdir(fdDir);
  } catch (error) {
    if (gone(error) || (error as NodeJS.ErrnoException).code === "EACCES") return [];
    throw error;
  }
  const targets = await Promise.all(
    fds.map(async (fd) => {
      try {
        return await readlink(join(fdDir, fd));
      } catch {
        return undefined;
      }
    }),
  );
  return [...new Set(targets.filter((target): target is string => target?.startsWith("/") === true))]
    .map((target) => target.replace(/ \(deleted\)$/, ""))
    .sort();
}
