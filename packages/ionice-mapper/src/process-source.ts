import {
  readOpenFiles,
  readProcesses,
  readThreadIds,
  type ProcessInfo,
  type ProcOptions,
} from "./read-processes.js";

/**
 * Where processes are read from: a /proc tree on this machine, or `ps` on a
 * host reached through a runner (SSH, the simulated dom0).
 */
export interface ProcessSource {
  /** For messages: `/proc`, `ps on the host`. */
  readonly description: string;
  /** Every process. */
  list(): Promise<ProcessInfo[]>;
  /** The thread ids of a user process (`[pid]` when they cannot be told). */
  threadIds(pid: number): Promise<number[]>;
  /** The paths a process holds open, or `undefined` when this source cannot tell. */
  openFiles(pid: number): Promise<string[] | undefined>;
}

/**
 * Reads processes from a /proc tree (the live one, or a fixture).
 *
 * @example
 * ```ts
 * const scan = await scanIoProcesses({ source: procfsSource({ procRoot: "/proc" }) });
 * ```
 */
export function procfsSource(options: ProcOptions = {}): ProcessSource {
  return {
    description: options.procRoot ?? "/proc",
    list: () => readProcesses(options),
    threadIds: (pid) => readThreadIds(pid, options),
    openFiles: (pid) => readOpenFiles(pid, options),
  };
}
