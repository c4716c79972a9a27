import type { Command } from "./command.js";
import { formatCommand } from "./format-command.js";

/** Why a command did not succeed. */
export type FailureReason =
  "exit-code" | "signal" | "timeout" | "canceled" | "spawn-error" | "output-too-large";

/** Where a failed command stood in a pipeline (`A | B`). */
export interface PipelineStage {
  /** 0-based position of the failed stage. */
  readonly index: number;
  /** Number of stages in the pipeline. */
  readonly count: number;
}

/** Everything known about a command that failed. */
export interface CommandFailureDetails {
  readonly command: Command;
  readonly reason: FailureReason;
  readonly exitCode?: number | undefined;
  readonly signal?: string | undefined;
  readonly stderr?: string | undefined;
  readonly stdout?: string | undefined;
  readonly durationMs?: number | undefined;
  readonly stage?: PipelineStage | undefined;
  readonly cause?: unknown;
}

/** How much of stderr an error keeps: the end, where programs put the reason. */
export const STDERR_TAIL_BYTES = 4096;

/** The last {@link STDERR_TAIL_BYTES} characters of `stderr`, trimmed. */
export function stderrTail(stderr: string): string {
  const trimmed = stderr.trimEnd();
  return trimmed.length > STDERR_TAIL_BYTES
    ? `…${trimmed.slice(trimmed.length - STDERR_TAIL_BYTES)}`
    : trimmed;
}

function describeFailure(details: CommandFailureDetails): string {
  const where = details.stage ? ` (stage ${details.stage.index + 1} of ${details.stage.count})` : "";
  const what = `${formatCommand(details.command)}${where}`;
  const lastLine =
    stderrTail(details.stderr ?? "")
      .split("\n")
      .at(-1) ?? "";
  const why = lastLine === "" ? "" : `: ${lastLine}`;
  switch (details.reason) {
    case "exit-code":
      return `${what} failed with exit code ${String(details.exitCode)}${why}`;
    case "signal":
      return `${what} was killed by ${String(details.signal)}${why}`;
    case "timeout":
      return `${what} timed out after ${String(details.command.timeoutMs)} ms and was killed`;
    case "canceled":
      return `${what} was canceled`;
    case "output-too-large":
      return `${what} wrote more output than the runner buffers; use the streaming call`;
    case "spawn-error": {
      const cause = details.cause instanceof Error ? details.cause.message : String(details.cause);
      return `${what} could not be started: ${cause}`;
    }
  }
}

/**
 * A command that did not succeed: a non-OK exit code, a signal, a timeout, a
 * cancellation, or a program that could not be started.
 *
 * @example
 * ```ts
 * try {
 *   await runner.run(cmd(["xl", "unpause", "vm1"]));
 * } catch (error) {
 *   if (error instanceof CommandFailedError) console.error(error.exitCode, error.stderrTail);
 * }
 * ```
 */
export class CommandFailedError extends Error {
  override readonly name = "CommandFailedError";
  /** Stable code for programs: always `"COMMAND_FAILED"`. */
  readonly code = "COMMAND_FAILED";
  readonly command: Command;
  readonly reason: FailureReason;
  /** The exit code, when the program exited by itself. */
  readonly exitCode: number | undefined;
  /** The signal that killed it (`"SIGTERM"`, …), if one did. */
  readonly signal: string | undefined;
  /** The end of what it wrote to stderr. */
  readonly stderrTail: string;
  /** What it wrote to stdout, when the runner buffered it. */
  readonly stdout: string | undefined;
  /** True when it was killed because `timeoutMs` passed. */
  readonly timedOut: boolean;
  /** True when it was killed because the AbortSignal fired. */
  readonly isCanceled: boolean;
  readonly durationMs: number | undefined;
  /** Set when the command was one stage of a pipeline. */
  readonly stage: PipelineStage | undefined;

  constructor(details: CommandFailureDetails) {
    super(describeFailure(details), { cause: details.cause });
    this.command = details.command;
    this.reason = details.reason;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.stderrTail = stderrTail(details.stderr ?? "");
    this.stdout = details.stdout;
    this.timedOut = details.reason === "timeout";
    this.isCanceled = details.reason === "canceled";
    this.durationMs = details.durationMs;
    this.stage = details.stage;
  }
}

/** A command that cannot be run as given (empty program, NUL byte, text that is not valid Unicode). */
export class InvalidCommandError extends Error {
  override readonly name = "InvalidCommandError";
  /** Stable code: `"INVALID_COMMAND"`. */
  readonly code = "INVALID_COMMAND";
  readonly command: Command;

  constructor(command: Command, problem: string) {
    super(`invalid command ${JSON.stringify([command.file, ...command.args])}: ${problem}`);
    this.command = command;
  }
}

/** A scripted test runner received a command it was not told to expect. */
export class UnexpectedCommandError extends Error {
  override readonly name = "UnexpectedCommandError";
  /** Stable code: `"UNEXPECTED_COMMAND"`. */
  readonly code = "UNEXPECTED_COMMAND";
  readonly command: Command;

  constructor(command: Command, expected: string) {
    super(`unexpected command: ${formatCommand(command)}\n  expected: ${expected}`);
    this.command = command;
  }
}
