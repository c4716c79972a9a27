import { CliError } from "../cli-error.js";
import type { Output } from "../output.js";
import type { FleetHostResult } from "./run-fleet.js";

/** Writes one line about one host, prefixed with its name (names padded to line up). */
export type HostLine = (host: string, text: string, options?: { readonly failed?: boolean }) => void;

/**
 * Progress lines for a fleet: `dk1  | text`. Each is written whole, so lines
 * from hosts running at once never interleave.
 *
 * @example
 * ```ts
 * const line = hostLines(out, ["dk1", "dk22"]);
 * line("dk1", "config: 3 changes"); // "dk1  | config: 3 changes"
 * ```
 */
export function hostLines(out: Output, names: readonly string[]): HostLine {
  const width = Math.max(...names.map((name) => name.length));
  return (host, text, options = {}) => {
    const line = `${host.padEnd(width)} | ${text}`;
    out.line(options.failed === true ? out.colors.red(line) : line);
  };
}

/** A result's time as the summary shows it: `3.2s`, or `-` for a host that never ran. */
export function formatDuration(result: { readonly status: string; readonly durationMs: number }): string {
  return result.status === "skipped" ? "-" : `${(result.durationMs / 1000).toFixed(1)}s`;
}

/** The first line of an error, for the summary's ERROR column. */
export function errorLine(error: string | undefined): string {
  return error?.split("\n")[0] ?? "";
}

/** One row of a fleet's summary table. */
export interface FleetSummaryRow {
  readonly host: string;
  readonly result: string;
  /** CHANGES for apply, STATE for status. */
  readonly detail: string | number;
  readonly time: string;
  readonly error: string;
}

/**
 * The table after a fleet run: HOST, RESULT, CHANGES or STATE, TIME, ERROR,
 * then one line counting the results.
 *
 * @example
 * ```ts
 * printFleetSummary(out, "CHANGES", rows, "3 hosts: 2 applied, 1 failed");
 * ```
 */
export function printFleetSummary(
  out: Output,
  detailHeading: string,
  rows: readonly FleetSummaryRow[],
  total: string,
): void {
  out.line();
  out.table(
    [
      { heading: "HOST" },
      { heading: "RESULT" },
      { heading: detailHeading, align: "right" },
      { heading: "TIME", align: "right" },
      { heading: "ERROR" },
    ],
    rows.map((row) => [row.host, row.result, row.detail, row.time, row.error]),
  );
  out.line(total);
}

/**
 * `3 hosts: 2 applied, 1 failed`: how many hosts ended each way, named by `label`.
 *
 * @example
 * ```ts
 * countResults(results, (status) => (status === "succeeded" ? "applied" : status));
 * ```
 */
export function countResults(
  results: readonly { readonly status: string }[],
  label: (status: string) => string,
): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(label(result.status), (counts.get(label(result.status)) ?? 0) + 1);
  const parts = [...counts].map(([name, count]) => `${String(count)} ${name}`);
  return `${String(results.length)} host${results.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
}

/**
 * The error a fleet command ends with when a host failed, was canceled or
 * skipped (exit 1); undefined when every host succeeded.
 *
 * @example
 * ```ts
 * const failure = fleetFailure(results, "apply");
 * if (failure !== undefined) throw failure;
 * ```
 */
export function fleetFailure<H extends { readonly name: string }, T>(
  results: readonly FleetHostResult<H, T>[],
  verb: string,
): CliError | undefined {
  const bad = results.filter((result) => result.status !== "succeeded" && result.status !== "unchanged");
  if (bad.length === 0) return undefined;
  const failed = bad.filter((result) => result.status === "failed");
  const names = (list: readonly FleetHostResult<H, T>[]) => list.map((result) => result.host.name).join(", ");
  const others = bad.filter((result) => result.status !== "failed");
  const what = [
    ...(failed.length === 0 ? [] : [`${names(failed)} failed`]),
    ...(others.length === 0 ? [] : [`${names(others)} did not finish (canceled or skipped)`]),
  ].join("; ");
  return new CliError(
    `${verb} --fleet: ${String(bad.length)} of ${String(results.length)} hosts did not succeed: ${what}`,
    bad.length === results.length
      ? "the summary above says why; fix the cause and run the same command again"
      : "the summary above says why; the other hosts are done — fix the cause and run the same command again (hosts already done change nothing)",
    { code: "FLEET_FAILED" },
  );
}

/** What every fleet command's `--json` says of each host, before its own fields. */
export interface FleetHostJson {
  readonly name: string;
  readonly target: string;
  readonly inventory: string;
  readonly status: string;
  readonly durationMs: number;
  readonly error?: string;
}

/**
 * The common JSON of one host's result: name, target, inventory, status, time and error.
 *
 * @example
 * ```ts
 * out.json({ hosts: results.map((result) => ({ ...fleetHostJson(result), backups: result.value ?? [] })) });
 * ```
 */
export function fleetHostJson(
  result: FleetHostResult<
    { readonly name: string; readonly targetText: string; readonly inventory: string },
    unknown
  >,
): FleetHostJson {
  return {
    name: result.host.name,
    target: result.host.targetText,
    inventory: result.host.inventory,
    status: result.status,
    durationMs: Math.round(result.durationMs),
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}
