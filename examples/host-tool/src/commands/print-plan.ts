import { formatCommand, type Plan } from "@dom0kit/runner";
import type { Output } from "../output.js";

/**
 * Prints a plan: each step's reason, then its command (with its stdin when it has one).
 *
 * @example
 * ```ts
 * printPlan(context.output(command), planIoPriorities(inspection));
 * ```
 */
export function printPlan(out: Output, plan: Plan): void {
  out.heading(`${plan.title}: ${String(plan.steps.length)} command${plan.steps.length === 1 ? "" : "s"}`);
  for (const step of plan.steps) {
    const input =
      step.command.input === undefined ? "" : ` <<< ${JSON.stringify(String(step.command.input).trimEnd())}`;
    out.line(`  # ${step.description}`);
    out.line(`  ${formatCommand(step.command)}${input}`);
  }
}
