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

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
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
      const abort = waitForAbort(controller.signal).then((): SimExit => ({ signal: "SIGKILL" }));
      exit = await Promise.race([handler(context), abort]);
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
