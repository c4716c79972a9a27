import { appendFile } from "node:fs/promises";
import type { Command } from "@dom0kit/runner";
import type { FaultEffect } from "../faults/fault-spec.js";
import { takeFaultEffects } from "../faults/take-fault-effects.js";
import { applyAfterEffects } from "./after-effects.js";
import { findHandler } from "./dispatch.js";
import { emit } from "./io.js";
import type { CommandContext, SimEnvironment, SimExit, SimIo, StreamCut } from "./types.js";
import { unwrapWrappers } from "./unwrap-wrappers.js";

/** How a simulated command ended, as a runner needs to know it. */
export interface ExecuteOutcome {
  readonly exit: SimExit;
  /** Set when the command was stopped: its timeout passed or it was canceled. */
  readonly stopped?: "timeout" | "canceled";
  readonly durationMs: number;
}

/**
 * Waits until the signal fires, or until `unless` settles (then never
 * resolves). While waiting, a timer keeps the process alive: a listener alone
 * does not, and a hanging command run through a shim or `dom0kit-sim exec`
 * would otherwise end at once with exit code 0.
 */
function waitForAbort(signal: AbortSignal, unless?: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const keepAlive = setInterval(() => undefined, 60_000);
    const onAbort = (): void => {
      clearInterval(keepAlive);
      resolve();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const stopWaiting = (): void => {
      clearInterval(keepAlive);
      signal.removeEventListener("abort", onAbort);
    };
    unless?.then(stopWaiting, stopWaiting);
  });
}

/** How long a stopped handler gets to clean up before the command is reported ended anyway. */
const STOPPED_HANDLER_GRACE_MS = 5000;

/** Waits for `work` to settle, at most `ms`. */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    timeout,
  ]);
  clearTimeout(timer);
}

function firstBlocking(effects: readonly FaultEffect[]): FaultEffect | undefined {
  return effects.find((effect) => effect.kind === "fail" || effect.kind === "hang");
}

/**
 * Runs one command against the simulated host: applies injected faults, runs
 * the program's handler (or reports it as not simulated), enforces the
 * command's timeout and the caller's cancellation, and appends the command to
 * the journal.
 *
 * @example
 * ```ts
 * const outcome = await executeCommand(env, { file: "xl", args: ["list"] }, io);
 * ```
 */
export async function executeCommand(
  env: SimEnvironment,
  command: Command,
  io: SimIo,
  signal?: AbortSignal,
): Promise<ExecuteOutcome> {
  const started = performance.now();
  const controller = new AbortController();
  let stopped: "timeout" | "canceled" | undefined;
  const onAbort = (): void => {
    stopped ??= "canceled";
    controller.abort();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted === true) onAbort();
  const timer =
    command.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          stopped ??= "timeout";
          controller.abort();
        }, command.timeoutMs);

  const original = [command.file, ...command.args];
  const { argv, wrappers } = unwrapWrappers(original);
  const journal: Record<string, unknown> = {};
  let exit: SimExit;
  try {
    const effects = await takeFaultEffects(env, argv);
    const blocking = firstBlocking(effects);
    if (blocking !== undefined) journal.fault = blocking.kind;
    let streamCut: StreamCut | undefined;
    if (blocking?.kind === "fail" && blocking.afterBytes !== undefined) {
      streamCut = { bytes: blocking.afterBytes, exitCode: blocking.exitCode, stderr: blocking.stderr };
    }
    if (blocking?.kind === "hang") {
      await waitForAbort(controller.signal);
      exit = { signal: "SIGKILL" };
    } else if (blocking?.kind === "fail" && streamCut === undefined) {
      await emit(io.stdout, blocking.stdout);
      await emit(io.stderr, blocking.stderr);
      exit = { exitCode: blocking.exitCode };
    } else {
      const context: CommandContext = {
        env,
        argv,
        wrappers,
        cwd: command.cwd ?? "/",
        vars: command.env ?? {},
        io,
        signal: controller.signal,
        journal,
        ...(streamCut === undefined ? {} : { streamCut }),
      };
      const handler = findHandler(argv[0] ?? "");
      const running = handler(context);
      const abort = waitForAbort(controller.signal, running).then((): SimExit => ({ signal: "SIGKILL" }));
      exit = await Promise.race([running, abort]);
      // A stopped handler still releases what it holds (its real processes, the volumes it
      // opened): wait for that, briefly, so nothing changes the state after the command ended.
      if (controller.signal.aborted) await settledWithin(running, STOPPED_HANDLER_GRACE_MS);
    }
    if (stopped === undefined) await applyAfterEffects(env, effects);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
  const durationMs = performance.now() - started;
  await appendJournal(env, original, command.cwd, exit, stopped, durationMs, journal);
  return { exit, durationMs, ...(stopped === undefined ? {} : { stopped }) };
}

async function appendJournal(
  env: SimEnvironment,
  argv: readonly string[],
  cwd: string | undefined,
  exit: SimExit,
  stopped: string | undefined,
  durationMs: number,
  extra: Record<string, unknown>,
): Promise<void> {
  const entry = {
    at: new Date(env.now()).toISOString(),
    pid: process.pid,
    argv,
    ...(cwd === undefined ? {} : { cwd }),
    ...exit,
    ...(stopped === undefined ? {} : { stopped }),
    durationMs: Math.round(durationMs),
    ...extra,
  };
  await appendFile(env.paths.journalFile, `${JSON.stringify(entry)}\n`).catch(() => undefined);
}
