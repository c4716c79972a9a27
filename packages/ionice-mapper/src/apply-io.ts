import {
  applyPlan,
  isEmptyPlan,
  type ApplyOptions,
  type ApplyReport,
  type CommandRunner,
  type Plan,
} from "@dom0kit/runner";
import { inspectIo, type InspectIoOptions } from "./inspect-io.js";
import type { IoInspection } from "./inspection.js";
import { pendingChanges, type PriorityTarget } from "./plan-ionice.js";
import type { IoPolicy } from "./policy.js";
import { ioPriorityTargets, planIoPriorities } from "./priority-targets.js";

/** Options of {@link applyIoPolicy}. */
export interface ApplyIoOptions extends InspectIoOptions, Pick<ApplyOptions, "onStep" | "signal"> {
  /** Runs the changes (`ionice -c …`). @default the `runner` */
  readonly changeRunner?: CommandRunner;
  /** Read priorities back afterwards and report what still differs. @default true */
  readonly verify?: boolean;
}

/** What {@link applyIoPolicy} did. */
export interface IoApplyResult {
  /** The host before. */
  readonly before: IoInspection;
  /** Each plan that ran (a second one when tasks exited during the first). */
  readonly plans: readonly Plan[];
  readonly reports: readonly ApplyReport[];
  /** The host after (the same as `before` when nothing had to change or `verify` is off). */
  readonly after: IoInspection;
  /** Tasks still not at their planned priority after applying (empty on success). */
  readonly remaining: readonly PriorityTarget[];
  readonly status: "unchanged" | "applied" | "failed";
}

function failedForVanishedTask(report: ApplyReport): boolean {
  const error = report.failedStep?.error as { stderrTail?: string } | undefined;
  return /No such process/i.test(error?.stderrTail ?? "");
}

/**
 * Applies an I/O policy: inspects the host, plans only the changes, runs them,
 * then reads the priorities back to prove them. A task that exits while a batch
 * runs makes `ionice` stop early; the host is then inspected again and the
 * rest applied once more. Nothing to change runs no `ionice -c` at all.
 *
 * @example
 * ```ts
 * const result = await applyIoPolicy(policy, { runner: new ExecaRunner() });
 * if (result.status === "failed") console.error(result.remaining);
 * ```
 */
export async function applyIoPolicy(policy: IoPolicy, options: ApplyIoOptions): Promise<IoApplyResult> {
  const before = await inspectIo(policy, options);
  const firstPlan = planIoPriorities(before);
  if (isEmptyPlan(firstPlan))
    return { before, plans: [], reports: [], after: before, remaining: [], status: "unchanged" };

  const changeRunner = options.changeRunner ?? options.runner;
  const applyOptions: ApplyOptions = {
    ...(options.onStep === undefined ? {} : { onStep: options.onStep }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const plans: Plan[] = [firstPlan];
  const reports: ApplyReport[] = [await applyPlan(firstPlan, changeRunner, applyOptions)];
  if (options.verify === false) {
    const status = reports[0]?.status === "succeeded" ? "applied" : "failed";
    return { before, plans, reports, after: before, remaining: [], status };
  }
  let after = await inspectIo(policy, options);
  const first = reports[0] as ApplyReport;
  if (first.status === "failed" && failedForVanishedTask(first)) {
    const retry = planIoPriorities(after);
    if (!isEmptyPlan(retry)) {
      plans.push(retry);
      reports.push(await applyPlan(retry, changeRunner, applyOptions));
      after = await inspectIo(policy, options);
    }
  }
  // A step that failed only because its task exited leaves nothing behind: judge by what remains.
  const remaining = pendingChanges(ioPriorityTargets(after));
  return { before, plans, reports, after, remaining, status: remaining.length === 0 ? "applied" : "failed" };
}
