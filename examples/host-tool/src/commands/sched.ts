import type { Command } from "commander";
import {
  computeSchedulerPolicy,
  planSchedulerOnHost,
  shareReport,
  type SchedulerPolicy,
} from "@dom0kit/credit-scheduler";
import { applyPlan, assertPlanSucceeded, formatCommand, type Plan } from "@dom0kit/runner";
import { usageError } from "../cli-error.js";
import { compareWithCredit1, CREDIT1_SECONDS } from "../credit1-comparison.js";
import {
  credit1Departure,
  credit1ShortfallNote,
  credit1Shortfalls,
  type Credit1Shortfall,
} from "../credit1-departure.js";
import type { CliContext } from "../context.js";
import { planToJson } from "../plan-json.js";
import type { Output } from "../output.js";
import { parseDemand, schedulerInputFromInventory, type SchedPolicyOptions } from "../sched-input.js";

interface SchedOptions extends SchedPolicyOptions {
  readonly demand: string[];
  readonly seconds?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function withPolicyOptions(command: Command): Command {
  return command
    .option("--burst", "give every domU one vcpu per pCPU (default: vcpus in proportion to RAM)")
    .option(
      "--weight-rule <rule>",
      "memory-per-vcpu (default: each domain weighs its RAM) or memory (weight = RAM)",
    )
    .option("--dom0-vcpus <n>", "keep dom0 at N vcpus online (default: leave dom0's vcpus alone)");
}

function policyOf(context: CliContext, command: Command, options: SchedOptions): Promise<SchedulerPolicy> {
  return context
    .inventory(command)
    .then((inventory) => computeSchedulerPolicy(schedulerInputFromInventory(inventory, options)));
}

function demandOf(policy: SchedulerPolicy, options: SchedOptions): Record<string, number> | undefined {
  if (options.demand.length === 0) return undefined;
  const known = [policy.dom0.name, ...policy.domains.map((domain) => domain.name)];
  return parseDemand(options.demand, known);
}

function percent(value: number): string {
  return `${value.toFixed(value >= 100 || Number.isInteger(value) ? 0 : 1)}%`;
}

function warn(out: Output, policy: SchedulerPolicy): void {
  for (const warning of policy.warnings) out.note(`warning: ${warning}`);
}

/**
 * The domains Xen's Credit1 would run more than 2 points of the host below their
 * guaranteed share, by the model of `sched simulate` with every domain busy
 * (whatever --demand says: a guarantee is what a domain gets under full
 * contention); null on a host that does not run Credit1.
 */
function shortfallsOf(policy: SchedulerPolicy): Credit1Shortfall[] | null {
  if (policy.host.scheduler !== "credit") return null;
  return credit1Shortfalls(compareWithCredit1(policy).rows, policy.host.pcpus);
}

function printPlan(out: Output, changes: Plan): void {
  if (changes.steps.length === 0) {
    out.line("nothing to change: the host already runs this policy");
    return;
  }
  changes.steps.forEach((each, index) => {
    out.line(`${String(index + 1)}. ${each.description}`);
    out.line(`   ${formatCommand(each.command)}`);
  });
}

/** `dom0kit sched show|plan|apply|simulate`: CPU weights, caps and vcpus from the inventory. */
export function registerSchedCommands(program: Command, context: CliContext): void {
  const sched = program
    .command("sched")
    .description(
      "CPU weights, caps and vcpus: what each domain is guaranteed, and the xl commands to get there",
    );

  withPolicyOptions(sched.command("show"))
    .description("print each domain's weight, cap, vcpus, guaranteed and maximum CPU, and why")
    .option(
      "--demand <name=percent>",
      "CPU a domain wants, % of one pCPU (repeatable; adds a SHARE column)",
      collect,
      [],
    )
    .addHelpText(
      "after",
      "\nShares are in % of one pCPU, like caps. GUARANTEED: every domain, dom0 included, busy;\n" +
        "MAX: every other domain idle. Reads only the inventory.\n\n" +
        "On a credit host, a note under the table names each domain that Xen's Credit1 (the model of\n" +
        "`dom0kit sched simulate`, every domain busy) would run more than 2 points of the host below\n" +
        "its guaranteed share; --json gives them as credit1Shortfalls (null on a credit2 host).\n\n" +
        "Example:\n  dom0kit sched show -i dom0kit.yaml --demand Domain-0=0",
    )
    .action(async (options: SchedOptions, command: Command) => {
      const policy = await policyOf(context, command, options);
      const demand = demandOf(policy, options);
      const report = shareReport(policy, demand === undefined ? {} : { demand });
      const shortfalls = shortfallsOf(policy);
      const out = context.output(command);
      if (context.options(command).json) {
        out.json({
          host: {
            pcpus: policy.host.pcpus,
            scheduler: policy.host.scheduler,
            toolstack: policy.host.toolstack,
          },
          warnings: policy.warnings,
          domains: report.domains,
          credit1Shortfalls: shortfalls,
        });
        return;
      }
      warn(out, policy);
      out.table(
        [
          { heading: "DOMAIN" },
          { heading: "RAM", align: "right" },
          { heading: "WEIGHT", align: "right" },
          { heading: "CAP", align: "right" },
          { heading: "VCPUS", align: "right" },
          { heading: "GUARANTEED", align: "right" },
          { heading: "MAX", align: "right" },
          ...(demand === undefined ? [] : [{ heading: "SHARE", align: "right" as const }]),
          { heading: "REASON" },
        ],
        report.domains.map((row) => [
          row.name,
          row.memoryMiB === undefined ? "-" : `${String(row.memoryMiB)} MiB`,
          row.weight,
          row.cap === 0 ? "-" : `${String(row.cap)}%`,
          row.vcpus,
          `${percent(row.guaranteed)} (${row.guaranteedOfHost.toFixed(1)}% of host)`,
          percent(row.maximum),
          ...(demand === undefined ? [] : [percent(row.share)]),
          row.reason,
        ]),
      );
      const note = credit1ShortfallNote(shortfalls ?? []);
      if (note !== undefined) out.note(note);
    });

  withPolicyOptions(sched.command("plan"))
    .description(
      "read the host (xl list, sched-credit, vcpu-list) and print the commands that would change it",
    )
    .option("--tslice-ms <ms>", "set the pool's credit timeslice (xl sched-credit -s -t)")
    .option("--ratelimit-us <us>", "set the pool's context-switch rate limit (-r)")
    .addHelpText(
      "after",
      "\nNothing to change prints so and exits 0.\n\nExample:\n  dom0kit sched plan --host sim",
    )
    .action(async (options: SchedOptions, command: Command) => {
      const policy = await policyOf(context, command, options);
      const { plan: changes } = await planSchedulerOnHost(context.hostRunner(command), policy);
      const out = context.output(command);
      if (context.options(command).json) {
        out.json({ warnings: policy.warnings, plan: planToJson(changes) });
        return;
      }
      warn(out, policy);
      printPlan(out, changes);
    });

  withPolicyOptions(sched.command("apply"))
    .description("read the host, then run the commands that bring it to the policy (undone if one fails)")
    .option("--tslice-ms <ms>", "set the pool's credit timeslice (xl sched-credit -s -t)")
    .option("--ratelimit-us <us>", "set the pool's context-switch rate limit (-r)")
    .addHelpText(
      "after",
      "\nWith --dry-run, prints what would run.\n\nExample:\n  dom0kit sched apply --dry-run",
    )
    .action(async (options: SchedOptions, command: Command) => {
      const policy = await policyOf(context, command, options);
      const { plan: changes } = await planSchedulerOnHost(context.hostRunner(command), policy);
      const out = context.output(command);
      const json = context.options(command).json;
      if (!json) warn(out, policy);
      if (changes.steps.length === 0) {
        if (json) out.json({ plan: planToJson(changes), status: "unchanged" });
        else out.line("nothing to change: the host already runs this policy");
        return;
      }
      const report = await applyPlan(changes, context.changeRunner(command), {
        signal: context.signal,
        onStep: (event) => {
          if (
            !json &&
            event.type === "end" &&
            event.outcome.phase === "step" &&
            !context.options(command).dryRun
          ) {
            out.line(
              `${event.outcome.status === "succeeded" ? "done" : event.outcome.status}: ${event.outcome.action.description}`,
            );
          }
        },
      });
      assertPlanSucceeded(report);
      if (json)
        out.json({
          plan: planToJson(changes),
          status: report.status,
          dryRun: context.options(command).dryRun,
        });
      else if (!context.options(command).dryRun) out.line(`applied ${String(changes.steps.length)} changes`);
    });

  withPolicyOptions(sched.command("simulate"))
    .description("run the policy through a model of Xen's Credit1 scheduler and compare with the calculator")
    .option(
      "--demand <name=percent>",
      "CPU a domain wants, % of one pCPU (repeatable; default: every vcpu busy)",
      collect,
      [],
    )
    .option("--seconds <n>", "simulated seconds", String(CREDIT1_SECONDS))
    .addHelpText(
      "after",
      "\nCredit1 is not exact weighted fair sharing. Where it departs from the calculator by more than\n" +
        "2 points of the host, a note names what its accounting did (xen/common/sched/credit.c):\n" +
        "  halved   a vcpu waited behind others' 30 ms slices, passed 300 credits, and lost half\n" +
        "  forgiven a vcpu's debt below -300 was written off (it ran more than its weight paid for)\n" +
        "  parked   a capped vcpu was parked below -cap credits, short of its cap\n" +
        "and vcpus out of credit share what is left round-robin, whatever their weight.\n\n" +
        "Example:\n  dom0kit sched simulate --demand Domain-0=5",
    )
    .action(async (options: SchedOptions, command: Command) => {
      const policy = await policyOf(context, command, options);
      const demand = demandOf(policy, options);
      const seconds = Number(options.seconds ?? String(CREDIT1_SECONDS));
      if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
        throw usageError(`--seconds ${JSON.stringify(options.seconds)} is out of range`, "use 1 to 3600");
      }
      const { report, rows } = compareWithCredit1(policy, { demand, seconds });
      const out = context.output(command);
      if (context.options(command).json) {
        out.json({ seconds, domains: rows });
        return;
      }
      out.table(
        [
          { heading: "DOMAIN" },
          { heading: "WEIGHT", align: "right" },
          { heading: "VCPUS", align: "right" },
          { heading: "CAP", align: "right" },
          { heading: "CALCULATOR", align: "right" },
          { heading: "CREDIT1", align: "right" },
          { heading: "DIFFERENCE", align: "right" },
        ],
        rows.map((row, index) => {
          const domain = report.domains[index];
          const difference = row.credit1 - row.calculated;
          return [
            row.name,
            domain?.weight ?? "",
            domain?.vcpus ?? "",
            domain === undefined || domain.cap === 0 ? "-" : `${String(domain.cap)}%`,
            percent(row.calculated),
            percent(row.credit1),
            `${difference >= 0 ? "+" : ""}${difference.toFixed(1)}`,
          ];
        }),
      );
      for (const row of rows) {
        const note = credit1Departure(row, policy.host.pcpus);
        if (note !== undefined) out.note(note);
      }
    });
}
