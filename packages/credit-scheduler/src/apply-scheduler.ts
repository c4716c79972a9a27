import {
  applyPlan,
  type ApplyOptions,
  type ApplyReport,
  type CommandRunner,
  type Plan,
} from "@dom0kit/runner";
import { readSchedulerState, type HostSchedulerState } from "./host-state.js";
import { planScheduler } from "./plan-scheduler.js";
import type { SchedulerPolicy } from "./policy.js";

/** A plan together with the state it was made against. */
export interface SchedulerPlan {
  readonly state: HostSchedulerState;
  readonly plan: Plan;
}

/**
 * Reads the host through the runner and plans the differences from the policy.
 * Runs only the read-only listings.
 *
 * @example
 * ```ts
 * const { plan } = await planSchedulerOnHost(new DryRunRunner(), computeSchedulerPolicy(input));
 * ```
 */
export async function planSchedulerOnHost(
  runner: CommandRunner,
  policy: SchedulerPolicy,
): Promise<SchedulerPlan> {
  const state = await readSchedulerState(runner, policy.host);
  return { state, plan: planScheduler(policy, state) };
}

/**
 * Reads the host, plans the differences and runs them; a failed step undoes the
 * ones before it. Bad input and impossible changes are refused before anything runs.
 *
 * @example
 * ```ts
 * const { report } = await applySchedulerPolicy(new ExecaRunner(), computeSchedulerPolicy(input));
 * if (report.status !== "succeeded") process.exitCode = 1;
 * ```
 */
export async function applySchedulerPolicy(
  runner: CommandRunner,
  policy: SchedulerPolicy,
  options: ApplyOptions = {},
): Promise<SchedulerPlan & { readonly report: ApplyReport }> {
  const planned = await planSchedulerOnHost(runner, policy);
  const report = await applyPlan(planned.plan, runner, options);
  return { ...planned, report };
}
