/**
 * The kernel's "this task is a kernel thread" flag in `/proc/PID/stat` field 9.
 *
 * @example
 * ```ts
 * (2129984 & PF_KTHREAD) !== 0; // true: a kernel thread
 * ```
 */
export const PF_KTHREAD = 0x00200000;

/** The fields of `/proc/PID/stat` this package reads. */
export interface ProcStat {
  readonly pid: number;
  /** The task's name (`comm`), which may contain spaces and parentheses. */
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  readonly flags: number;
  /** CPU nice value, -20..19 (decides the I/O level of a task in class `none`). */
  readonly nice: number;
}

/**
 * Parses one `/proc/PID/stat` line. The name sits between the first `(` and the
 * last `)`, so names with spaces (`xvd 3 fd:02`) and parentheses are read whole.
 * Returns `undefined` for text that is not a stat line.
 *
 * @example
 * ```ts
 * parseProcStat("812 (xvd 3 fd:02) S 2 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 300 0 0");
 * // { pid: 812, comm: "xvd 3 fd:02", state: "S", ppid: 2, flags: 2129984, nice: 0 }
 * ```
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 1 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3].
  const [state, ppid, flags, nice] = [rest[0], rest[1], rest[6], rest[16]];
  if (!Number.isInteger(pid) || state === undefined || ppid === undefined || flags === undefined)
    return undefined;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state,
    ppid: Number(ppid),
    flags: Number(flags),
    nice: nice === undefined ? 0 : Number(nice),
  };
}

/**
 * True for kernel threads: the `PF_KTHREAD` flag, or kthreadd (pid 2) and its
 * children when the flags are not available.
 *
 * @example
 * ```ts
 * isKernelThread({ pid: 812, comm: "3.xvda-0", state: "S", ppid: 2, flags: PF_KTHREAD, nice: 0 }); // true
 * ```
 */
export function isKernelThread(stat: ProcStat): boolean {
  return (stat.flags & PF_KTHREAD) !== 0 || stat.pid === 2 || stat.ppid === 2;
}
