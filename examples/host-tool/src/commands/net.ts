import { Option, type Command } from "commander";
import { applyPlan, assertPlanSucceeded } from "@dom0kit/runner";
import {
  countOperations,
  detectStrategies,
  planFreshShaping,
  planShaping,
  planTeardown,
  readKernelHz,
  renderBatchFiles,
  resolveShaping,
  ShapingInputError,
  shapingStatus,
  type ClassificationStrategy,
  type ResolvedShaping,
} from "@dom0kit/tc-builder";
import type { CliContext } from "../context.js";
import { printFindings, printPlan, type NetFormat } from "../net/print-plan.js";
import { planToJson } from "../plan-json.js";
import { printStatus } from "../net/print-status.js";
import { shapingFromInventory, toInventoryPaths, type InventoryShaping } from "../net/shaping-input.js";

interface NetOptions {
  readonly strategy: ClassificationStrategy | "auto";
  readonly format: NetFormat;
  readonly fresh?: boolean;
  readonly hz?: string;
}

const strategyOption = (): Option =>
  new Option(
    "--strategy <name>",
    "how packets are put in their domU's class (auto keeps what is applied, else picks the best the host has)",
  )
    .choices(["auto", "nft", "classify", "fw", "u32"])
    .default("auto");

const formatOption = (choices: readonly NetFormat[]): Option =>
  new Option(
    "--format <form>",
    "commands: one process per rule; batch: one tc -batch + one nft -f (or iptables-restore)" +
      (choices.includes("script") ? "; script: a POSIX sh script" : ""),
  )
    .choices([...choices])
    .default("batch");

const hzOption = (): Option =>
  new Option("--hz <n>", "the kernel's CONFIG_HZ (default: read from the host; 250 with --fresh)");

/** The inventory as shaping input, validated, with problems pointing into the inventory. */
async function loadShaping(
  context: CliContext,
  command: Command,
  options: NetOptions,
): Promise<{ shaping: InventoryShaping; desired: ResolvedShaping }> {
  const inventory = await context.inventory(command);
  let hz: number | undefined;
  if (options.hz !== undefined) {
    hz = Number(options.hz);
    if (!Number.isInteger(hz) || hz < 24 || hz > 10_000)
      throw new ShapingInputError([
        { code: "TC_SCHEMA", path: "--hz", message: `${options.hz} is not a HZ value (24 … 10000)` },
      ]);
  } else if (options.fresh !== true) {
    hz = (await readKernelHz(context.hostRunner(command))).hz;
  }
  const shaping = shapingFromInventory(inventory, hz);
  try {
    return { shaping, desired: resolveShaping(shaping.input) };
  } catch (error) {
    if (error instanceof ShapingInputError) throw toInventoryPaths(error, shaping.sources);
    throw error;
  }
}

function strategyOf(options: NetOptions): { strategy?: ClassificationStrategy } {
  return options.strategy === "auto" ? {} : { strategy: options.strategy };
}

/**
 * `dom0kit net plan|apply|show|teardown|detect`: per-domU bandwidth shaping (tc, nft, iptables).
 * @example
 * ```ts
 * registerNetCommands(program, context); // adds `dom0kit net …`
 * ```
 */
export function registerNetCommands(program: Command, context: CliContext): void {
  const net = program
    .command("net")
    .description("shape each domU's bandwidth: TBF toward it, HTB away from it, on the uplink");

  net
    .command("plan")
    .description("print the changes that would bring the host's shaping to the inventory")
    .addOption(strategyOption())
    .addOption(formatOption(["commands", "batch", "script"]))
    .option("--fresh", "plan for a freshly booted host without reading one (everything is created)")
    .addOption(hzOption())
    .addHelpText(
      "after",
      "\nReads the host's live state (tc, nft, iptables) and plans only the difference.\n\nExamples:\n" +
        "  dom0kit net plan -i dom0kit.yaml\n  dom0kit net plan --format script > shape.sh\n  dom0kit net plan --fresh --strategy nft --format batch",
    )
    .action(async (options: NetOptions, command: Command) => {
      const { shaping, desired } = await loadShaping(context, command, options);
      const form = options.format === "commands" ? "commands" : "batch";
      const planned =
        options.fresh === true
          ? {
              ...planFreshShaping(shaping.input, { ...strategyOf(options), form }),
              strategy: options.strategy === "auto" ? "nft" : options.strategy,
            }
          : await planShaping(context.hostRunner(command), shaping.input, {
              ...strategyOf(options),
              form,
              signal: context.signal,
            });
      const out = context.output(command);
      if (context.options(command).json) {
        out.json({
          strategy: planned.strategy,
          operations: countOperations(planned.changes),
          plan: planToJson(planned.plan),
          files: renderBatchFiles(planned.changes),
          warnings: desired.warnings,
          foreign: planned.changes.foreign,
          notes: [...shaping.notes, ...planned.changes.notes],
        });
        return;
      }
      printPlan(out, planned.plan, options.format);
      printFindings(out, planned.changes, desired.warnings, shaping.notes);
    });

  net
    .command("apply")
    .description("shape the host as the inventory says, changing only what differs")
    .addOption(strategyOption())
    .addOption(formatOption(["commands", "batch"]))
    .addOption(hzOption())
    .addHelpText(
      "after",
      "\nRe-applying an unchanged inventory runs no command that changes anything. Qdiscs and rules\n" +
        "dom0kit did not create are reported and left alone.\n\nExamples:\n  dom0kit net apply -i dom0kit.yaml\n  dom0kit net apply --dry-run",
    )
    .action(async (options: NetOptions, command: Command) => {
      const { shaping, desired } = await loadShaping(context, command, options);
      const planned = await planShaping(context.hostRunner(command), shaping.input, {
        ...strategyOf(options),
        form: options.format === "commands" ? "commands" : "batch",
        signal: context.signal,
      });
      const operations = countOperations(planned.changes);
      const out = context.output(command);
      let status = "unchanged";
      if (planned.plan.steps.length > 0) {
        const report = await applyPlan(planned.plan, context.changeRunner(command), {
          signal: context.signal,
        });
        assertPlanSucceeded(report);
        status = context.options(command).dryRun ? "dry-run" : "applied";
      }
      if (context.options(command).json) {
        out.json({
          status,
          strategy: planned.strategy,
          operations,
          commands: planned.plan.steps.length,
          foreign: planned.changes.foreign,
          warnings: desired.warnings,
        });
        return;
      }
      if (status === "unchanged")
        out.line(
          `nothing to change: ${planned.changes.uplink} and the vifs already match the inventory (${planned.strategy})`,
        );
      else {
        const verb = status === "dry-run" ? "would apply" : "applied";
        out.line(
          `${verb} ${String(operations)} change${operations === 1 ? "" : "s"} in ${String(planned.plan.steps.length)} command${planned.plan.steps.length === 1 ? "" : "s"} (${planned.strategy} classification)`,
        );
      }
      printFindings(out, planned.changes, desired.warnings, shaping.notes);
    });

  net
    .command("show")
    .description("per domU: rates planned and live, and the kernel's bytes, packets and drops")
    .addHelpText("after", "\nExample:\n  dom0kit net show -i dom0kit.yaml --json")
    .action(async (_options: unknown, command: Command) => {
      const { shaping } = await loadShaping(context, command, { strategy: "auto", format: "batch" });
      const status = await shapingStatus(context.hostRunner(command), shaping.input);
      if (context.options(command).json) context.output(command).json(status);
      else printStatus(context.output(command), status);
    });

  net
    .command("teardown")
    .description(
      "remove exactly what dom0kit created: its qdiscs (with their classes and filters), nft table and iptables chains",
    )
    .addOption(formatOption(["commands", "batch"]))
    .addHelpText("after", "\nExample:\n  dom0kit net teardown -i dom0kit.yaml --dry-run")
    .action(async (options: NetOptions, command: Command) => {
      const inventory = await context.inventory(command);
      const { plan, changes } = await planTeardown(
        context.hostRunner(command),
        { uplink: inventory.host.network.interface },
        options.format === "commands" ? "commands" : "batch",
      );
      const out = context.output(command);
      if (plan.steps.length > 0)
        assertPlanSucceeded(await applyPlan(plan, context.changeRunner(command), { signal: context.signal }));
      if (context.options(command).json) {
        out.json({ removed: countOperations(changes), plan: planToJson(plan) });
        return;
      }
      if (plan.steps.length === 0) out.line("nothing to remove: dom0kit's shaping is not on this host");
      else
        out.line(
          `${context.options(command).dryRun ? "would remove" : "removed"} ${String(countOperations(changes))} of dom0kit's objects in ${String(plan.steps.length)} command${plan.steps.length === 1 ? "" : "s"}`,
        );
    });

  net
    .command("detect")
    .description("try each classification strategy in a throwaway namespace and say which the host supports")
    .addHelpText("after", "\nExample:\n  dom0kit net detect")
    .action(async (_options: unknown, command: Command) => {
      const support = await detectStrategies(context.hostRunner(command));
      const out = context.output(command);
      if (context.options(command).json) {
        out.json(support);
        return;
      }
      out.table(
        [{ heading: "STRATEGY" }, { heading: "AVAILABLE" }, { heading: "WHY" }],
        support.map((each) => [
          each.strategy,
          each.available === undefined ? "unknown" : each.available ? "yes" : "no",
          each.reason,
        ]),
      );
    });
}
