import {
  applyPlan,
  type ApplyOptions,
  type ApplyReport,
  type CommandRunner,
  type Plan,
} from "@dom0kit/runner";
import type { ResolvedShaping } from "./desired-state.js";
import { chooseStrategy, detectStrategies, type StrategySupport } from "./detect/detect-strategies.js";
import { diffShaping, freshLiveState } from "./diff/diff-shaping.js";
import type { LiveState } from "./live/live-state.js";
import { readLiveState } from "./live/read-live-state.js";
import type { ShapingInput } from "./model.js";
import { countOperations, type ChangeSet } from "./operations.js";
import { renderShapingPlan, type PlanForm } from "./render/render-plan.js";
import { resolveShaping } from "./resolve.js";
import { strategyInUse } from "./strategy-in-use.js";
import type { ClassificationStrategy } from "./strategy.js";

/**
 * Options of {@link planShaping} and {@link applyShaping}.
 * @example
 * ```ts
 * const options: ShapingOptions = { strategy: "nft", form: "batch" };
 * ```
 */
export interface ShapingOptions {
  /**
   * How packets are put in their class. `"auto"` keeps the strategy already
   * applied on the host, else picks the best the host supports.
   * @default "auto"
   */
  readonly strategy?: ClassificationStrategy | "auto";
  /** @default "batch" */
  readonly form?: PlanForm;
  readonly signal?: AbortSignal;
}

/**
 * A shaping plan and everything that went into it.
 *
 * @example
 * ```ts
 * const { plan, changes, desired } = await planShaping(runner, input);
 * ```
 */
export interface ShapingPlan {
  readonly desired: ResolvedShaping;
  readonly strategy: ClassificationStrategy;
  /** Strategy support found by probing (only when `auto` had to probe). */
  readonly support?: readonly StrategySupport[];
  readonly live: LiveState;
  readonly changes: ChangeSet;
  /** Empty when the host is already as desired. */
  readonly plan: Plan;
}

async function pickStrategy(
  runner: CommandRunner,
  live: LiveState,
  requested: ClassificationStrategy | "auto",
): Promise<{ strategy: ClassificationStrategy; support?: readonly StrategySupport[] }> {
  if (requested !== "auto") return { strategy: requested };
  const current = strategyInUse(live);
  if (current !== undefined) return { strategy: current };
  const support = await detectStrategies(runner);
  return { strategy: chooseStrategy(support), support };
}

/**
 * Plans shaping for a host: validates the input, reads the host's live state
 * through `runner` (read-only commands), picks the strategy, and returns a
 * plan of only the changes needed. Nothing is changed.
 *
 * @throws {@link ShapingInputError} for bad input, before any command runs.
 * @example
 * ```ts
 * const { plan } = await planShaping(new ExecaRunner(), input, { strategy: "nft", form: "batch" });
 * console.log(renderScript(plan));
 * ```
 */
export async function planShaping(
  runner: CommandRunner,
  input: ShapingInput,
  options: ShapingOptions = {},
): Promise<ShapingPlan> {
  const desired = resolveShaping(input);
  const requested = options.strategy ?? "auto";
  const live = await readLiveState(
    runner,
    {
      uplink: desired.uplink.interface,
      handle: desired.handle,
      devices: desired.domains.filter((domain) => domain.in !== undefined).map((domain) => domain.vif),
      ...(requested === "auto" ? {} : { strategy: requested }),
    },
    options,
  );
  const { strategy, support } = await pickStrategy(runner, live, requested);
  const changes = diffShaping(desired, live, strategy);
  return {
    desired,
    strategy,
    ...(support === undefined ? {} : { support }),
    live,
    changes,
    plan: renderShapingPlan(changes, options.form ?? "batch"),
  };
}

/**
 * The full plan for a freshly booted host, without reading one: every
 * qdisc, class and rule. For printing, scripts and hosts you cannot reach;
 * {@link planShaping} is what `apply` uses.
 *
 * @throws {@link ShapingInputError} for bad input.
 * @example
 * ```ts
 * const { plan } = planFreshShaping(input, { strategy: "nft" });
 * ```
 */
export function planFreshShaping(
  input: ShapingInput,
  options: { readonly strategy?: ClassificationStrategy; readonly form?: PlanForm } = {},
): { desired: ResolvedShaping; changes: ChangeSet; plan: Plan } {
  const desired = resolveShaping(input);
  const changes = diffShaping(desired, freshLiveState(desired), options.strategy ?? "nft");
  return { desired, changes, plan: renderShapingPlan(changes, options.form ?? "batch") };
}

/**
 * What {@link applyShaping} did.
 * @example
 * ```ts
 * const { operations, report } = await applyShaping(runner, input);
 * ```
 */
export interface ShapingApplyResult extends ShapingPlan {
  /** How many changes were made (0: the host was already as desired, and nothing but reads ran). */
  readonly operations: number;
  /** The runner's report; `undefined` when there was nothing to run. */
  readonly report?: ApplyReport;
}

/**
 * Brings a host's shaping to the input: plans against the live state, then
 * runs only the changes (in two or three processes with the default batch
 * form). Re-applying an unchanged input runs no modifying command.
 * Command failures are in `report.status`; check it, or call
 * `assertPlanSucceeded(result.report)`.
 *
 * @throws {@link ShapingInputError} for bad input, before any command runs.
 * @example
 * ```ts
 * const result = await applyShaping(new ExecaRunner(), input);
 * if (result.report !== undefined) assertPlanSucceeded(result.report);
 * for (const finding of result.changes.foreign) console.warn(finding.description, finding.effect);
 * ```
 */
export async function applyShaping(
  runner: CommandRunner,
  input: ShapingInput,
  options: ShapingOptions & { readonly onStep?: ApplyOptions["onStep"] } = {},
): Promise<ShapingApplyResult> {
  const planned = await planShaping(runner, input, options);
  const operations = countOperations(planned.changes);
  if (planned.plan.steps.length === 0) return { ...planned, operations };
  const report = await applyPlan(planned.plan, runner, {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onStep === undefined ? {} : { onStep: options.onStep }),
  });
  return { ...planned, operations, report };
}
