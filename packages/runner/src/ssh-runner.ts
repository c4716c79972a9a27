import { PassThrough, pipeline as pipeStreams } from "node:stream";
import type { Command, RunResult } from "./command.js";
import { okExitCodesOf } from "./command.js";
import { CommandFailedError } from "./errors.js";
import { ExecaRunner, type CommandEvent } from "./execa-runner.js";
import { readRemoteReport } from "./remote-report.js";
import {
  settleRemotePipeline,
  settleRemoteRun,
  type ClientOutcome,
  type RemoteContext,
} from "./remote-outcome.js";
import { remoteInteractiveLine, remoteKillLine, remotePipelineLine } from "./remote-script.js";
import { RemoteSession } from "./remote-session.js";
import type { CommandRunner, PipelineResult, RunOptions, StreamingRun, StreamOptions } from "./runner.js";
import { SessionSlots } from "./session-slots.js";
import { SshConnectionError, SshRunnerClosedError } from "./ssh-errors.js";
import { ANY_EXIT_CODE, SshMaster } from "./ssh-master.js";
import { sshBaseArgs, sshEndpointOf, validateSshOptions, type SshRunnerOptions } from "./ssh-options.js";
import { Termination } from "./termination.js";
import { assertValidCommand } from "./validate-command.js";

/** Resolves with `promise`, or rejects as soon as `signal` fires. */
async function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}

function isExpectedFailure(error: unknown): boolean {
  return error instanceof CommandFailedError || error instanceof SshConnectionError;
}

/**
 * Runs commands on a remote host with the system OpenSSH client. Each command
 * goes through the remote user's login shell (ssh always does that), so the
 * runner quotes every word for a POSIX shell: arguments arrive unchanged, with
 * `env` and `cwd` applied and the program itself run (never a shell builtin).
 *
 * One master connection (ControlMaster, its socket in a private 0700 directory)
 * carries every command, so a command costs a channel, not a login. BatchMode
 * is always on and host keys are checked strictly by default. `stream` runs a
 * whole pipeline on the host in one session and streams stdin and stdout with
 * backpressure. Timeouts and cancels stop the remote processes, not just ssh.
 *
 * Failures are typed: the command's own (`CommandFailedError`, with its exit
 * code and the stage that failed) and ssh's (`SshUnreachableError`,
 * `SshAuthenticationError`, `SshHostKeyError`, `SshConnectionLostError`, all
 * `SshConnectionError`). Call `close()` when done.
 *
 * @example
 * ```ts
 * const dom0 = new SshRunner({ destination: "root@dom0.example.net", knownHostsFile: "fleet_known_hosts" });
 * try {
 *   const { stdout } = await dom0.run({ file: "xl", args: ["list"], timeoutMs: 30_000 });
 *   console.log(stdout);
 * } finally {
 *   await dom0.close();
 * }
 * ```
 */
export class SshRunner implements CommandRunner {
  readonly #options: SshRunnerOptions;
  readonly #sshPath: string;
  readonly #killGraceMs: number;
  readonly #onCommand: ((event: CommandEvent) => void) | undefined;
  readonly #stderrListeners = new Map<Command, (chunk: Uint8Array) => void>();
  readonly #local: ExecaRunner;
  readonly #master: SshMaster | undefined;
  readonly #slots: SessionSlots;
  #closing: Promise<void> | undefined;

  /** @throws {@link SshOptionsError} when an option is unusable. */
  constructor(options: SshRunnerOptions) {
    validateSshOptions(options);
    this.#options = options;
    this.#sshPath = options.sshPath ?? "ssh";
    this.#killGraceMs = options.killGraceMs ?? 2000;
    this.#onCommand = options.onCommand;
    this.#slots = new SessionSlots(options.maxSessions ?? 8);
    this.#local = new ExecaRunner({
      killGraceMs: 1000,
      onStderr: (command, chunk) => this.#stderrListeners.get(command)?.(chunk),
    });
    this.#master =
      options.reuseConnection === false
        ? undefined
        : new SshMaster(
            {
              sshPath: this.#sshPath,
              endpoint: sshEndpointOf(options),
              baseArgs: (socket) => sshBaseArgs(options, socket),
              idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
              connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
            },
            this.#local,
          );
  }

  /** The host this runner runs commands on. */
  get destination(): string {
    return this.#options.destination;
  }

  /** The private directory holding the control socket, while a master connection is open. */
  get controlDirectory(): string | undefined {
    return this.#master?.directory;
  }

  /**
   * Connects now (commands connect on first use anyway): a way to check that a
   * host is reachable and trusted before running anything.
   * @throws {@link SshConnectionError} (a subclass saying why) when it cannot connect.
   */
  async connect(): Promise<void> {
    this.#assertOpen();
    if (this.#master !== undefined) {
      await this.#master.ensure();
      return;
    }
    await this.run({ file: "true", args: [] });
  }

  async run(command: Command, options: RunOptions = {}): Promise<RunResult> {
    assertValidCommand(command);
    if (options.stdio === "inherit") return this.#runInteractive(command, options);
    const session = this.#newSession();
    const line = remotePipelineLine([command], session.nonce);
    const termination = new Termination(options.signal, command.timeoutMs);
    const onStop = (): void => session.stop(termination.reason ?? "canceled");
    termination.signal.addEventListener("abort", onStop, { once: true });
    if (termination.signal.aborted) onStop();
    try {
      const release = await this.#open(session.localSignal);
      try {
        const client = this.#client(line, command.input);
        const outcome = await this.#runClient(command, client, session);
        return settleRemoteRun(command, outcome, this.#context(session));
      } finally {
        release();
      }
    } catch (error) {
      const stopped = session.stopped;
      if (stopped === undefined || isExpectedFailure(error)) throw error;
      throw new CommandFailedError({ command, reason: stopped.reason, stderr: "", cause: error });
    } finally {
      termination.signal.removeEventListener("abort", onStop);
      termination.dispose();
    }
  }

  stream(pipeline: Command | readonly Command[], options: StreamOptions = {}): StreamingRun {
    const commands: readonly Command[] = Array.isArray(pipeline) ? pipeline : [pipeline as Command];
    if (commands.length === 0) throw new RangeError("a pipeline needs at least one command");
    commands.forEach(assertValidCommand);
    const session = this.#newSession();
    const line = remotePipelineLine(commands, session.nonce);
    const stdout = new PassThrough();
    const onAbort = (): void => session.stop("canceled");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted === true) onAbort();
    const done = this.#streamClient(commands, line, session, stdout, options).finally(() => {
      options.signal?.removeEventListener("abort", onAbort);
    });
    return { stdout, done, cancel: () => session.stop("canceled") };
  }

  /**
   * Ends the master connection and removes its private directory. Commands
   * still running over it fail with `SshConnectionLostError`; later ones with
   * `SshRunnerClosedError`. Calling it again is harmless.
   */
  async close(): Promise<void> {
    this.#closing ??= this.#master?.close() ?? Promise.resolve();
    return this.#closing;
  }

  async #streamClient(
    commands: readonly Command[],
    line: string,
    session: RemoteSession,
    stdout: PassThrough,
    options: StreamOptions,
  ): Promise<PipelineResult> {
    let piped = false;
    const timers: NodeJS.Timeout[] = [];
    try {
      const release = await this.#open(session.localSignal);
      try {
        const first = commands[0] as Command;
        const client = this.#client(line, options.stdin === undefined ? first.input : undefined);
        const onInputError = (): void => session.stop("canceled");
        options.stdin?.once("error", onInputError);
        this.#stderrListeners.set(client, (chunk) => session.onStderr(chunk));
        commands.forEach((command) => this.#onCommand?.({ type: "start", command }));
        session.markSpawned();
        const run = this.#local.stream(client, {
          signal: session.localSignal,
          ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
        });
        piped = true;
        pipeStreams(run.stdout, stdout, () => undefined); // a reader that goes away is not our failure
        commands.forEach((command, index) => {
          if (command.timeoutMs === undefined) return;
          const timer = setTimeout(() => session.stop("timeout", index), command.timeoutMs);
          timer.unref();
          timers.push(timer);
        });
        let outcome: ClientOutcome;
        try {
          const result = await run.done;
          const stage = result.stages[0];
          outcome = {
            exitCode: stage?.exitCode ?? 0,
            stdout: "",
            stderr: stage?.stderr ?? "",
            durationMs: result.durationMs,
          };
        } catch (error) {
          if (!(error instanceof CommandFailedError)) throw error;
          outcome = { error };
        } finally {
          this.#stderrListeners.delete(client);
          options.stdin?.off("error", onInputError);
        }
        await session.finish(
          "error" in outcome ? undefined : readRemoteReport(outcome.stderr, session.nonce).pid,
        );
        const settled = (): PipelineResult => settleRemotePipeline(commands, outcome, this.#context(session));
        try {
          const result = settled();
          result.stages.forEach((stage) =>
            this.#onCommand?.({
              type: "end",
              command: stage.command,
              exitCode: stage.exitCode,
              durationMs: stage.durationMs,
            }),
          );
          return result;
        } catch (error) {
          commands.forEach((command) =>
            this.#onCommand?.({ type: "end", command, exitCode: undefined, durationMs: 0 }),
          );
          throw error;
        }
      } finally {
        release();
      }
    } catch (error) {
      const stopped = session.stopped;
      if (stopped === undefined || isExpectedFailure(error)) throw error;
      const index = stopped.stage ?? 0;
      throw new CommandFailedError({
        command: commands[index] as Command,
        reason: stopped.reason,
        stderr: "",
        cause: error,
      });
    } finally {
      timers.forEach(clearTimeout);
      if (!piped) stdout.end();
    }
  }

  async #runClient(command: Command, client: Command, session: RemoteSession): Promise<ClientOutcome> {
    this.#stderrListeners.set(client, (chunk) => session.onStderr(chunk));
    this.#onCommand?.({ type: "start", command });
    let outcome: ClientOutcome;
    session.markSpawned();
    try {
      const result = await this.#local.run(client, { signal: session.localSignal });
      outcome = result;
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
      outcome = { error };
    } finally {
      this.#stderrListeners.delete(client);
    }
    const report = "error" in outcome ? undefined : readRemoteReport(outcome.stderr, session.nonce);
    await session.finish(report?.pid);
    this.#onCommand?.({
      type: "end",
      command,
      exitCode: report?.exits.get(0),
      durationMs: "error" in outcome ? (outcome.error.durationMs ?? 0) : outcome.durationMs,
    });
    return outcome;
  }

  async #runInteractive(command: Command, options: RunOptions): Promise<RunResult> {
    const line = remoteInteractiveLine(command);
    const release = await this.#open(options.signal ?? new AbortController().signal);
    try {
      const client: Command = {
        file: this.#sshPath,
        args: [
          ...this.#baseArgs(),
          process.stdin.isTTY ? "-t" : "-T",
          "-o",
          "ControlMaster=no",
          "--",
          this.#options.destination,
          line,
        ],
        okExitCodes: ANY_EXIT_CODE,
        ...(command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs }),
      };
      this.#onCommand?.({ type: "start", command });
      const result = await this.#local
        .run(client, {
          stdio: "inherit",
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        })
        .catch((error: unknown) => {
          if (!(error instanceof CommandFailedError)) throw error;
          throw new CommandFailedError({ command, reason: error.reason, signal: error.signal, cause: error });
        });
      this.#onCommand?.({ type: "end", command, exitCode: result.exitCode, durationMs: result.durationMs });
      if (!okExitCodesOf(command).includes(result.exitCode)) {
        throw new CommandFailedError({
          command,
          reason: "exit-code",
          exitCode: result.exitCode,
          stderr:
            result.exitCode === 255
              ? "(exit 255: the command's own, or ssh's — see ssh's message above)"
              : "",
          durationMs: result.durationMs,
        });
      }
      return { command, exitCode: result.exitCode, stdout: "", stderr: "", durationMs: result.durationMs };
    } finally {
      release();
    }
  }

  /** Connects if needed and takes a session slot. */
  async #open(signal: AbortSignal): Promise<() => void> {
    this.#assertOpen();
    if (this.#master !== undefined) await unlessAborted(this.#master.ensure(), signal);
    this.#assertOpen();
    return this.#slots.acquire(signal);
  }

  #assertOpen(): void {
    if (this.#closing !== undefined) {
      throw new SshRunnerClosedError(sshEndpointOf(this.#options));
    }
  }

  #newSession(): RemoteSession {
    return new RemoteSession((pid) => this.#killRemote(pid), this.#killGraceMs + 5000);
  }

  #context(session: RemoteSession): RemoteContext {
    return { endpoint: sshEndpointOf(this.#options), nonce: session.nonce, stopped: session.stopped };
  }

  #baseArgs(): string[] {
    const socket = this.#master?.socketPath;
    return [...sshBaseArgs(this.#options, socket), ...(socket === undefined ? ["-S", "none"] : [])];
  }

  /** The local ssh invocation that runs `line` on the host. */
  #client(line: string, input: Command["input"]): Command {
    return {
      file: this.#sshPath,
      args: [...this.#baseArgs(), "-T", "-o", "ControlMaster=no", "--", this.#options.destination, line],
      okExitCodes: ANY_EXIT_CODE,
      ...(input === undefined ? {} : { input }),
    };
  }

  /** Stops a remote process group over its own session (outside the slot limit: it must not wait). */
  async #killRemote(pid: number): Promise<void> {
    const timeoutMs = this.#killGraceMs + (this.#options.connectTimeoutMs ?? 10_000) + 5000;
    const result = await this.#local.run({
      ...this.#client(remoteKillLine(pid, this.#killGraceMs), undefined),
      timeoutMs,
    });
    if (result.exitCode !== 0) throw new Error(`could not stop remote process group ${String(pid)}`);
  }
}
