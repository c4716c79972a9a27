import type { Command, RunResult } from "./command.js";
import { okExitCodesOf } from "./command.js";
import { CommandFailedError } from "./errors.js";
import { readRemoteReport, type RemoteReport } from "./remote-report.js";
import type { StopRequest } from "./remote-session.js";
import type { PipelineResult } from "./runner.js";
import {
  classifySshFailure,
  SshConnectionLostError,
  type SshConnectionError,
  type SshEndpoint,
} from "./ssh-errors.js";

/** How the local ssh client ended, as the local runner saw it. */
export type ClientOutcome =
  | {
      readonly exitCode: number;
      readonly stdout: string;
      readonly stderr: string;
      readonly durationMs: number;
    }
  | { readonly error: CommandFailedError };

/** What settling needs besides the client's outcome. */
export interface RemoteContext {
  /** Where ssh connected, for the errors. */
  readonly endpoint: SshEndpoint;
  readonly nonce: string;
  readonly stopped: StopRequest | undefined;
}

/** A SIGPIPE (128 + 13): the stage only failed because a later one stopped reading. */
const BROKEN_PIPE = 141;

function stageOf(index: number, count: number): { index: number; count: number } | undefined {
  return count > 1 ? { index, count } : undefined;
}

/** The error for a client that failed locally (could not start, was killed, printed too much). */
function localFailure(
  commands: readonly Command[],
  error: CommandFailedError,
  context: RemoteContext,
): Error {
  const stderr = readRemoteReport(error.stderrTail, context.nonce).stderr;
  const index = context.stopped?.stage ?? 0;
  return new CommandFailedError({
    command: commands[index] as Command,
    reason: context.stopped?.reason ?? error.reason,
    exitCode: context.stopped === undefined ? error.exitCode : undefined,
    signal: error.signal,
    stderr,
    stdout: error.stdout,
    durationMs: error.durationMs,
    stage: stageOf(index, commands.length),
    cause: error.reason === "canceled" || error.reason === "timeout" ? error.cause : error,
  });
}

/** The ssh-level error when the remote side did not report every stage's exit. */
function sshFailure(
  command: Command,
  report: RemoteReport,
  exitCode: number,
  endpoint: SshEndpoint,
): SshConnectionError {
  const details = { ...endpoint, command, exitCode, stderr: report.stderr };
  return report.pid === undefined ? classifySshFailure(details) : new SshConnectionLostError(details);
}

/**
 * Turns a finished ssh session that ran one command into the command's result,
 * or the error that explains it: the command's own failure
 * (`CommandFailedError`), or ssh's (`SshConnectionError` subclasses).
 */
export function settleRemoteRun(command: Command, outcome: ClientOutcome, context: RemoteContext): RunResult {
  if ("error" in outcome) throw localFailure([command], outcome.error, context);
  const report = readRemoteReport(outcome.stderr, context.nonce);
  const { stdout, durationMs } = outcome;
  if (context.stopped !== undefined) {
    throw new CommandFailedError({
      command,
      reason: context.stopped.reason,
      stderr: report.stderr,
      stdout,
      durationMs,
    });
  }
  const exitCode = report.exits.get(0);
  if (exitCode === undefined) throw sshFailure(command, report, outcome.exitCode, context.endpoint);
  if (!okExitCodesOf(command).includes(exitCode)) {
    throw new CommandFailedError({
      command,
      reason: "exit-code",
      exitCode,
      stderr: report.stderr,
      stdout,
      durationMs,
    });
  }
  return { command, exitCode, stdout, stderr: report.stderr, durationMs };
}

/**
 * Turns a finished ssh session that ran a pipeline into its result, or the error
 * naming the stage to blame (a stage killed by a broken pipe is blamed only when
 * no other stage failed). The remote stages share one stderr, so every stage's
 * `stderr` is the whole of it.
 */
export function settleRemotePipeline(
  commands: readonly Command[],
  outcome: ClientOutcome,
  context: RemoteContext,
): PipelineResult {
  if ("error" in outcome) throw localFailure(commands, outcome.error, context);
  const report = readRemoteReport(outcome.stderr, context.nonce);
  const { durationMs } = outcome;
  if (context.stopped !== undefined) {
    const index = context.stopped.stage ?? 0;
    throw new CommandFailedError({
      command: commands[index] as Command,
      reason: context.stopped.reason,
      stderr: report.stderr,
      durationMs,
      stage: stageOf(index, commands.length),
    });
  }
  if (commands.some((_command, index) => !report.exits.has(index))) {
    throw sshFailure(commands[0] as Command, report, outcome.exitCode, context.endpoint);
  }
  const failed = commands
    .map((command, index) => ({ command, index, exitCode: report.exits.get(index) ?? 0 }))
    .filter(({ command, exitCode }) => !okExitCodesOf(command).includes(exitCode));
  const culprit = failed.find(({ exitCode }) => exitCode !== BROKEN_PIPE) ?? failed[0];
  if (culprit !== undefined) {
    throw new CommandFailedError({
      command: culprit.command,
      reason: "exit-code",
      exitCode: culprit.exitCode,
      stderr: report.stderr,
      durationMs,
      stage: stageOf(culprit.index, commands.length),
    });
  }
  return {
    stages: commands.map((command, index) => ({
      command,
      exitCode: report.exits.get(index) ?? 0,
      stderr: report.stderr,
      durationMs,
    })),
    durationMs,
  };
}
