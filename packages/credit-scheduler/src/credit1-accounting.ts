import { OVER, UNDER } from "./credit1-constants.js";

/** A vcpu as the accountant sees it. */
export interface AccountingVcpu {
  readonly domain: number;
  credit: number;
  priority: number;
  active: boolean;
  parked: boolean;
  /** Credit destroyed when it went above one period's worth and was halved. */
  halvedAway: number;
  /** Debt written off at the floor of −one period's worth. */
  debtForgiven: number;
}

/** A domain as the accountant sees it. */
export interface AccountingDomain {
  readonly index: number;
  readonly weight: number;
  /** % of one pCPU; 0 = none. */
  readonly cap: number;
  /** Its vcpus in the active set (they earn credit). */
  activeVcpus: AccountingVcpu[];
}

/** The scheduler-wide state the accountant keeps between periods (`csched_private`). */
export interface AccountingState {
  /** Credits one pCPU hands out per period (`credits_per_tslice`: 10 × timeslice ms). */
  readonly creditsPerTslice: number;
  /** `per-vcpu` (Xen 4.x: weight counted once per active vcpu) or `per-domain` (Xen 3.x). */
  readonly weighting: "per-vcpu" | "per-domain";
  /** Domains with an active vcpu, in list order (new ones join at the head). */
  activeDomains: AccountingDomain[];
  /** Σ weight of active domains, counted once per active vcpu under `per-vcpu`. */
  weightTotal: number;
  /** Σ credit of active vcpus after the last period. */
  creditBalance: number;
}

/** Which vcpus the accountant paused or released. */
export interface AccountingChanges {
  readonly parked: readonly AccountingVcpu[];
  readonly unparked: readonly AccountingVcpu[];
}

/** Integer ceil(a / b) the way `sched_credit.c` writes it: (a + b − 1) / b. */
function ceilDiv(numerator: number, denominator: number): number {
  return Math.floor((numerator + denominator - 1) / denominator);
}

/**
 * One accounting period, after `csched_acct` in Xen's `sched_credit.c`: each active
 * domain earns credit in proportion to its weight (× active vcpus on Xen 4.x), at most what its
 * active vcpus can burn in a period (or its cap); what it cannot use goes to the
 * domains after it. Credit is split over its active vcpus; a vcpu below zero is
 * OVER (and parked if its domain is capped and it is below −cap), at zero or above
 * UNDER (and unparked); credit is floored at −one period's worth, and a vcpu above it
 * leaves the active set with its credit halved.
 *
 * @example
 * ```ts
 * const domain = { index: 0, weight: 256, cap: 0, activeVcpus: [] as AccountingVcpu[] };
 * const vcpu = { domain: 0, credit: -100, priority: -1, active: true, parked: false, halvedAway: 0, debtForgiven: 0 };
 * domain.activeVcpus.push(vcpu);
 * accountCredits(
 *   { creditsPerTslice: 300, weighting: "per-vcpu", activeDomains: [domain], weightTotal: 256, creditBalance: 0 },
 *   1,
 * );
 * vcpu.credit; // 200
 * ```
 */
export function accountCredits(state: AccountingState, pcpus: number): AccountingChanges {
  const perTslice = state.creditsPerTslice;
  const parked: AccountingVcpu[] = [];
  const unparked: AccountingVcpu[] = [];
  const weightTotal = state.weightTotal;
  if (weightTotal === 0) {
    state.creditBalance = 0;
    return { parked, unparked };
  }
  const previousBalance = state.creditBalance;
  let creditTotal = perTslice * pcpus - Math.min(0, previousBalance);
  let weightLeft = weightTotal;
  let balance = 0;
  let extra = false;
  let capPerVcpu = 0;
  for (const domain of [...state.activeDomains]) {
    const active = domain.activeVcpus.length;
    const weight = domain.weight * (state.weighting === "per-vcpu" ? active : 1);
    weightLeft -= weight;
    let peak = active * perTslice;
    if (previousBalance < 0) peak += ceilDiv(-previousBalance * weight, weightTotal);
    if (domain.cap !== 0) {
      const capCredits = ceilDiv(domain.cap * perTslice, 100);
      peak = Math.min(peak, capCredits);
      capPerVcpu = ceilDiv(capCredits, active);
    }
    let fair = ceilDiv(creditTotal * weight, weightTotal);
    if (fair < peak) {
      extra = true;
    } else {
      if (weightLeft !== 0) creditTotal += ceilDiv((fair - peak) * weightTotal, weightLeft);
      if (extra) moveToHead(state, domain);
      fair = peak;
    }
    const perVcpu = ceilDiv(fair, active);
    for (const vcpu of [...domain.activeVcpus]) {
      vcpu.credit += perVcpu;
      if (vcpu.credit < 0) {
        vcpu.priority = OVER;
        if (domain.cap !== 0 && vcpu.credit < -capPerVcpu && !vcpu.parked) {
          vcpu.parked = true;
          parked.push(vcpu);
        }
        if (vcpu.credit < -perTslice) {
          vcpu.debtForgiven += -perTslice - vcpu.credit;
          vcpu.credit = -perTslice;
        }
      } else {
        vcpu.priority = UNDER;
        if (vcpu.parked) {
          vcpu.parked = false;
          unparked.push(vcpu);
        }
        if (vcpu.credit > perTslice) {
          deactivate(state, domain, vcpu);
          const halved = Math.trunc(vcpu.credit / 2);
          vcpu.halvedAway += vcpu.credit - halved;
          vcpu.credit = halved;
        }
      }
      balance += vcpu.credit;
    }
  }
  state.creditBalance = balance;
  return { parked, unparked };
}

function moveToHead(state: AccountingState, domain: AccountingDomain): void {
  state.activeDomains = [domain, ...state.activeDomains.filter((other) => other !== domain)];
}

/** `__csched_vcpu_acct_stop_locked`: the vcpu stops earning until it runs at a tick again. */
function deactivate(state: AccountingState, domain: AccountingDomain, vcpu: AccountingVcpu): void {
  vcpu.active = false;
  domain.activeVcpus = domain.activeVcpus.filter((other) => other !== vcpu);
  const empty = domain.activeVcpus.length === 0;
  if (state.weighting === "per-vcpu" || empty) state.weightTotal -= domain.weight;
  if (empty) state.activeDomains = state.activeDomains.filter((other) => other !== domain);
}
