import { CommandFailedError, type Command, type CommandRunner, type RunResult } from "@dom0kit/runner";
import { ToolOutputError } from "./errors.js";
import type { IoClass, IoPriority } from "./io-priority.js";

const LINE = /^(none|realtime|best-effort|idle)(?:: prio ([0-7]))?$/;

/**
 * How many ids one `ionice -p` call reads or sets.
 *
 * @example
 * ```ts
 * Math.ceil(600 / IONICE_BATCH); // 3 calls for 600 tasks
 * ```
 */
export const IONICE_BATCH = 256;

/**
 * Parses what `ionice -p PID…` prints: one line per id, in order —
 * `best-effort: prio 3`, `realtime: prio 0`, `idle`, or `none: prio 0` for a
 * task whose priority was never set (its level then follows its nice value).
 *
 * @throws {@link ToolOutputError} on any other line.
 * @example
 * ```ts
 * parseIoniceOutput("best-effort: prio 3\nidle\n"); // [{ ioClass: "best-effort", level: 3 }, { ioClass: "idle", level: 0 }]
 * ```
 */
export function parseIoniceOutput(stdout: string): IoPriority[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const match = LINE.exec(line.trim());
      if (match === null)
        throw new ToolOutputError("ionice", index + 1, line, "'none|realtime|best-effort: prio N' or 'idle'");
      const ioClass = match[1] as IoClass;
      return { ioClass, level: ioClass === "idle" ? 0 : Number(match[2] ?? "0") };
    });
}

function vanished(stderr: string): boolean {
  return /No such process/i.test(stderr);
}

function failure(command: Command, run: RunResult): CommandFailedError {
  return new CommandFailedError({
    command,
    reason: "exit-code",
    exitCode: run.exitCode,
    stderr: run.stderr,
    stdout: run.stdout,
    durationMs: run.durationMs,
  });
}

async function readBatch(
  runner: CommandRunner,
  batch: readonly number[],
): Promise<RunResult & { command: Command }> {
  const command: Command = { file: "ionice", args: ["-p", ...batch.map(String)], okExitCodes: [0, 1] };
  return { ...(await runner.run(command)), command };
}

/**
 * Reads the I/O priority of each task with `ionice -p` through the runner, in
 * batches. When a task in a batch no longer exists — util-linux's ionice then
 * stops at it, other implementations skip it — that batch is read again one
 * id at a time, so no reading is ever matched to the wrong task. Ids that are
 * gone are absent from the result.
 *
 * @throws `CommandFailedError` when ionice fails for another reason (permissions).
 * @throws {@link ToolOutputError} when ionice prints something else than one line per id.
 * @example
 * ```ts
 * const now = await readIoPriorities(new ExecaRunner(), [303, 410, 411]);
 * now.get(303); // { ioClass: "none", level: 0 }
 * ```
 */
export async function readIoPriorities(
  runner: CommandRunner,
  tids: readonly number[],
): Promise<Map<number, IoPriority>> {
  const result = new Map<number, IoPriority>();
  const unique = [...new Set(tids)];
  for (let start = 0; start < unique.length; start += IONICE_BATCH) {
    const batch = unique.slice(start, start + IONICE_BATCH);
    const run = await readBatch(runner, batch);
    if (run.exitCode === 0) {
      const priorities = parseIoniceOutput(run.stdout);
      if (priorities.length !== batch.length)
        throw new ToolOutputError(
          "ionice",
          priorities.length + 1,
          "",
          `a priority line: ionice printed ${String(priorities.length)} lines for ${String(batch.length)} ids`,
        );
      for (const [index, priority] of priorities.entries()) result.set(batch[index] as number, priority);
      continue;
    }
    if (!vanished(run.stderr)) throw failure(run.command, run);
    for (const tid of batch) {
      const single = await readBatch(runner, [tid]);
      if (single.exitCode === 0) {
        const [priority] = parseIoniceOutput(single.stdout);
        if (priority !== undefined) result.set(tid, priority);
      } else if (!vanished(single.stderr)) throw failure(single.command, single);
    }
  }
  return result;
}
