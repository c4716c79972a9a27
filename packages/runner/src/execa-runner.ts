import { execa } from "execa";
import type { Command, RunResult } from "./command.js";
import { okExitCodesOf } from "./command.js";
import { connectPipeline } from "./connect-pipeline.js";
import { CommandFailedError, type FailureReason } from "./errors.js";
import { killProcessGroup } from "./kill-process-group.js";
import type { CommandRunner, RunOptions, StreamingRun, StreamOptions } from "./runner.js";
import type { StageExit, StageProcess, StageRequest } from "./stage.js";
import { StdoutFile } from "./stdout-file.js";
import { Termination } from "./termination.js";
import { assertValidCommand } from "./validate-command.js";

/** What the verbose hook of {@link ExecaRunner} is told. */
export type CommandEvent =
  | { readonly type: "start"; readonly command: Command }
  | {
      readonly type: "end";
      readonly command: Command;
      readonly exitCode: number | undefined;
      readonly durationMs: number;
    };

/** Options of {@link ExecaRunner}. */
export interface ExecaRunnerOptions {
  /** Time between SIGTERM and SIGKILL when a command is stopped. @default 2000 */
  readonly killGraceMs?: number;
  /** Most stdout/stderr `run` keeps in memory; larger output fails (use `stream`). @default 64 MiB */
  readonly maxBufferBytes?: number;
  /** Variables added to every command's environment (the command's own win). */
  readonly env?: Readonly<Record<string, string>>;
  /** Called when each command starts and ends: a hook for logs and `--verbose`. */
  readonly onCommand?: (event: CommandEvent) => void;
  /**
   * Called with each chunk a command writes to stderr, as it arrives (stderr is
   * still buffered for the result). For live logs, and for runners built on this
   * one that must react to what a command reports while it runs (`SshRunner`).
   */
  readonly onStderr?: (command: Command, chunk: Uint8Array) => void;
}

interface ExitFacts {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly failed: boolean;
  readonly isMaxBuffer: boolean;
  readonly spawnError: boolean;
}

/** The fields of an execa result this runner reads. */
interface ExecaOutcome {
  readonly exitCode?: number | undefined;
  readonly signal?: string | undefined;
  readonly failed: boolean;
  readonly isMaxBuffer: boolean;
  readonly isCanceled: boolean;
}

function factsOf(result: ExecaOutcome, stdoutTooLarge = false): ExitFacts {
  const spawnError =
    result.failed && result.exitCode === undefined && result.signal === undefined && !result.isCanceled;
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    failed: result.failed,
    isMaxBuffer: result.isMaxBuffer || stdoutTooLarge,
    spawnError,
  };
}

function classify(
  command: Command,
  facts: ExitFacts,
  stoppedFor: Termination["reason"],
): FailureReason | undefined {
  if (facts.spawnError) return "spawn-error";
  if (stoppedFor === "timeout") return "timeout";
  if (stoppedFor === "canceled") return "canceled";
  if (facts.isMaxBuffer) return "output-too-large";
  if (facts.signal !== undefined) return "signal";
  if (facts.exitCode === undefined) return "spawn-error";
  return okExitCodesOf(command).includes(facts.exitCode) ? undefined : "exit-code";
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return "";
}

/** A temporary file for stdout, or `undefined` (a pipe) when none can be made: the result is the same. */
function stdoutFileOrPipe(): StdoutFile | undefined {
  try {
    return StdoutFile.open();
  } catch {
    return undefined;
  }
}

/**
 * Runs commands on this machine with execa. Never through a shell: the argv
 * array reaches the program unchanged. Each command gets its own process group,
 * so a timeout or an AbortSignal ends the command and everything it started.
 *
 * @example
 * ```ts
 * const runner = new ExecaRunner();
 * const { stdout } = await runner.run({ file: "xl", args: ["list"], timeoutMs: 10_000 });
 * ```
 */
export class ExecaRunner implements CommandRunner {
  readonly #killGraceMs: number;
  readonly #maxBufferBytes: number;
  readonly #env: Readonly<Record<string, string>>;
  readonly #onCommand: ((event: CommandEvent) => void) | undefined;
  readonly #onStderr: ((command: Command, chunk: Uint8Array) => void) | undefined;

  constructor(options: ExecaRunnerOptions = {}) {
    this.#killGraceMs = options.killGraceMs ?? 2000;
    this.#maxBufferBytes = options.maxBufferBytes ?? 64 * 1024 * 1024;
    this.#env = options.env ?? {};
    this.#onCommand = options.onCommand;
    this.#onStderr = options.onStderr;
  }

  #watchStderr(command: Command, stderr: NodeJS.ReadableStream | null): void {
    const onStderr = this.#onStderr;
    if (onStderr === undefined || stderr === null) return;
    stderr.on("data", (chunk: Buffer) => onStderr(command, chunk));
  }

  async run(command: Command, options: RunOptions = {}): Promise<RunResult> {
    assertValidCommand(command);
    const interactive = options.stdio === "inherit";
    const file = !interactive && options.captureStdout === "file" ? stdoutFileOrPipe() : undefined;
    try {
      return await this.#run(command, options, interactive, file);
    } finally {
      file?.close();
    }
  }

  async #run(
    command: Command,
    options: RunOptions,
    interactive: boolean,
    file: StdoutFile | undefined,
  ): Promise<RunResult> {
    const termination = new Termination(options.signal, command.timeoutMs);
    this.#onCommand?.({ type: "start", command });
    const subprocess = execa(command.file, [...command.args], {
      ...(command.input === undefined
        ? { stdin: interactive ? "inherit" : "ignore" }
        : { input: command.input }),
      // execa hands any descriptor number to spawn unchanged; its types list only 1 to 9.
      stdout: interactive ? "inherit" : ((file?.fd as 1 | undefined) ?? "pipe"),
      stderr: interactive ? "inherit" : "pipe",
      env: { ...this.#env, ...command.env },
      ...(command.cwd === undefined ? {} : { cwd: command.cwd }),
      detached: !interactive,
      cancelSignal: termination.signal,
      forceKillAfterDelay: this.#killGraceMs,
      maxBuffer: this.#maxBufferBytes,
      reject: false,
      stripFinalNewline: false,
    });
    if (!interactive) this.#watchStderr(command, subprocess.stderr);
    const onStop = (): void => {
      if (!interactive && subprocess.pid !== undefined) killProcessGroup(subprocess.pid, this.#killGraceMs);
    };
    termination.signal.addEventListener("abort", onStop, { once: true });
    const result = await subprocess;
    termination.signal.removeEventListener("abort", onStop);
    termination.dispose();
    this.#onCommand?.({ type: "end", command, exitCode: result.exitCode, durationMs: result.durationMs });

    const written = file?.read(this.#maxBufferBytes);
    const facts = factsOf(result, written?.tooLarge === true);
    const stdout = written === undefined ? asText(result.stdout) : written.text;
    const stderr = asText(result.stderr);
    const failure = classify(command, facts, termination.reason);
    if (failure !== undefined) {
      throw new CommandFailedError({
        command,
        reason: failure,
        exitCode: facts.exitCode,
        signal: facts.signal,
        stderr: failure === "spawn-error" ? "" : stderr,
        stdout,
        durationMs: result.durationMs,
        cause: result.cause ?? undefined,
      });
    }
    return { command, exitCode: facts.exitCode ?? 0, stdout, stderr, durationMs: result.durationMs };
  }

  stream(pipeline: Command | readonly Command[], options: StreamOptions = {}): StreamingRun {
    return connectPipeline(pipeline, (request) => this.#spawnStage(request), options);
  }

  #spawnStage({ command, pipeStdin, signal }: StageRequest): StageProcess {
    const termination = new Termination(signal, command.timeoutMs);
    this.#onCommand?.({ type: "start", command });
    const stdinOption = pipeStdin
      ? { stdin: "pipe" as const }
      : command.input === undefined
        ? { stdin: "ignore" as const }
        : { input: command.input };
    const subprocess = execa(command.file, [...command.args], {
      ...stdinOption,
      stdout: "pipe",
      stderr: "pipe",
      buffer: { stdout: false, stderr: true },
      env: { ...this.#env, ...command.env },
      ...(command.cwd === undefined ? {} : { cwd: command.cwd }),
      detached: true,
      cancelSignal: termination.signal,
      forceKillAfterDelay: this.#killGraceMs,
      maxBuffer: { stderr: this.#maxBufferBytes },
      reject: false,
      stripFinalNewline: false,
    });
    this.#watchStderr(command, subprocess.stderr);
    const onStop = (): void => {
      if (subprocess.pid !== undefined) killProcessGroup(subprocess.pid, this.#killGraceMs);
    };
    termination.signal.addEventListener("abort", onStop, { once: true });
    const exited = subprocess.then((result): StageExit => {
      termination.signal.removeEventListener("abort", onStop);
      termination.dispose();
      this.#onCommand?.({ type: "end", command, exitCode: result.exitCode, durationMs: result.durationMs });
      const facts = factsOf(result);
      const failure = classify(command, facts, termination.reason);
      return {
        command,
        ...(failure === undefined ? {} : { failure }),
        ...(facts.exitCode === undefined ? {} : { exitCode: facts.exitCode }),
        ...(facts.signal === undefined ? {} : { signal: facts.signal }),
        stderr: asText(result.stderr),
        durationMs: result.durationMs,
        ...(result.cause === undefined ? {} : { cause: result.cause }),
      };
    });
    return { stdin: subprocess.stdin ?? null, stdout: subprocess.stdout, exited };
  }
}
