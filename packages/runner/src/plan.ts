import type { Command } from "./command.js";

/** How often to try a command again when it fails. */
export interface RetryPolicy {
  /** Total tries, including the first. @default 1 */
  readonly attempts: number;
  /** Pause between tries. @default 1000 */
  readonly delayMs?: number;
}

/** A command with the reason it runs, as a person would say it. */
export interface Action {
  readonly command: Command;
  /** One line for people: what this does and why ("pause vm1 while its disks are snapshotted"). */
  readonly description: string;
  /** Try again on failure. @default one try */
  readonly retry?: RetryPolicy;
}

/** One step of a plan. */
export interface Step extends Action {
  /**
   * Reverses this step. It is registered *before* the step runs, so it runs (newest
   * first) when this step or any later one fails, or the plan is canceled.
   */
  readonly undo?: Action;
}

/**
 * An ordered list of commands — data that can be printed, diffed, serialised to
 * JSON, rendered as a shell script with `renderScript`, or run with `applyPlan`.
 */
export interface Plan {
  /** What the plan does, for headings and script comments. */
  readonly title: string;
  /** Run in order; the first failure stops the rest. */
  readonly steps: readonly Step[];
  /** Always run after the steps, whether they succeeded, failed or were canceled. */
  readonly finally: readonly Action[];
}

/**
 * Builds a plan.
 *
 * @example
 * ```ts
 * const backup = plan("back up vm1", [
 *   step("save vm1 and leave it paused", ["xl", "save", "-p", "vm1", "/backup/vm1.save"], {
 *     undo: action("resume vm1", ["xl", "unpause", "vm1"]),
 *   }),
 * ]);
 * ```
 */
export function plan(title: string, steps: readonly Step[], finallyActions: readonly Action[] = []): Plan {
  return { title, steps, finally: finallyActions };
}

/** Options of {@link step} and {@link action}: the command fields besides argv. */
export type StepOptions = Omit<Command, "file" | "args"> & {
  readonly retry?: RetryPolicy;
};

/** Builds an {@link Action} from a description and an argv array. */
export function action(
  description: string,
  argv: readonly [string, ...string[]],
  options: StepOptions = {},
): Action {
  const { retry, ...commandOptions } = options;
  const [file, ...args] = argv;
  const command: Command = { ...commandOptions, file, args };
  return retry === undefined ? { command, description } : { command, description, retry };
}

/** Builds a {@link Step}; pass `undo` to register how to reverse it. */
export function step(
  description: string,
  argv: readonly [string, ...string[]],
  options: StepOptions & { readonly undo?: Action } = {},
): Step {
  const { undo, ...rest } = options;
  const built = action(description, argv, rest);
  return undo === undefined ? built : { ...built, undo };
}

/** True when the plan has nothing to run. */
export function isEmptyPlan(candidate: Plan): boolean {
  return candidate.steps.length === 0 && candidate.finally.length === 0;
}

/** Joins plans into one: steps in order, finally actions in order. */
export function concatPlans(title: string, plans: readonly Plan[]): Plan {
  return {
    title,
    steps: plans.flatMap((each) => each.steps),
    finally: plans.flatMap((each) => each.finally),
  };
}
