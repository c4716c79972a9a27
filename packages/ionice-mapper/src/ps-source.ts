import type { CommandRunner } from "@dom0kit/runner";
import { ToolOutputError } from "./errors.js";
import type { ProcessSource } from "./process-source.js";
import type { ProcessInfo } from "./read-processes.js";
import { TASK_COMM_MAX } from "./backend-names.js";

const ROW = /^\s*([0-9]+)\s+([0-9]+)\s+(-?[0-9]+|-)\s(.*)$/;

/**
 * Parses `ps -e -o pid=,ppid=,ni=,args=`. A kernel thread is shown as `[name]`
 * with kthreadd (pid 2) as its parent; a user process's name is its program's
 * base name (at most 15 bytes, as the kernel keeps it) and its argv is split on
 * spaces.
 *
 * @throws {@link ToolOutputError} on a line that is not a process row.
 * @example
 * ```ts
 * parsePsOutput("  812     2   0 [3.xvda-0]\n");
 * // [{ pid: 812, name: "3.xvda-0", ppid: 2, kernelThread: true, nice: 0, cmdline: [] }]
 * ```
 */
export function parsePsOutput(stdout: string): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const [index, line] of stdout.split("\n").entries()) {
    if (line.trim() === "") continue;
    const row = ROW.exec(line);
    if (row === null) throw new ToolOutputError("ps", index + 1, line, "PID PPID NI ARGS");
    const [, pidText = "", ppidText = "", niText = "", argsText = ""] = row;
    const pid = Number(pidText);
    const ppid = Number(ppidText);
    const args = argsText.trim();
    const bracketed = /^\[(.*)\]$/.exec(args);
    const kernelThread = bracketed !== null && (ppid === 2 || pid === 2);
    const cmdline = kernelThread ? [] : args.split(/\s+/).filter(Boolean);
    const name = kernelThread
      ? (bracketed[1] ?? "")
      : (cmdline[0]?.split("/").at(-1) ?? "").slice(0, TASK_COMM_MAX);
    processes.push({ pid, name, ppid, kernelThread, nice: niText === "-" ? 0 : Number(niText), cmdline });
  }
  return processes;
}

/**
 * Reads processes with `ps` through a runner, for hosts whose /proc is not on
 * this machine (`--host ssh://…`, the simulated dom0). Threads come from
 * `ps -L -o lwp= -p PID` (the main thread alone when the host's ps cannot list
 * them); open files cannot be read this way, so a tapdisk cannot be matched to
 * its image.
 *
 * @example
 * ```ts
 * const scan = await scanIoProcesses({ source: psSource(sshRunner) });
 * ```
 */
export function psSource(runner: CommandRunner): ProcessSource {
  return {
    description: "ps on the host",
    list: async () =>
      parsePsOutput(
        (await runner.run({ file: "ps", args: ["-e", "-o", "pid=,ppid=,ni=,args="] })).stdout,
      ).sort((a, b) => a.pid - b.pid),
    threadIds: async (pid) => {
      try {
        const { stdout } = await runner.run({
          file: "ps",
          args: ["-L", "-o", "lwp=", "-p", String(pid)],
          okExitCodes: [0, 1],
        });
        const tids = stdout
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => /^[0-9]+$/.test(line))
          .map(Number)
          .sort((a, b) => a - b);
        return tids.length === 0 ? [pid] : tids;
      } catch {
        return [pid];
      }
    },
    openFiles: async () => undefined,
  };
}
