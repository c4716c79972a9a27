import type { Command } from "commander";
import { concatPlans, formatCommand, renderScript } from "@dom0kit/runner";
import { areaOptionsOf, withAreaOptions, type AreaCommandOptions } from "../apply/area-options.js";
import type { AreaPlan } from "../areas/area.js";
import { selectAreas } from "../areas/index.js";
import { usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import type { Output } from "../output.js";
import { planToJson } from "../plan-json.js";

interface PlanOptions extends AreaCommandOptions {
  readonly format: string;
}

const FORMATS = ["text", "script"] as const;

function printAreaPlan(out: Output, planned: AreaPlan): void {
  const count = planned.plan.steps.length;
  out.heading(`== ${planned.title} [${planned.area}]`);
  for (const note of planned.notes) out.line(out.colors.dim(`  note: ${note}`));
  if (count === 0) {
    out.line("  nothing to change");
    return;
  }
  planned.plan.steps.forEach((step, index) => {
    out.line(`  ${String(index + 1)}. ${step.description}`);
    out.line(`     ${formatCommand(step.command)}`);
  });
  for (const action of planned.plan.finally) out.line(`  finally: ${formatCommand(action.command)}`);
}

/** `dom0kit plan`: every area's plan for the inventory, read from the host, nothing changed. */
export function registerPlanCommand(program: Command, context: CliContext): void {
  withAreaOptions(program.command("plan"))
    .description("read the host and print, area by area, every command that would bring it to the inventory")
    .option("--format <format>", "text, or script: one sh script that applies every plan", "text")
    .addHelpText(
      "after",
      "\nAreas, in order: config (domain configs, disks, domains), boot, sched, net, io, console,\n" +
        "and backup (what `dom0kit backup run` would do; apply never runs it).\n" +
        "Areas after config plan against the host as it is now: domains that config would\n" +
        "start are planned by the next `dom0kit apply`, which plans each area just before it runs.\n\n" +
        "Examples:\n  dom0kit plan -i dom0kit.yaml\n  dom0kit plan --only sched,net --format script > apply.sh\n  dom0kit --json plan",
    )
    .action(async (options: PlanOptions, command: Command) => {
      if (!(FORMATS as readonly string[]).includes(options.format)) {
        throw usageError(`--format ${JSON.stringify(options.format)} is not a format`, "use text or script");
      }
      const areas = selectAreas(options.only);
      const inventory = await context.inventory(command);
      const input = {
        inventory,
        runner: context.hostRunner(command),
        target: context.hostTarget(command),
        options: areaOptionsOf(context, options),
      };
      const planned: AreaPlan[] = [];
      for (const area of areas) planned.push(await area.plan(input));
      const out = context.output(command);
      if (context.options(command).json) {
        out.json({
          host: context.options(command).host,
          areas: planned.map(({ area, title, notes, plan }) => ({
            area,
            title,
            notes,
            plan: planToJson(plan),
          })),
        });
        return;
      }
      if (options.format === "script") {
        out.line(
          renderScript(
            concatPlans(
              `dom0kit plan for ${inventory.host.name}`,
              planned.map((each) => each.plan),
            ),
          ).trimEnd(),
        );
        return;
      }
      planned.forEach((each, index) => {
        if (index > 0) out.line();
        printAreaPlan(out, each);
      });
    });
}
