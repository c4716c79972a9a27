import {
  shareReport,
  simulateCredit1,
  type SchedulerPolicy,
  type ShareReport,
} from "@dom0kit/credit-scheduler";
import type { SimulatedRow } from "./credit1-departure.js";

/**
 * Simulated seconds of `sched simulate` by default, and of the check under
 * `sched show`. Measured on the 2-core development machine under load (a fresh
 * process, so with the JIT cold): the demo inventory (6 domains, 4 pCPUs) takes
 * ~85 ms, 40 domUs + dom0 on 16 pCPUs ~130 ms, 40 domUs × 4 vcpus on 64 pCPUs
 * ~290 ms — under the 300 ms a `show` may spend, so `show` runs the same 30 s
 * as `simulate` and its numbers are the ones `simulate` prints.
 */
export const CREDIT1_SECONDS = 30;

/** Options of {@link compareWithCredit1}. */
export interface Credit1ComparisonOptions {
  /** CPU each named domain wants, % of one pCPU. @default every vcpu busy */
  readonly demand?: Readonly<Record<string, number>> | undefined;
  /** Simulated seconds (the first tenth, at most 3 s, is warm-up). @default {@link CREDIT1_SECONDS} */
  readonly seconds?: number;
}

/** The calculator's report and, per domain in the same order, what the Credit1 model ran. */
export interface Credit1Comparison {
  readonly report: ShareReport;
  readonly rows: readonly SimulatedRow[];
}

/**
 * Runs a policy through the fair-share calculator and the Credit1 model under
 * the same demand (pinning included) and pairs them per domain. Without a
 * demand every vcpu is busy, so each row's `calculated` is the domain's
 * guaranteed share.
 *
 * @example
 * ```ts
 * const { rows } = compareWithCredit1(policy);
 * rows.map((row) => credit1Departure(row, policy.host.pcpus));
 * ```
 */
export function compareWithCredit1(
  policy: SchedulerPolicy,
  options: Credit1ComparisonOptions = {},
): Credit1Comparison {
  const { demand } = options;
  const seconds = options.seconds ?? CREDIT1_SECONDS;
  const report = shareReport(policy, demand === undefined ? {} : { demand });
  const pinning = new Map(
    [policy.dom0, ...policy.domains].map((domain) => [domain.name, domain.pinning?.value]),
  );
  const result = simulateCredit1(
    {
      pcpus: policy.host.pcpus,
      domains: report.domains.map((row) => {
        const affinity = pinning.get(row.name);
        const wanted = demand?.[row.name];
        return {
          name: row.name,
          weight: row.weight,
          vcpus: row.vcpus,
          cap: row.cap,
          ...(wanted === undefined ? {} : { demand: wanted }),
          ...(affinity === undefined ? {} : { affinity }),
        };
      }),
    },
    { durationMs: seconds * 1000, warmupMs: Math.min(3000, (seconds * 1000) / 10) },
  );
  const rows = report.domains.map((row, index) => {
    const simulated = result.shares[index];
    return {
      name: row.name,
      calculated: row.share,
      credit1: simulated?.share ?? 0,
      halvedAway: simulated?.halvedAway ?? 0,
      debtForgiven: simulated?.debtForgiven ?? 0,
      parked: simulated?.parked ?? 0,
    };
  });
  return { report, rows };
}
