import type { Command } from "commander";
import type { ActionOutcome } from "@dom0kit/runner";
import { areaOptionsOf, withAreaOptions, type AreaCommandOptions } from "../apply/area-options.js";
import { applyAreas, type AreaOutcome } from "../apply/apply-areas.js";
import { stepProgress, type StepProgress } from "../apply/step-progress.js";
import { selectAppliedAreas } from "../areas/index.js";
import { CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { applyFleetCommand } from "../fleet/fleet-apply.js";
import { checkFleetUsage, withFleetOptions, type FleetCommandOptions } from "../fleet/fleet-options.js";
import type { Output } from "../output.js";

function outcomeJson(outcome: ActionOutcome) {
  return {
    description: outcome.action.description,
    status: outcome.status,
    ...(outcome.error === undefined ? {} : { error: outcome.error.message }),
  };
}

/** One area's outcome as `dom0kit --json apply` prints it. */
export function areaJson(outcome: AreaOutcome) {
  return {
    area: outcome.area,
    title: outcome.title,
    status: outcome.status,
    notes: outcome.planned.notes,
    steps: (outcome.report?.steps ?? []).map(outcomeJson),
    undone: (outcome.report?.undone ?? []).map(outcomeJson),
    finally: (outcome.report?.finally ?? []).map(outcomeJson),
  };
}

function printSummary(out: Output, outcomes: readonly AreaOutcome[]): void {
  out.line();
  out.table(
    [
      { heading: "AREA" },
      { heading: "CHANGES", align: "right" },
      { heading: "RESULT" },
      { heading: "TIME", align: "right" },
    ],
    outcomes.map((outcome) => [
      outcome.area,
      outcome.planned.plan.steps.length,
      outcome.status === "succeeded" ? "applied" : outcome.status,
      outcome.report === undefined ? "-" : `${(outcome.report.durationMs / 1000).toFixed(1)}s`,
    ]),
  );
}

/** The one-line reason and hint for an area that did not succeed. */
function failureOf(outcome: AreaOutcome): CliError {
  const failed = outcome.report?.failedStep;
  const undone = (outcome.report?.undone ?? []).map(
    (each) => `${each.action.description}${each.status === "succeeded" ? "" : ` (${each.status})`}`,
  );
  const what =
    failed === undefined
      ? `${outcome.area}: ${outcome.status}`
      : `${outcome.area}: step ${String(failed.index + 1)} "${failed.action.description}" ${failed.status}: ${failed.error?.message.split("\n")[0] ?? ""}`;
  const rollback = undone.length === 0 ? "nothing to undo" : `undone: ${undone.join("; ")}`;
  return new CliError(
    `apply stopped in ${what}\n${rollback}`,
    `areas before ${outcome.area} stay applied; fix the cause and run dom0kit apply again`,
    { code: outcome.status === "canceled" ? "APPLY_CANCELED" : "APPLY_FAILED" },
  );
}

/** `dom0kit apply`: every area's plan, run against the host, area by area. */
export function registerApplyCommand(program: Command, context: CliContext): void {
  withFleetOptions(withAreaOptions(program.command("apply")), { failFast: true })
    .description("bring the host to the inventory: plan each area, run its commands, undo them if one fails")
    .addHelpText(
      "after",
      "\nAreas run in order (config, boot, sched, net, io, console), each planned just before it\n" +
        "runs. A failing step stops the run: that area's finished steps are undone, later areas\n" +
        "are not touched, and the exit code is 1. Applying twice changes nothing the second time.\n" +
        "With --dry-run, prints the commands instead (later areas see the host unchanged).\n\n" +
        "With --fleet FILE, applies to every host of the fleet file, --parallel at once; one host\n" +
        "failing does not stop the others unless --fail-fast. A summary table follows; exit 1 if\n" +
        "any host did not succeed.\n\n" +
        "Examples:\n  dom0kit apply -i dom0kit.yaml\n  dom0kit apply --only sched,net --host ssh://root@dom0.example.net\n" +
        "  dom0kit apply --fleet fleet.yaml --parallel 8",
    )
    .action(async (options: AreaCommandOptions & FleetCommandOptions, command: Command) => {
      const areas = selectAppliedAreas(options.only);
      if (checkFleetUsage(command, options))
        return applyFleetCommand(context, command, { ...options, areas, areaJson });
      const inventory = await context.inventory(command);
      const { json, dryRun } = context.options(command);
      const out = context.output(command);
      let progress: StepProgress | undefined;
      const outcomes = await applyAreas(
        areas,
        {
          inventory,
          runner: context.hostRunner(command),
          target: context.hostTarget(command),
          options: areaOptionsOf(context, options),
        },
        context.changeRunner(command),
        {
          signal: context.signal,
          hooks: json
            ? {}
            : {
                onPlanned(planned) {
                  const count = planned.plan.steps.length;
                  out.heading(
                    `== ${planned.title} [${planned.area}]: ${count === 0 ? "nothing to change" : `${String(count)} change${count === 1 ? "" : "s"}`}`,
                  );
                  for (const note of planned.notes) out.line(out.colors.dim(`  note: ${note}`));
                  if (count > 0 && !dryRun) progress = stepProgress(context.io, out, count);
                },
                onStep(event) {
                  progress?.onStep(event);
                },
                onDone() {
                  progress?.stop();
                  progress = undefined;
                },
              },
        },
      );
      const failed = outcomes.find((outcome) => outcome.status === "failed" || outcome.status === "canceled");
      if (json) {
        out.json({
          host: context.options(command).host,
          dryRun,
          status:
            failed?.status ??
            (outcomes.every((each) => each.status === "unchanged") ? "unchanged" : "succeeded"),
          areas: outcomes.map(areaJson),
        });
      } else {
        printSummary(out, outcomes);
        const changed = outcomes.reduce(
          (sum, each) => sum + (each.report?.steps.filter((step) => step.status === "succeeded").length ?? 0),
          0,
        );
        if (failed === undefined) {
          out.line(
            dryRun
              ? "dry run: nothing was changed"
              : changed === 0
                ? "nothing to change: the host already matches the inventory"
                : `applied ${String(changed)} change${changed === 1 ? "" : "s"}`,
          );
        }
      }
      if (failed !== undefined) throw failureOf(failed);
    });
}
