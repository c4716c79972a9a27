/** How one host's work ended. */
export type HostTaskStatus = "succeeded" | "unchanged" | "failed" | "canceled";

/** What a host's task reports: how it ended, its result, and why it failed. */
export interface HostTaskOutcome<T> {
  readonly status: HostTaskStatus;
  readonly value?: T;
  /** Why it failed or was canceled: one line first, details after. */
  readonly error?: string;
}

/** One host's result in a fleet run: `skipped` when it never started (`--fail-fast`, or canceled before). */
export interface FleetHostResult<H, T> {
  readonly host: H;
  readonly status: HostTaskStatus | "skipped";
  readonly value?: T;
  readonly error?: string;
  /** Wall time of its task; 0 when skipped. */
  readonly durationMs: number;
}

/** Options of {@link runFleet}. */
export interface RunFleetOptions<H, T> {
  /** How many hosts run at once (at least 1). */
  readonly parallel: number;
  /** Stop at the first failure: hosts not started are skipped, running ones canceled. @default false */
  readonly failFast?: boolean;
  /** Cancels everything (SIGINT): running hosts get an aborted signal, the rest are skipped. */
  readonly signal?: AbortSignal;
  /** A host's task is about to start. */
  onStart?(host: H): void;
  /** A host finished (or was skipped). */
  onDone?(result: FleetHostResult<H, T>): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why a host was canceled, from its signal: `canceled: --fail-fast: another host failed`.
 *
 * @example
 * ```ts
 * if (signal.aborted) return { status: "canceled", error: cancelReason(signal) };
 * ```
 */
export function cancelReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return `canceled: ${reason instanceof Error && reason.name !== "AbortError" ? reason.message : "interrupted"}`;
}

/**
 * Runs `task` for every host, at most `parallel` at once, in the order given.
 * A host whose task fails or throws does not stop the others unless
 * `failFast`: then the hosts not yet started are reported as skipped and the
 * running ones see their signal abort (a task that throws after that is
 * canceled, not failed). Results come back in the order of `hosts`.
 *
 * @example
 * ```ts
 * const results = await runFleet(fleet.hosts, (host, signal) => applyHost(host, signal), { parallel: 4 });
 * const failed = results.filter((result) => result.status === "failed");
 * ```
 */
export async function runFleet<H, T>(
  hosts: readonly H[],
  task: (host: H, signal: AbortSignal) => Promise<HostTaskOutcome<T>>,
  options: RunFleetOptions<H, T>,
): Promise<FleetHostResult<H, T>[]> {
  if (!Number.isInteger(options.parallel) || options.parallel < 1)
    throw new RangeError(`parallel must be a positive integer, not ${String(options.parallel)}`);
  const stop = new AbortController();
  const signal = options.signal === undefined ? stop.signal : AbortSignal.any([stop.signal, options.signal]);
  const results: FleetHostResult<H, T>[] = new Array<FleetHostResult<H, T>>(hosts.length);
  let next = 0;

  const finish = (index: number, result: FleetHostResult<H, T>): void => {
    results[index] = result;
    if (result.status === "failed" && options.failFast === true)
      stop.abort(new Error("--fail-fast: another host failed"));
    options.onDone?.(result);
  };

  const runOne = async (index: number, host: H): Promise<void> => {
    if (signal.aborted) {
      const error = cancelReason(signal).replace(/^canceled/, "not started");
      finish(index, { host, status: "skipped", error, durationMs: 0 });
      return;
    }
    options.onStart?.(host);
    const started = performance.now();
    let outcome: HostTaskOutcome<T>;
    try {
      outcome = await task(host, signal);
    } catch (error) {
      outcome = signal.aborted
        ? { status: "canceled", error: `${cancelReason(signal)} (${messageOf(error).split("\n")[0] ?? ""})` }
        : { status: "failed", error: messageOf(error) };
    }
    finish(index, { host, ...outcome, durationMs: performance.now() - started });
  };

  const worker = async (): Promise<void> => {
    while (next < hosts.length) {
      const index = next;
      next += 1;
      await runOne(index, hosts[index] as H);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, hosts.length) }, worker));
  return results;
}
