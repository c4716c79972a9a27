import { Option, type Command } from "commander";
import {
  applyIoPolicy,
  cgroupMembers,
  planCgroupIoWeights,
  planIoPriorities,
  planSchedulerSwitch,
  readCgroupIoState,
  type HostRoots,
  type IoInspection,
} from "@dom0kit/ionice-mapper";
import {
  applyPlan,
  CommandFailedError,
  concatPlans,
  isEmptyPlan,
  type CommandRunner,
  type Plan,
} from "@dom0kit/runner";
import { CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import type { Output } from "../output.js";
import { planToJson } from "../plan-json.js";
import { ioJson } from "./io-json.js";
import { inspectInventoryIo, type InventoryIoInspection } from "./io-inspection.js";
import { printIoNotes, printIoTable } from "./io-table.js";
import { printPlan } from "./print-plan.js";

/** Options every `dom0kit io` subcommand takes. */
interface IoOptions {
  readonly startLevel?: number;
  readonly endLevel?: number;
  readonly housekeepingLevel?: number;
  readonly housekeepingIdle?: boolean;
  readonly housekeepingProcess?: string[];
  readonly procRoot?: string;
  readonly sysRoot?: string;
  readonly fsRoot?: string;
  readonly cgroupRoot?: string;
  readonly cgroup?: boolean;
  readonly switchScheduler?: boolean;
}

function level(name: string): (value: string) => number {
  return (value) => {
    if (!/^[0-7]$/.test(value))
      throw usageError(
        `${name} ${JSON.stringify(value)} is not a level`,
        "levels are 0 (highest) to 7 (lowest)",
      );
    return Number(value);
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function withIoOptions(command: Command, changes: boolean): Command {
  command
    .addOption(
      new Option("--start-level <n>", "level of the largest allocation (0-7)").argParser(
        level("--start-level"),
      ),
    )
    .addOption(
      new Option("--end-level <n>", "lowest level a domain gets (0-7)").argParser(level("--end-level")),
    )
    .addOption(
      new Option(
        "--housekeeping-level <n>",
        "level of dom0 housekeeping (default: host.backup.ioniceLevel, or 7)",
      ).argParser(level("--housekeeping-level")),
    )
    .option("--housekeeping-idle", "run dom0 housekeeping in the idle class instead")
    .option(
      "--housekeeping-process <name>",
      "a dom0 housekeeping process to reprioritise (repeatable)",
      collect,
    )
    .option("--proc-root <dir>", "read processes from this /proc tree", "/proc")
    .option("--sys-root <dir>", "read block devices from this /sys tree", "/sys")
    .option("--fs-root <dir>", "resolve disk sources under this root", "/");
  if (changes)
    command
      .option(
        "--cgroup",
        "also move qemu, tapdisk and housekeeping processes into cgroup v2 groups with io weights",
      )
      .option("--cgroup-root <dir>", "the cgroup v2 mount", "/sys/fs/cgroup")
      .option("--switch-scheduler", "also switch disks that do not honour levels to bfq");
  return command;
}

function rootsOf(context: CliContext, options: IoOptions): HostRoots {
  return {
    procRoot: context.resolvePath(options.procRoot ?? "/proc"),
    sysRoot: context.resolvePath(options.sysRoot ?? "/sys"),
    fsRoot: context.resolvePath(options.fsRoot ?? "/"),
  };
}

function explainXlFailure(error: unknown): never {
  if (error instanceof CommandFailedError && (error.command.file === "xl" || error.command.file === "xm"))
    throw new CliError(
      `cannot list the running domains: ${error.message}`,
      "run on the dom0 as root (xl needs the hypervisor), or choose another host with --host",
      { cause: error },
    );
  throw error;
}

interface Inspected extends InventoryIoInspection {
  readonly runner: CommandRunner;
  readonly roots: HostRoots;
  readonly toolstack: "xl" | "xm";
}

async function inspect(context: CliContext, command: Command, options: IoOptions): Promise<Inspected> {
  const inventory = await context.inventory(command);
  const runner = context.hostRunner(command);
  const roots = rootsOf(context, options);
  const found = await inspectInventoryIo(inventory, runner, context.hostTarget(command), {
    policy: {
      ...(options.startLevel === undefined ? {} : { startLevel: options.startLevel }),
      ...(options.endLevel === undefined ? {} : { endLevel: options.endLevel }),
      ...(options.housekeepingLevel === undefined ? {} : { housekeepingLevel: options.housekeepingLevel }),
      housekeepingIdle: options.housekeepingIdle === true,
      housekeepingProcess: options.housekeepingProcess ?? [],
    },
    roots,
    procRootGiven: command.getOptionValueSource("procRoot") === "cli",
    sysRootGiven: command.getOptionValueSource("sysRoot") === "cli",
  }).catch(explainXlFailure);
  return { ...found, runner, roots, toolstack: inventory.host.toolstack };
}

async function extraPlans(
  context: CliContext,
  command: Command,
  inspection: IoInspection,
  options: IoOptions,
  roots: HostRoots,
  hostFilesHere: boolean,
): Promise<{ plans: Plan[]; notes: string[] }> {
  const plans: Plan[] = [];
  const notes: string[] = [];
  if (options.switchScheduler === true) {
    const disks = inspection.domains.flatMap((domain) =>
      domain.storage.flatMap((check) =>
        check.resolution.disks.filter((disk) =>
          check.verdicts.some((verdict) => verdict.disk === disk.disk && verdict.honours !== "levels"),
        ),
      ),
    );
    plans.push(planSchedulerSwitch(disks, { sysRoot: roots.sysRoot ?? "/sys" }));
  }
  if (options.cgroup === true && !hostFilesHere && command.getOptionValueSource("cgroupRoot") !== "cli")
    notes.push("cgroup weights not planned: the host's cgroup file system is not on this machine");
  else if (options.cgroup === true) {
    const members = cgroupMembers(inspection);
    const state = await readCgroupIoState(
      members.map((member) => member.group),
      members.flatMap((member) => member.pids),
      {
        cgroupRoot: context.resolvePath(options.cgroupRoot ?? "/sys/fs/cgroup"),
        procRoot: roots.procRoot ?? "/proc",
        sysRoot: roots.sysRoot ?? "/sys",
      },
    );
    const result = planCgroupIoWeights(members, state);
    if (result.ok) plans.push(result.plan);
    else notes.push(`cgroup weights not planned: ${result.reason}`);
    const kernelThreads = inspection.domains.flatMap((domain) =>
      domain.backends.filter((backend) => backend.kernelThread),
    );
    if (kernelThreads.length > 0)
      notes.push(
        `${String(kernelThreads.length)} blkback kernel threads cannot join a cgroup: ionice is their only lever`,
      );
  }
  return { plans, notes };
}

function printNotes(out: Output, notes: readonly string[]): void {
  for (const note of notes) out.line(`${out.colors.yellow("!")} ${note}`);
}

/**
 * `dom0kit io show|plan|apply`: each domU's disk priority on its backend processes.
 *
 * @example
 * ```ts
 * registerIoCommands(program, context); // listed in commandModules
 * ```
 */
export function registerIoCommands(program: Command, context: CliContext): void {
  const io = program
    .command("io")
    .description(
      "disk I/O priority of each domU, on the blkback threads, qemu and tapdisk processes doing its I/O",
    );

  withIoOptions(
    io
      .command("show")
      .description(
        "each domain's backend processes, priority now and planned, and whether its disks' scheduler honours it",
      )
      .addHelpText("after", "\nExample:\n  dom0kit io show -i dom0kit.yaml"),
    false,
  ).action(async (options: IoOptions, command: Command) => {
    const { inspection, notes } = await inspect(context, command, options);
    const out = context.output(command);
    if (context.options(command).json) return out.json({ ...ioJson(inspection), notes });
    printIoTable(out, inspection);
    printIoNotes(out, inspection, false);
    printNotes(out, notes);
  });

  withIoOptions(
    io
      .command("plan")
      .description(
        "print the commands that would bring every backend to its planned priority (only what differs)",
      )
      .addHelpText(
        "after",
        "\nLevels: the largest CPU allocation (credit weight, by default the domain's memory) gets the start level, the next one level lower, …\n" +
          "Example:\n  dom0kit io plan -i dom0kit.yaml --switch-scheduler",
      ),
    true,
  ).action(async (options: IoOptions, command: Command) => {
    const { inspection, roots, notes, processSource } = await inspect(context, command, options);
    const extra = await extraPlans(context, command, inspection, options, roots, processSource === undefined);
    extra.notes.unshift(...notes);
    const plan = concatPlans("disk I/O priorities", [planIoPriorities(inspection), ...extra.plans]);
    const out = context.output(command);
    if (context.options(command).json)
      return out.json({ ...ioJson(inspection), plan: planToJson(plan), notes: extra.notes });
    printIoTable(out, inspection);
    printIoNotes(out, inspection, true);
    printNotes(out, extra.notes);
    out.line();
    if (isEmptyPlan(plan)) out.line("nothing to change: every backend task already has its planned priority");
    else printPlan(out, plan);
  });

  withIoOptions(
    io
      .command("apply")
      .description("set the planned priorities (only what differs), then read them back")
      .addHelpText(
        "after",
        "\nExit status: 0 applied or nothing to change, 1 a task still differs.\nExample:\n  dom0kit io apply -i dom0kit.yaml",
      ),
    true,
  ).action(async (options: IoOptions, command: Command) => {
    const { policy, inspection, runner, roots, toolstack, processSource, checkSchedulers, notes } =
      await inspect(context, command, options);
    const dryRun = context.options(command).dryRun;
    const changeRunner = context.changeRunner(command);
    const out = context.output(command);
    const extra = await extraPlans(context, command, inspection, options, roots, processSource === undefined);
    extra.notes.unshift(...notes);
    for (const plan of extra.plans) {
      if (isEmptyPlan(plan)) continue;
      const report = await applyPlan(plan, changeRunner, { signal: context.signal });
      if (report.status !== "succeeded")
        throw new CliError(
          `${plan.title}: ${report.failedStep?.error?.message ?? report.status}`,
          "see `dom0kit io plan` for the commands",
        );
    }
    const result = await applyIoPolicy(policy, {
      runner,
      changeRunner,
      toolstack,
      ...roots,
      checkSchedulers,
      ...(processSource === undefined ? {} : { processSource }),
      verify: !dryRun,
      signal: context.signal,
    }).catch(explainXlFailure);
    const changed = result.plans.reduce((sum, plan) => sum + plan.steps.length, 0);
    if (context.options(command).json) {
      out.json({
        status: result.status,
        ...ioJson(result.after),
        applied: result.plans.map(planToJson),
        notes: extra.notes,
        remaining: result.remaining,
      });
    } else {
      printIoTable(out, dryRun ? inspection : result.after);
      printIoNotes(out, dryRun ? inspection : result.after, false);
      printNotes(out, extra.notes);
      out.line();
      if (result.status === "unchanged")
        out.line("nothing to change: every backend task already has its planned priority");
      else if (result.status === "applied")
        out.line(
          `${dryRun ? "would run" : "ran"} ${String(changed)} ionice command${changed === 1 ? "" : "s"}${dryRun ? "" : "; every task read back at its planned priority"}`,
        );
    }
    if (result.status === "failed")
      throw new CliError(
        `${String(result.remaining.length)} task(s) still differ from the plan: ${result.remaining
          .slice(0, 5)
          .map((target) => `${target.owner} tid ${String(target.tid)}`)
          .join(", ")}`,
        "rerun `dom0kit io apply` (backends change when domains restart); `dom0kit io show` shows the state",
      );
  });
}
