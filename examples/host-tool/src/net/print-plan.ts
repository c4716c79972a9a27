import { formatCommand, renderScript, type Plan } from "@dom0kit/runner";
import type { ChangeSet, ShapingWarning } from "@dom0kit/tc-builder";
import type { Output } from "../output.js";

/**
 * How `net plan` prints: one command per line, the batch files, or a shell script.
 * @example
 * ```ts
 * const format: NetFormat = "batch";
 * ```
 */
export type NetFormat = "commands" | "batch" | "script";

/**
 * Prints a plan: `commands` and `batch` as `$ command` lines (a batch step
 * followed by the file it feeds on standard input), `script` as a POSIX sh
 * script that does the same.
 * @example
 * ```ts
 * printPlan(output, plan, "script");
 * ```
 */
export function printPlan(out: Output, plan: Plan, format: NetFormat): void {
  if (format === "script") {
    out.line(renderScript(plan).trimEnd());
    return;
  }
  if (plan.steps.length === 0) {
    out.line("nothing to change: the host already matches the inventory");
    return;
  }
  out.line(`# ${plan.title}: ${String(plan.steps.length)} command${plan.steps.length === 1 ? "" : "s"}`);
  for (const step of plan.steps) {
    if (typeof step.command.input === "string") {
      out.line(`# ${step.description}`);
      out.line(`$ ${formatCommand(step.command)} <<'EOF'`);
      out.line(step.command.input.trimEnd());
      out.line("EOF");
    } else out.line(`$ ${formatCommand(step.command)}`);
  }
}

/**
 * Prints warnings, dom0kit-foreign objects and notes to stderr.
 * @example
 * ```ts
 * printFindings(output, planned.changes, desired.warnings);
 * ```
 */
export function printFindings(
  out: Output,
  changes: ChangeSet,
  warnings: readonly ShapingWarning[],
  notes: readonly string[] = [],
): void {
  for (const warning of warnings) out.note(`warning: ${warning.path}: ${warning.message}`);
  for (const foreign of changes.foreign) {
    out.note(
      `left alone: ${foreign.kind} ${foreign.description} on ${foreign.dev} (not dom0kit's) — ${foreign.effect}`,
    );
  }
  for (const note of [...notes, ...changes.notes]) out.note(`note: ${note}`);
}
