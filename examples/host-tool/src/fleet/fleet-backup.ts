import type { Command } from "commander";
import { formatBytes } from "@dom0kit/backup";
import { backupStoreOf } from "../backup/store.js";
import { CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import type { Output } from "../output.js";
import { runCli } from "../run-cli.js";
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

/** One domain's backup on one host of the fleet. */
export interface FleetDomainBackup {
  readonly domain: string;
  readonly ok: boolean;
  readonly id?: string;
  readonly rawBytes?: number;
  readonly archiveBytes?: number;
  readonly error?: string;
}

type BackupResult = FleetHostResult<LoadedFleetHost, FleetDomainBackup[]>;

interface BackupEvent {
  readonly type: string;
  readonly domain?: string;
  readonly id?: string;
  readonly rawBytes?: number;
  readonly archiveBytes?: number;
  readonly message?: string;
  readonly step?: string;
}

/**
 * Refuses a fleet whose hosts would write backups into one directory: two
 * hosts with a domain of the same name and the same backup directory would
 * mix their backups (and prune each other's).
 */
function checkDistinctStores(hosts: readonly LoadedFleetHost[], context: CliContext): void {
  const owners = new Map<string, string>();
  for (const host of hosts) {
    const store = backupStoreOf(host.target, host.loaded, context.io.env);
    if (store === undefined) continue;
    for (const domain of host.loaded.domains.filter((each) => each.backup.enabled)) {
      const place = `${store}/${domain.name}`;
      const other = owners.get(place);
      if (other !== undefined)
        throw new CliError(
          `hosts ${other} and ${host.name} would both back up a domain ${domain.name} into ${place}`,
          "give each host its own host.backup.dir in its inventory",
        );
      owners.set(place, host.name);
    }
  }
}

/** Runs `dom0kit backup run --all` for one host in this process, and follows its JSON events. */
async function backupHost(
  host: LoadedFleetHost,
  context: CliContext,
  signal: AbortSignal,
  dryRun: boolean,
  say: (text: string, failed?: boolean) => void,
): Promise<HostTaskOutcome<FleetDomainBackup[]>> {
  const backups: FleetDomainBackup[] = [];
  let pending = "";
  let stderr = "";
  const onEvent = (event: BackupEvent): void => {
    if (event.type === "backup-end" && event.domain !== undefined) {
      backups.push({
        domain: event.domain,
        ok: true,
        ...(event.id === undefined ? {} : { id: event.id }),
        ...(event.rawBytes === undefined ? {} : { rawBytes: event.rawBytes }),
        ...(event.archiveBytes === undefined ? {} : { archiveBytes: event.archiveBytes }),
      });
      say(
        `${event.domain}: backed up ${event.id ?? ""} (${formatBytes(event.rawBytes ?? 0)} of disk in ${formatBytes(event.archiveBytes ?? 0)})`,
      );
    } else if (event.type === "backup-failed" && event.domain !== undefined) {
      const error = `${event.step === undefined ? "" : `${event.step}: `}${event.message ?? "failed"}`;
      backups.push({ domain: event.domain, ok: false, error });
      say(`${event.domain}: FAILED ${errorLine(error)}`, true);
    } else if (event.type === "backup-start" && event.domain !== undefined) {
      say(`${event.domain}: backing up`);
    }
  };
  const exitCode = await runCli(
    [
      "--host",
      host.targetText,
      "-i",
      host.inventory,
      "--json",
      ...(dryRun ? ["--dry-run"] : []),
      "backup",
      "run",
      "--all",
      "--no-progress",
    ],
    {
      stdout: {
        write: (text: string) => {
          pending += text;
          const lines = pending.split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) if (line.startsWith("{")) onEvent(JSON.parse(line) as BackupEvent);
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
      env: context.io.env,
      cwd: context.io.cwd,
    },
    { signal },
  );
  if (exitCode === 0) return { status: "succeeded", value: backups };
  const failed = backups.filter((backup) => !backup.ok).map((backup) => backup.domain);
  const reason =
    stderr
      .trim()
      .split("\n")[0]
      ?.replace(/^dom0kit: /, "") ?? `exit ${String(exitCode)}`;
  return {
    status: signal.aborted ? "canceled" : "failed",
    value: backups,
    error: failed.length > 0 ? `${failed.join(", ")} failed: ${reason}` : reason,
  };
}

function printText(out: Output, results: readonly BackupResult[]): void {
  printFleetSummary(
    out,
    "BACKUPS",
    results.map((result) => {
      const done = (result.value ?? []).filter((backup) => backup.ok).length;
      const all = (result.value ?? []).length;
      return {
        host: result.host.name,
        result: result.status === "succeeded" ? "ok" : result.status,
        detail: `${String(done)} of ${String(all)} done`,
        time: formatDuration(result),
        error: errorLine(result.error),
      };
    }),
    countResults(results, (status) => (status === "succeeded" ? "backed up" : status)),
  );
}

/**
 * `dom0kit backup run --fleet`: backs up every enabled domain of every host,
 * at most `run.parallel` hosts at once, each through the same `backup run
 * --all` as a single host (its lock, verification and retention), with
 * progress lines prefixed by the host, then a summary (or with --json the
 * per-host results). One host failing does not stop the others unless
 * --fail-fast.
 *
 * @throws {@link CliError} (exit 1) when a host failed, was canceled or skipped — after the summary.
 * @example
 * ```ts
 * await backupFleet(context, out, await prepareFleet(context, options), { json: false, dryRun: false });
 * ```
 */
export async function backupFleet(
  context: CliContext,
  out: Output,
  run: FleetRun,
  settings: { readonly json: boolean; readonly dryRun: boolean },
): Promise<void> {
  checkDistinctStores(run.hosts, context);
  const line: HostLine = hostLines(
    out,
    run.hosts.map((host) => host.name),
  );
  const results = await runFleet(
    run.hosts,
    (host, signal) =>
      backupHost(host, context, signal, settings.dryRun, (text, failed) => {
        if (!settings.json) line(host.name, text, { failed: failed === true });
      }),
    { parallel: run.parallel, signal: context.signal, failFast: run.failFast },
  );
  if (settings.json)
    out.json({
      fleet: run.fleet.file,
      parallel: run.parallel,
      failFast: run.failFast,
      status: results.every((result) => result.status === "succeeded") ? "succeeded" : "failed",
      hosts: results.map((result) => ({
        ...fleetHostJson(result),
        backups: result.value ?? [],
      })),
    });
  else printText(out, results);
  const failure = fleetFailure(results, "backup");
  if (failure !== undefined) throw failure;
}

/**
 * The `--fleet` branch of `dom0kit backup run`.
 *
 * @example
 * ```ts
 * if (checkFleetUsage(command, options)) return backupFleetCommand(context, command, options);
 * ```
 */
export async function backupFleetCommand(
  context: CliContext,
  command: Command,
  options: FleetCommandOptions,
): Promise<void> {
  const run = await prepareFleet(context, { ...options, fleet: options.fleet ?? "" });
  const { json, dryRun } = context.options(command);
  await backupFleet(context, context.output(command), run, { json, dryRun });
}
