import { applyPlan, type ApplyReport, type CommandRunner, type StepEvent } from "@dom0kit/runner";
import type { AreaInput, AreaName, AreaPlan, HostArea } from "../areas/area.js";

/** What happened to one area in `dom0kit apply`. */
export interface AreaOutcome {
  readonly area: AreaName;
  readonly title: string;
  readonly planned: AreaPlan;
  /** Absent when there was nothing to change. */
  readonly report?: ApplyReport;
  readonly status: "unchanged" | "succeeded" | "failed" | "canceled";
}

/** Hooks for progress displays. */
export interface ApplyAreasHooks {
  /** An area was planned; its steps are about to run. */
  onPlanned?(planned: AreaPlan): void;
  onStep?(event: StepEvent): void;
  /** An area finished. */
  onDone?(outcome: AreaOutcome): void;
}

/**
 * Plans and applies areas one after another, each planned just before it runs
 * (so `sched` sees the domains `config` started). Stops at the first area that
 * does not succeed; that area's completed steps are undone by `applyPlan`.
 * Areas after it are not planned.
 *
 * @example
 * ```ts
 * const outcomes = await applyAreas(HOST_AREAS, input, runner, { signal });
 * ```
 */
export async function applyAreas(
  areas: readonly HostArea[],
  input: AreaInput,
  changes: CommandRunner,
  options: { readonly signal?: AbortSignal; readonly hooks?: ApplyAreasHooks } = {},
): Promise<AreaOutcome[]> {
  const outcomes: AreaOutcome[] = [];
  const hooks = options.hooks ?? {};
  for (const area of areas) {
    if (options.signal?.aborted === true) break;
    const planned = await area.plan(input);
    hooks.onPlanned?.(planned);
    let outcome: AreaOutcome;
    if (planned.plan.steps.length === 0 && planned.plan.finally.length === 0) {
      outcome = { area: area.name, title: area.title, planned, status: "unchanged" };
    } else {
      const report = await applyPlan(planned.plan, changes, {
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onStep: (event) => hooks.onStep?.(event),
      });
      outcome = { area: area.name, title: area.title, planned, report, status: report.status };
    }
    outcomes.push(outcome);
    hooks.onDone?.(outcome);
    if (outcome.status === "failed" || outcome.status === "canceled") break;
  }
  return outcomes;
}
