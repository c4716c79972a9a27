import { Readable, pipeline as pipeStreams } from "node:stream";
import type { Command } from "./command.js";
import { okExitCodesOf } from "./command.js";
import { CommandFailedError } from "./errors.js";
import type { PipelineResult, StreamingRun, StreamOptions } from "./runner.js";
import type { StageExit, StageProcess, StageSpawner } from "./stage.js";
import { assertValidCommand } from "./validate-command.js";

/** A stage that failed only because the stage after it stopped reading. */
function isBrokenPipe(exit: StageExit): boolean {
  return exit.signal === "SIGPIPE" || exit.exitCode === 141 || /broken pipe|EPIPE/i.test(exit.stderr);
}

/** True for stream errors that only mean the reader went away first. */
function isReaderGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED" || code === "ERR_STREAM_PREMATURE_CLOSE";
}

/**
 * Chooses the stage to blame: the first that failed for a reason of its own.
 * A stage killed by a broken pipe failed because a later stage stopped reading.
 */
function blame(exits: readonly StageExit[]): { exit: StageExit; index: number } | undefined {
  const failed = exits
    .map((exit, index) => ({ exit, index }))
    .filter(({ exit }) => exit.failure !== undefined);
  return failed.find(({ exit }) => !isBrokenPipe(exit)) ?? failed[0];
}

/**
 * Wires stages into `A | B | …`: feeds `options.stdin` to the first, each stage's
 * stdout to the next one's stdin, exposes the last stdout, and checks every
 * stage's exit. Runner implementations call this with their own spawner, so
 * every runner streams the same way.
 */
export function connectPipeline(
  pipeline: Command | readonly Command[],
  spawn: StageSpawner,
  options: StreamOptions = {},
): StreamingRun {
  const commands: readonly Command[] = Array.isArray(pipeline) ? pipeline : [pipeline as Command];
  if (commands.length === 0) throw new RangeError("a pipeline needs at least one command");
  commands.forEach(assertValidCommand);

  const started = performance.now();
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) controller.abort();

  let inputError: unknown;
  const stages: StageProcess[] = [];
  commands.forEach((command, index) => {
    const pipeStdin = index > 0 || options.stdin !== undefined;
    const stage = spawn({ command, pipeStdin, signal: controller.signal });
    const source = index === 0 ? options.stdin : stages[index - 1]?.stdout;
    if (source !== undefined && stage.stdin !== null) {
      pipeStreams(source, stage.stdin, (error) => {
        if (error === undefined || error === null || isReaderGone(error)) return;
        if (index === 0) {
          inputError = error;
          controller.abort();
        }
      });
    }
    stages.push(stage);
  });

  const done = Promise.all(stages.map((stage) => stage.exited)).then((exits): PipelineResult => {
    options.signal?.removeEventListener("abort", onOuterAbort);
    const culprit = blame(exits);
    if (culprit !== undefined) {
      const { exit, index } = culprit;
      throw new CommandFailedError({
        command: exit.command,
        reason: exit.failure ?? "exit-code",
        exitCode: exit.exitCode,
        signal: exit.signal,
        stderr: exit.stderr,
        durationMs: exit.durationMs,
        stage: commands.length > 1 ? { index, count: commands.length } : undefined,
        cause: inputError ?? exit.cause,
      });
    }
    if (inputError !== undefined) {
      throw new CommandFailedError({
        command: commands[0] as Command,
        reason: "canceled",
        stderr: "",
        cause: inputError,
      });
    }
    return {
      stages: exits.map((exit) => ({
        command: exit.command,
        exitCode: exit.exitCode ?? 0,
        stderr: exit.stderr,
        durationMs: exit.durationMs,
      })),
      durationMs: performance.now() - started,
    };
  });

  const last = stages.at(-1) as StageProcess;
  return { stdout: last.stdout, done, cancel: () => controller.abort() };
}

/** Classifies a finished stage's exit code against its command's OK codes. */
export function exitFailure(command: Command, exitCode: number): "exit-code" | undefined {
  return okExitCodesOf(command).includes(exitCode) ? undefined : "exit-code";
}

/** A readable that ends at once: the stdout of a stage that writes nothing. */
export function emptyReadable(): Readable {
  return Readable.from([]);
}
