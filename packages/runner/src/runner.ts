import type { Readable } from "node:stream";
import type { Command, RunResult } from "./command.js";

/** Options for {@link CommandRunner.run}. */
export interface RunOptions {
  /** Aborting kills the command (and its process group) and rejects with `isCanceled`. */
  readonly signal?: AbortSignal;
  /**
   * `"inherit"` connects the command to this process's terminal (for interactive
   * programs such as `xl console`); stdout and stderr are then not captured.
   * @default "pipe"
   */
  readonly stdio?: "pipe" | "inherit";
  /**
   * How stdout is collected. `"file"`: the program writes into an unlinked
   * temporary file, read once when it exits, instead of a pipe read chunk by
   * chunk — cheaper for a program that flushes many small writes (`tc` flushes
   * once per qdisc or class: thousands of wakeups on a dom0). The result is the
   * same either way. The output's size is checked only at exit, so use it for
   * output of bounded size. A runner that starts no local process for the
   * command (dry run, scripted, simulated, SSH) ignores it, as `stdio:
   * "inherit"` does.
   * @default "pipe"
   */
  readonly captureStdout?: "pipe" | "file";
}

/** Options for {@link CommandRunner.stream}. */
export interface StreamOptions {
  /** Aborting kills every stage; `done` rejects with `isCanceled`. */
  readonly signal?: AbortSignal;
  /** Data for the first stage's stdin; its end closes stdin. @default the first command's `input`, or empty */
  readonly stdin?: Readable;
}

/** How one stage of a streaming run ended. */
export interface StageResult {
  readonly command: Command;
  readonly exitCode: number;
  readonly stderr: string;
  readonly durationMs: number;
}

/** A finished streaming run: every stage exited with one of its OK exit codes. */
export interface PipelineResult {
  readonly stages: readonly StageResult[];
  readonly durationMs: number;
}

/**
 * A streaming run in progress: `A | B | …` connected without a shell.
 * Read `stdout` to the end (or destroy it) — a stage blocks while its output is unread.
 */
export interface StreamingRun {
  /** The last stage's stdout. */
  readonly stdout: Readable;
  /**
   * Resolves when every stage has exited with an OK code. Rejects with
   * `CommandFailedError` naming the stage that failed (its `stage` field).
   */
  readonly done: Promise<PipelineResult>;
  /** Kills every stage; `done` then rejects as canceled. */
  cancel(): void;
}

/**
 * Runs commands somewhere: this machine, nowhere (dry run), a remote dom0, a
 * simulated dom0. Every package that touches a host does it through this.
 *
 * @example
 * ```ts
 * async function domainNames(runner: CommandRunner): Promise<string[]> {
 *   const { stdout } = await runner.run({ file: "xl", args: ["list"] });
 *   return stdout.split("\n").slice(1).filter(Boolean).map((line) => line.split(/\s+/)[0] ?? "");
 * }
 * ```
 */
export interface CommandRunner {
  /**
   * Runs one command to completion and returns its output.
   * @throws `CommandFailedError` when it exits with a code not in `okExitCodes`,
   * is killed, times out, is canceled, or cannot be started.
   * @throws `InvalidCommandError` when the command cannot be delivered unchanged.
   */
  run(command: Command, options?: RunOptions): Promise<RunResult>;

  /**
   * Starts a pipeline of one or more commands, each stage's stdout feeding the
   * next stage's stdin, and streams the last stage's stdout. Memory stays constant
   * and backpressure is respected: a slow reader slows every stage.
   */
  stream(pipeline: Command | readonly Command[], options?: StreamOptions): StreamingRun;
}
