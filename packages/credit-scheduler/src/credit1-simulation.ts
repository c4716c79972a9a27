import { CREDITS_PER_MS, DEFAULT_TSLICE_MS } from "./credit1-constants.js";
import { Credit1Machine, type Credit1Vcpu } from "./credit1-machine.js";

/**
 * One domain in a simulated scenario. Caps and demand are in % of one pCPU.
 *
 * @example
 * ```ts
 * const vm: SimulatedDomain = { name: "vm1", weight: 1024, vcpus: 2, cap: 0, demand: 150 };
 * ```
 */
export interface SimulatedDomain {
  readonly name: string;
  /** Xen weight, 1..65535. */
  readonly weight: number;
  /** vcpus, ≥ 1. */
  readonly vcpus: number;
  /** 0 or absent = no cap. */
  readonly cap?: number;
  /** CPU the guest wants, spread evenly over its vcpus. @default vcpus × 100 (all busy) */
  readonly demand?: number;
  /** Hard affinity per vcpu (pCPU lists). @default every pCPU */
  readonly affinity?: readonly (readonly number[])[];
}

/**
 * A host and its domains, to run through the model.
 *
 * @example
 * ```ts
 * const scenario: Credit1Scenario = { pcpus: 2, domains: [{ name: "vm1", weight: 256, vcpus: 1 }] };
 * ```
 */
export interface Credit1Scenario {
  readonly pcpus: number;
  readonly domains: readonly SimulatedDomain[];
}

/**
 * Options of {@link simulateCredit1}.
 *
 * @example
 * ```ts
 * const options: Credit1Options = { durationMs: 60_000, warmupMs: 5_000, tsliceMs: 30 };
 * ```
 */
export interface Credit1Options {
  /** Simulated time, ms. @default 30000 */
  readonly durationMs?: number;
  /** Time at the start not measured, while credits settle. @default 3000 */
  readonly warmupMs?: number;
  /** Timeslice = accounting period (`xl sched-credit -s -t`), 1..1000 ms. @default 30 */
  readonly tsliceMs?: number;
  /**
   * `per-vcpu`: Xen 4.x counts a domain's weight once per active vcpu ("Make weight
   * per-vcpu" in sched_credit.c); `per-domain`: Xen 3.x counted it once per domain.
   * @default "per-vcpu"
   */
  readonly weighting?: "per-vcpu" | "per-domain";
}

/**
 * What one domain achieved over the measured time, and where Credit1's accounting
 * bent it, all in % of one pCPU.
 *
 * @example
 * ```ts
 * const row: Credit1Share = { name: "vm1", share: 44.2, halvedAway: 8.8, debtForgiven: 0, parked: 0 };
 * ```
 */
export interface Credit1Share {
  readonly name: string;
  /** CPU it ran. */
  readonly share: number;
  /**
   * Credit it lost when a vcpu went above one period's worth (300) and was halved and
   * left the active set — typically a heavy vcpu waiting behind other vcpus' slices, or
   * a partly busy one credited more than it burns.
   */
  readonly halvedAway: number;
  /** Debt written off when a vcpu went below −300: CPU it ran without paying for it. */
  readonly debtForgiven: number;
  /** Time its vcpus spent parked by the cap (vcpu-time, so up to vcpus × 100). */
  readonly parked: number;
}

/** What each domain achieved, in % of one pCPU, over the measured time. */
export interface Credit1Result {
  readonly shares: readonly Credit1Share[];
  /** Accounting periods (one per timeslice) simulated. */
  readonly periods: number;
  /** Milliseconds measured (duration − warm-up). */
  readonly measuredMs: number;
}

/**
 * Runs a scenario through a discrete-time model of Xen's Credit1 accounting and
 * reports the share each domain achieved. The model follows `sched/credit.c`:
 * every 10 ms tick the vcpu running on each pCPU loses its boost and joins the
 * active set; every 30 ms the accountant hands out 300 credits per pCPU among active
 * domains in proportion to weight (× active vcpus), capped at what their vcpus (or
 * cap) can burn, with the excess passed on; running burns 10 credits per ms; each
 * pCPU runs its own queue, BOOST before UNDER (credit ≥ 0) before OVER, for 30 ms
 * timeslices; an idle pCPU, or one with only OVER work, steals better work from busy
 * peers; a vcpu waking from sleep with credit is boosted, and preempts the vcpu on
 * its pCPU if that one has a lower priority and no pCPU is idle (nothing else
 * preempts a running slice); a capped domain's vcpus are parked (paused) once below
 * −cap credits and unparked when back at 0; credit is floored at −300 and a vcpu
 * above 300 leaves the active set with its credit halved. Partly busy vcpus get
 * their work in bursts every 100 ms. Not modelled: SMT, NUMA, rate limiting,
 * migration delay, the tick's push of a running vcpu to an idle pCPU (idle pCPUs
 * steal at once instead).
 *
 * @example
 * ```ts
 * const result = simulateCredit1({
 *   pcpus: 1,
 *   domains: [
 *     { name: "a", weight: 256, vcpus: 1 },
 *     { name: "b", weight: 768, vcpus: 1 },
 *   ],
 * });
 * result.shares.map((s) => Math.round(s.share)); // [25, 75]
 * ```
 */
export function simulateCredit1(scenario: Credit1Scenario, options: Credit1Options = {}): Credit1Result {
  const durationMs = Math.max(1, Math.round(options.durationMs ?? 30_000));
  const warmupMs = Math.min(durationMs - 1, Math.max(0, Math.round(options.warmupMs ?? 3_000)));
  const vcpus: Credit1Vcpu[] = [];
  scenario.domains.forEach((domain, domainIndex) => {
    const demand = Math.max(0, Math.min(domain.demand ?? domain.vcpus * 100, domain.vcpus * 100));
    for (let vcpu = 0; vcpu < domain.vcpus; vcpu += 1) {
      vcpus.push({
        domain: domainIndex,
        rate: demand / domain.vcpus / 100,
        affinity: domain.affinity?.[vcpu] ?? undefined,
      });
    }
  });
  const tsliceMs = Math.min(1000, Math.max(1, Math.round(options.tsliceMs ?? DEFAULT_TSLICE_MS)));
  const machine = new Credit1Machine(
    { pcpus: scenario.pcpus, tsliceMs, weighting: options.weighting ?? "per-vcpu" },
    scenario.domains.map((domain) => ({ weight: domain.weight, cap: domain.cap ?? 0 })),
    vcpus,
  );
  for (let ms = 0; ms < durationMs; ms += 1) machine.step(ms >= warmupMs);
  const measuredMs = durationMs - warmupMs;
  const ran = machine.ranByDomain();
  const accounting = machine.accountingByDomain();
  // A credit is a tenth of a millisecond of one pCPU.
  const creditsToPercent = (credits: number): number => (credits / CREDITS_PER_MS / measuredMs) * 100;
  return {
    shares: scenario.domains.map((domain, index) => ({
      name: domain.name,
      share: ((ran[index] ?? 0) / measuredMs) * 100,
      halvedAway: creditsToPercent(accounting[index]?.halvedAway ?? 0),
      debtForgiven: creditsToPercent(accounting[index]?.debtForgiven ?? 0),
      parked: ((accounting[index]?.parkedMs ?? 0) / measuredMs) * 100,
    })),
    periods: Math.floor(durationMs / tsliceMs),
    measuredMs,
  };
}
