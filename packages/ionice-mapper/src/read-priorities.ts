import { CommandFailedError, type Command, type CommandRunner } from "@dom0kit/runner";
import { ToolOutputError } from "./errors.js";
import type { IoClass, IoPriority } from "./io-priority.js";

const LINE = /^(none|realtime|best-effort|idle)(?:: prio ([0-7]))?$/;

/** How many ids one `ionice -p` call reads or sets. */
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

/**
 * Reads the I/O priority of each task with `ionice -p` through the runner, in
 * batches. `ionice` stops at the first id that no longer exists; that id is
 * recorded as gone and reading resumes after it. Ids that are gone are absent
 * from the result.
 *
 * @throws `CommandFailedError` when ionice fails for another reason (permissions).
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
  let pending = [...new Set(tids)];
  while (pending.length > 0) {
    const batch = pending.slice(0, IONICE_BATCH);
    const command: Command = { file: "ionice", args: ["-p", ...batch.map(String)], okExitCodes: [0, 1] };
    const run = await runner.run(command);
    const priorities = parseIoniceOutput(run.stdout);
    for (const [index, priority] of priorities.entries()) result.set(batch[index] as number, priority);
    if (run.exitCode !== 0) {
      if (!vanished(run.stderr) || priorities.length >= batch.length)
        throw new CommandFailedError({
          command,
          reason: "exit-code",
          exitCode: run.exitCode,
          stderr: run.stderr,
          stdout: run.stdout,
          durationMs: run.durationMs,
        });
      // batch[priorities.length] is gone; skip it.
      pending = pending.slice(priorities.length + 1);
    } else {
      pending = pending.slice(batch.length);
    }
  }
  return result;
}
