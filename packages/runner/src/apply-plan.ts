import { setTimeout as sleep } from "node:timers/promises";
import type { RunResult } from "./command.js";
import { CommandFailedError } from "./errors.js";
import type { Action, Plan } from "./plan.js";
import type { CommandRunner } from "./runner.js";

/** Which part of a plan an action belongs to. */
export type Phase = "step" | "undo" | "finally";

/** How one action of a plan ended. */
export type ActionStatus = "succeeded" | "failed" | "canceled" | "skipped";

/** What happened to one action. */
export interface ActionOutcome {
  readonly phase: Phase;
  /** Position in its phase's list in the plan (for undo: the index of the step it reverses). */
  readonly index: number;
  readonly action: Action;
  readonly status: ActionStatus;
  /** Tries made (0 when skipped). */
  readonly attempts: number;
  readonly result?: RunResult;
  readonly error?: Error;
}

/** What applying a plan did: every step's fate, what was undone, and the finally actions. */
export interface ApplyReport {
  readonly plan: Plan;
  /** `failed` if any step, undo or finally action failed; `canceled` if the signal stopped it. */
  readonly status: "succeeded" | "failed" | "canceled";
  /** One outcome per plan step, in order (later ones `skipped` after a failure). */
  readonly steps: readonly ActionOutcome[];
  /** Undo actions that ran, newest first. */
  readonly undone: readonly ActionOutcome[];
  readonly finally: readonly ActionOutcome[];
  /** The step that stopped the plan, if one did. */
  readonly failedStep?: ActionOutcome;
  readonly durationMs: number;
}

/** Progress events from {@link applyPlan}. */
export type StepEvent =
  | { readonly type: "start"; readonly phase: Phase; readonly index: number; readonly action: Action }
  | { readonly type: "end"; readonly outcome: ActionOutcome };

/** Options of {@link applyPlan}. */
export interface ApplyOptions {
  /** Told when each action starts and ends (progress displays). */
  readonly onStep?: (event: StepEvent) => void;
  /**
   * Stops the plan: the running step is killed, later steps are skipped. Undo
   * and finally actions still run to completion; they are not canceled.
   */
  readonly signal?: AbortSignal;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function wasCanceled(error: unknown): boolean {
  return (
    (error instanceof CommandFailedError && error.isCanceled) ||
    (error as Error | undefined)?.name === "AbortError"
  );
}

async function runAction(
  runner: CommandRunner,
  action: Action,
  phase: Phase,
  index: number,
  options: ApplyOptions,
  signal: AbortSignal | undefined,
): Promise<ActionOutcome> {
  options.onStep?.({ type: "start", phase, index, action });
  const attempts = Math.max(1, action.retry?.attempts ?? 1);
  let outcome: ActionOutcome | undefined;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const result = await runner.run(action.command, signal === undefined ? {} : { signal });
      outcome = { phase, index, action, status: "succeeded", attempts: attempt, result };
      break;
    } catch (error) {
      const canceled = signal?.aborted === true || wasCanceled(error);
      outcome = {
        phase,
        index,
        action,
        status: canceled ? "canceled" : "failed",
        attempts: attempt,
        error: asError(error),
      };
      if (canceled || attempt === attempts) break;
      await sleep(action.retry?.delayMs ?? 1000);
    }
  }
  const ended = outcome as ActionOutcome;
  options.onStep?.({ type: "end", outcome: ended });
  return ended;
}

function skipped(phase: Phase, index: number, action: Action): ActionOutcome {
  return { phase, index, action, status: "skipped", attempts: 0 };
}

/**
 * Runs a plan: steps in order until the first failure; then every registered
 * undo (newest first); then every finally action, always. Command failures are
 * reported in the returned value, not thrown.
 *
 * @example
 * ```ts
 * const report = await applyPlan(myPlan, new ExecaRunner(), {
 *   onStep: (event) => { if (event.type === "start") console.log(event.action.description); },
 * });
 * if (report.status !== "succeeded") console.error(report.failedStep?.error?.message);
 * ```
 */
export async function applyPlan(
  plan: Plan,
  runner: CommandRunner,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const started = performance.now();
  const steps: ActionOutcome[] = [];
  const registeredUndo: { index: number; action: Action }[] = [];
  let failedStep: ActionOutcome | undefined;

  for (const [index, planStep] of plan.steps.entries()) {
    if (failedStep !== undefined || options.signal?.aborted === true) {
      steps.push(skipped("step", index, planStep));
      continue;
    }
    if (planStep.undo !== undefined) registeredUndo.push({ index, action: planStep.undo });
    const outcome = await runAction(runner, planStep, "step", index, options, options.signal);
    steps.push(outcome);
    if (outcome.status !== "succeeded") failedStep = outcome;
  }

  const canceled =
    failedStep?.status === "canceled" || (options.signal?.aborted === true && failedStep === undefined);
  const undone: ActionOutcome[] = [];
  if (failedStep !== undefined || canceled) {
    for (const { index, action } of registeredUndo.reverse()) {
      undone.push(await runAction(runner, action, "undo", index, options, undefined));
    }
  }
  const finallyOutcomes: ActionOutcome[] = [];
  for (const [index, action] of plan.finally.entries()) {
    finallyOutcomes.push(await runAction(runner, action, "finally", index, options, undefined));
  }

  const cleanupFailed = [...undone, ...finallyOutcomes].some((outcome) => outcome.status !== "succeeded");
  const status = canceled ? "canceled" : failedStep !== undefined || cleanupFailed ? "failed" : "succeeded";
  return {
    plan,
    status,
    steps,
    undone,
    finally: finallyOutcomes,
    ...(failedStep === undefined ? {} : { failedStep }),
    durationMs: performance.now() - started,
  };
}

/** A plan that did not succeed, thrown by {@link assertPlanSucceeded}. */
export class PlanFailedError extends Error {
  override readonly name = "PlanFailedError";
  /** Stable code: `"PLAN_FAILED"`. */
  readonly code = "PLAN_FAILED";
  readonly report: ApplyReport;

  constructor(report: ApplyReport) {
    const failed = report.failedStep;
    const cleanup = [...report.undone, ...report.finally].filter((outcome) => outcome.status !== "succeeded");
    const what =
      failed !== undefined
        ? `step ${String(failed.index + 1)} "${failed.action.description}" ${failed.status}: ${failed.error?.message ?? ""}`
        : report.status === "canceled"
          ? "canceled before any step failed"
          : `cleanup failed: ${cleanup.map((outcome) => outcome.action.description).join(", ")}`;
    super(`${report.plan.title}: ${what}`, { cause: failed?.error });
    this.report = report;
  }
}

/** Throws {@link PlanFailedError} unless the report says the plan succeeded. */
export function assertPlanSucceeded(report: ApplyReport): void {
  if (report.status !== "succeeded") throw new PlanFailedError(report);
}
