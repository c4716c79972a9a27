import type { Command } from "commander";
import {
  SshConnectionError,
  SshRunner,
  type Command as HostCommand,
  type CommandRunner,
  type RunOptions,
  type RunResult,
  type StreamOptions,
  type StreamingRun,
} from "@dom0kit/runner";
import type { CliContext } from "../context.js";
import { closeRunner, runnerForTarget } from "../host-runner.js";
import type { Output } from "../output.js";
import { readHostStatus, type HostStatus } from "../status/host-status.js";
import { printHostStatus } from "../status/print-status.js";
import { prepareFleet, type FleetRun } from "./fleet-command.js";
import type { LoadedFleetHost } from "./fleet-inventories.js";
import type { FleetCommandOptions } from "./fleet-options.js";
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
import { runFleet, type FleetHostResult, type HostTaskOutcome } from "./run-fleet.js";

type StatusResult = FleetHostResult<LoadedFleetHost, HostStatus>;

/** Passes commands through and remembers the first SSH connection failure (status turns them into notes). */
class ConnectionWatch implements CommandRunner {
  lost: SshConnectionError | undefined;
  readonly #runner: CommandRunner;

  constructor(runner: CommandRunner) {
    this.#runner = runner;
  }

  async run(command: HostCommand, options?: RunOptions): Promise<RunResult> {
    try {
      return await this.#runner.run(command, options);
    } catch (error) {
      if (error instanceof SshConnectionError) this.lost ??= error;
      throw error;
    }
  }

  stream(pipeline: HostCommand | readonly HostCommand[], options?: StreamOptions): StreamingRun {
    return this.#runner.stream(pipeline, options);
  }
}

/** Domains of the inventory that are up (running or idle), as `3 of 5 domains up`. */
function stateOf(host: LoadedFleetHost, status: HostStatus): string {
  const names = new Set(host.loaded.domains.map((domain) => domain.name));
  const up = status.domains.filter(
    (domain) => names.has(domain.name) && (domain.state === "running" || domain.state === "blocked"),
  ).length;
  const notes = status.notes.length;
  return `${String(up)} of ${String(names.size)} domains up${notes === 0 ? "" : `, ${String(notes)} note${notes === 1 ? "" : "s"}`}`;
}

async function readHost(
  host: LoadedFleetHost,
  context: CliContext,
  say: (text: string) => void,
): Promise<HostTaskOutcome<HostStatus>> {
  const runner = runnerForTarget(host.target, context.io.env);
  try {
    if (runner instanceof SshRunner) await runner.connect();
    const watched = new ConnectionWatch(runner);
    const status = await readHostStatus(host.loaded, watched, host.target);
    if (watched.lost !== undefined) return { status: "failed", value: status, error: watched.lost.message };
    say(stateOf(host, status));
    return { status: "succeeded", value: status };
  } finally {
    await closeRunner(runner);
  }
}

function printText(out: Output, results: readonly StatusResult[]): void {
  for (const result of results) {
    if (result.value === undefined) continue;
    out.line();
    out.heading(`== ${result.host.name}: ${result.host.targetText}`);
    printHostStatus(out, result.value);
  }
  printFleetSummary(
    out,
    "STATE",
    results.map((result) => ({
      host: result.host.name,
      result: result.status === "succeeded" ? "ok" : result.status,
      detail: result.value === undefined ? "-" : stateOf(result.host, result.value),
      time: formatDuration(result),
      error: errorLine(result.error),
    })),
    countResults(results, (status) => (status === "succeeded" ? "read" : status)),
  );
}

/**
 * `dom0kit status --fleet`: reads every host's status, at most `run.parallel`
 * at once; prints each host's table in the order of the fleet file, then a
 * summary (or with --json the per-host statuses). A host that cannot be
 * reached, or whose connection drops while it is read, has failed.
 *
 * @throws {@link CliError} (exit 1) when a host could not be read — after the summary.
 * @example
 * ```ts
 * await statusFleet(context, out, await prepareFleet(context, options), { json: false });
 * ```
 */
export async function statusFleet(
  context: CliContext,
  out: Output,
  run: FleetRun,
  settings: { readonly json: boolean },
): Promise<void> {
  const line: HostLine = hostLines(
    out,
    run.hosts.map((host) => host.name),
  );
  const quiet = (): void => undefined;
  const results = await runFleet(
    run.hosts,
    (host) => readHost(host, context, settings.json ? quiet : (text) => line(host.name, text)),
    {
      parallel: run.parallel,
      signal: context.signal,
      ...(settings.json
        ? {}
        : {
            onDone: (result: StatusResult) => {
              if (result.status !== "succeeded")
                line(result.host.name, `${result.status.toUpperCase()}: ${errorLine(result.error)}`, {
                  failed: true,
                });
            },
          }),
    },
  );
  if (settings.json)
    out.json({
      fleet: run.fleet.file,
      parallel: run.parallel,
      status: results.every((result) => result.status === "succeeded") ? "succeeded" : "failed",
      hosts: results.map((result) => ({
        ...fleetHostJson(result),
        ...(result.value === undefined ? {} : { hostStatus: result.value }),
      })),
    });
  else printText(out, results);
  const failure = fleetFailure(results, "status");
  if (failure !== undefined) throw failure;
}

/**
 * The `--fleet` branch of `dom0kit status`.
 *
 * @example
 * ```ts
 * if (checkFleetUsage(command, options)) return statusFleetCommand(context, command, options);
 * ```
 */
export async function statusFleetCommand(
  context: CliContext,
  command: Command,
  options: FleetCommandOptions,
): Promise<void> {
  const run = await prepareFleet(context, { ...options, fleet: options.fleet ?? "" });
  await statusFleet(context, context.output(command), run, { json: context.options(command).json });
}
