import type { Command } from "commander";
import { DryRunRunner, formatCommand, type StepEvent } from "@dom0kit/runner";
import { applyAreas, type ApplyAreasHooks, type AreaOutcome } from "../apply/apply-areas.js";
import type { AreaOptions, HostArea } from "../areas/area.js";
import { areaOptionsOf, type AreaCommandOptions } from "../apply/area-options.js";
import type { CliContext } from "../context.js";
import { closeRunner, runnerForTarget } from "../host-runner.js";
import type { Output } from "../output.js";
import { prepareFleet, type FleetRun } from "./fleet-command.js";
import type { FleetCommandOptions } from "./fleet-options.js";
import type { LoadedFleetHost } from "./fleet-inventories.js";
import {
  countResults,
  errorLine,
  fleetFailure,
  fleetHostJson,
  formatDuration,
  hostLines,
  printFleetSummary,
  type HostLine,
} from "./fleet-report.js";
import { cancelReason, runFleet, type FleetHostResult, type HostTaskOutcome } from "./run-fleet.js";

/** How `dom0kit apply --fleet` runs: the areas, their options, and how to print. */
export interface FleetApplySettings {
  readonly areas: readonly HostArea[];
  readonly areaOptions: AreaOptions;
  readonly dryRun: boolean;
  readonly json: boolean;
  /** Turns one host's area outcome into its JSON (the shape of `dom0kit --json apply`). */
  readonly areaJson: (outcome: AreaOutcome) => unknown;
}

type ApplyResult = FleetHostResult<LoadedFleetHost, AreaOutcome[]>;

const MARK = { succeeded: "ok", failed: "FAILED", canceled: "canceled", skipped: "skipped" } as const;

function progressHooks(line: (text: string, failed?: boolean) => void): ApplyAreasHooks {
  return {
    onPlanned(planned) {
      const count = planned.plan.steps.length;
      line(
        `${planned.area}: ${count === 0 ? "nothing to change" : `${String(count)} change${count === 1 ? "" : "s"}`}`,
      );
      for (const note of planned.notes) line(`${planned.area}: note: ${note}`);
    },
    onStep(event: StepEvent) {
      if (event.type !== "end") return;
      const { outcome } = event;
      const phase = outcome.phase === "step" ? "" : `${outcome.phase}: `;
      const failed = outcome.status !== "succeeded";
      const reason = failed && outcome.error !== undefined ? `: ${errorLine(outcome.error.message)}` : "";
      line(`  ${MARK[outcome.status].padEnd(6)} ${phase}${outcome.action.description}${reason}`, failed);
    },
  };
}

/** Counts the areas done, so an error while planning the next one can name it. */
function areaCounter(hooks: ApplyAreasHooks): { hooks: ApplyAreasHooks; readonly done: () => number } {
  let done = 0;
  return {
    hooks: {
      ...hooks,
      onDone(outcome) {
        done += 1;
        hooks.onDone?.(outcome);
      },
    },
    done: () => done,
  };
}

/** Steps that changed the host (or, in a dry run, would). */
function changesOf(outcomes: readonly AreaOutcome[], dryRun: boolean): number {
  return outcomes.reduce(
    (sum, outcome) =>
      sum +
      (dryRun
        ? outcome.planned.plan.steps.length
        : (outcome.report?.steps.filter((step) => step.status === "succeeded").length ?? 0)),
    0,
  );
}

/** One line saying where and why a host's apply stopped, then what was undone. */
function stopReason(outcome: AreaOutcome): string {
  const failed = outcome.report?.failedStep;
  const where =
    failed === undefined
      ? `${outcome.area}: ${outcome.status}`
      : `${outcome.area}: step ${String(failed.index + 1)} "${failed.action.description}" ${failed.status}: ${errorLine(failed.error?.message)}`;
  const undone = (outcome.report?.undone ?? []).map(
    (each) => `${each.action.description}${each.status === "succeeded" ? "" : ` (${each.status})`}`,
  );
  return `${where}\n${undone.length === 0 ? "nothing undone" : `undone: ${undone.join("; ")}`}`;
}

async function applyHost(
  host: LoadedFleetHost,
  signal: AbortSignal,
  context: CliContext,
  settings: FleetApplySettings,
  line: HostLine,
): Promise<HostTaskOutcome<AreaOutcome[]>> {
  const say = (text: string, failed?: boolean) => line(host.name, text, { failed: failed === true });
  const runner = runnerForTarget(host.target, context.io.env);
  try {
    const changes = settings.dryRun
      ? new DryRunRunner({
          onCommand: (each) => (settings.json ? undefined : say(`would run: ${formatCommand(each)}`)),
        })
      : runner;
    const counter = areaCounter(settings.json ? {} : progressHooks(say));
    const outcomes = await applyAreas(
      settings.areas,
      { inventory: host.loaded, runner, target: host.target, options: settings.areaOptions },
      changes,
      { signal, hooks: counter.hooks },
    ).catch((error: unknown) => {
      const area = settings.areas[counter.done()]?.name ?? "apply";
      throw new Error(`${area}: planning stopped: ${(error as Error).message}`, { cause: error });
    });
    const stopped = outcomes.find((outcome) => outcome.status === "failed" || outcome.status === "canceled");
    if (stopped !== undefined) return { status: stopped.status, value: outcomes, error: stopReason(stopped) };
    if (outcomes.length < settings.areas.length)
      return { status: "canceled", value: outcomes, error: cancelReason(signal) };
    const unchanged = outcomes.every((outcome) => outcome.status === "unchanged");
    return { status: unchanged ? "unchanged" : "succeeded", value: outcomes };
  } finally {
    await closeRunner(runner);
  }
}

function resultLabel(status: string, dryRun: boolean): string {
  if (status === "succeeded") return dryRun ? "planned" : "applied";
  return status;
}

function finalLine(result: ApplyResult, dryRun: boolean): string {
  const time = formatDuration(result);
  if (result.status === "succeeded" || result.status === "unchanged") {
    const changes = changesOf(result.value ?? [], dryRun);
    if (changes === 0) return `done: nothing to change (${time})`;
    return `done: ${dryRun ? "would apply" : "applied"} ${String(changes)} change${changes === 1 ? "" : "s"} (${time})`;
  }
  return `${result.status.toUpperCase()}: ${errorLine(result.error)}`;
}

function printJson(
  out: Output,
  run: FleetRun,
  settings: FleetApplySettings,
  results: readonly ApplyResult[],
) {
  const ok = results.every((result) => result.status === "succeeded" || result.status === "unchanged");
  out.json({
    fleet: run.fleet.file,
    dryRun: settings.dryRun,
    parallel: run.parallel,
    failFast: run.failFast,
    status: !ok
      ? "failed"
      : results.every((result) => result.status === "unchanged")
        ? "unchanged"
        : "succeeded",
    hosts: results.map((result) => ({
      ...fleetHostJson(result),
      changes: changesOf(result.value ?? [], settings.dryRun),
      areas: (result.value ?? []).map(settings.areaJson),
    })),
  });
}

/**
 * `dom0kit apply --fleet`: applies the areas to every host of the fleet, at
 * most `run.parallel` at once, with progress lines prefixed by the host's name,
 * then a summary table (or with --json the per-host results). Every host's
 * SSH connection is closed when it is done.
 *
 * @throws {@link CliError} (exit 1) when a host failed, was canceled or skipped — after the summary.
 * @example
 * ```ts
 * await applyFleet(context, out, await prepareFleet(context, options), settings);
 * ```
 */
export async function applyFleet(
  context: CliContext,
  out: Output,
  run: FleetRun,
  settings: FleetApplySettings,
): Promise<void> {
  const line = hostLines(
    out,
    run.hosts.map((host) => host.name),
  );
  const results = await runFleet(
    run.hosts,
    (host, signal) => applyHost(host, signal, context, settings, line),
    {
      parallel: run.parallel,
      failFast: run.failFast,
      signal: context.signal,
      ...(settings.json
        ? {}
        : {
            onStart: (host: LoadedFleetHost) =>
              line(host.name, `${settings.dryRun ? "planning" : "applying"} on ${host.targetText}`),
            onDone: (result: ApplyResult) =>
              line(result.host.name, finalLine(result, settings.dryRun), {
                failed: result.status !== "succeeded" && result.status !== "unchanged",
              }),
          }),
    },
  );
  if (settings.json) printJson(out, run, settings, results);
  else
    printFleetSummary(
      out,
      "CHANGES",
      results.map((result) => ({
        host: result.host.name,
        result: resultLabel(result.status, settings.dryRun),
        detail: result.status === "skipped" ? "-" : changesOf(result.value ?? [], settings.dryRun),
        time: formatDuration(result),
        error: errorLine(result.error),
      })),
      countResults(results, (status) => resultLabel(status, settings.dryRun)),
    );
  const failure = fleetFailure(results, "apply");
  if (failure !== undefined) throw failure;
}

/**
 * The `--fleet` branch of `dom0kit apply`: loads the fleet and its inventories,
 * then {@link applyFleet} with the command's options.
 *
 * @example
 * ```ts
 * if (checkFleetUsage(command, options)) return applyFleetCommand(context, command, { ...options, areas, areaJson });
 * ```
 */
export async function applyFleetCommand(
  context: CliContext,
  command: Command,
  options: AreaCommandOptions & FleetCommandOptions & Pick<FleetApplySettings, "areas" | "areaJson">,
): Promise<void> {
  const { json, dryRun } = context.options(command);
  const run = await prepareFleet(context, { ...options, fleet: options.fleet ?? "" });
  await applyFleet(context, context.output(command), run, {
    areas: options.areas,
    areaOptions: areaOptionsOf(context, options),
    dryRun,
    json,
    areaJson: options.areaJson,
  });
}
