import { dedicatedCpus } from "./dedicated-cpus.js";
import {
  claimLimit,
  effectiveWeight,
  fairShares,
  type FairShareOptions,
  type ShareClaim,
} from "./fair-shares.js";
import type { DomainPolicy, SchedulerPolicy } from "./policy.js";

/** One domain's settings and the CPU they give it, in % of one pCPU (the unit of caps). */
export interface DomainShare {
  readonly name: string;
  readonly role: "dom0" | "domU";
  readonly memoryMiB: number | undefined;
  readonly weight: number;
  readonly cap: number;
  readonly vcpus: number;
  /** What it gets when every domain (dom0 included) keeps every vcpu busy. */
  readonly guaranteed: number;
  /** What it gets when every other domain idles. */
  readonly maximum: number;
  /** What it gets under the demand given to {@link shareReport} (all busy by default). */
  readonly share: number;
  /** `guaranteed` as a percentage of the whole host. */
  readonly guaranteedOfHost: number;
  /** Why `guaranteed` is what it is, in one line. */
  readonly reason: string;
  /** The policy's reasons for each setting. */
  readonly reasons: {
    readonly weight: string;
    readonly cap: string;
    readonly vcpus: string;
    readonly pinning?: string;
  };
}

/** Shares for a whole host. */
export interface ShareReport {
  readonly pcpus: number;
  /** dom0 first, then the domUs in input order. */
  readonly domains: readonly DomainShare[];
}

/**
 * Options of {@link shareReport}.
 *
 * @example
 * ```ts
 * const options: ShareReportOptions = { demand: { "Domain-0": 0, vm1: 50 }, dom0Vcpus: 2 };
 * ```
 */
export interface ShareReportOptions {
  /** Demand per domain name, in % of one pCPU. @default every vcpu busy */
  readonly demand?: Readonly<Record<string, number>>;
  /** dom0's real vcpu count when the policy does not manage it (from `xl vcpu-list`). */
  readonly dom0Vcpus?: number;
  /** @default "per-vcpu" (what Xen does) */
  readonly weighting?: FairShareOptions["weighting"];
}

interface Pool {
  readonly capacity: number;
  readonly members: readonly DomainPolicy[];
}

/**
 * The CPU each domain of a policy gets: guaranteed under full contention, the
 * maximum when the others idle, and the share under a given demand. A dom0 with
 * dedicated pCPUs is computed on those alone and the domUs on the rest.
 *
 * @example
 * ```ts
 * const policy = computeSchedulerPolicy({
 *   host: { pcpus: 4, scheduler: "credit", dom0: { vcpus: 1 } },
 *   domains: [
 *     { name: "a", memoryMiB: 1024 },
 *     { name: "b", memoryMiB: 3072 },
 *   ],
 * });
 * const report = shareReport(policy, { demand: { "Domain-0": 0 } });
 * report.domains.map((d) => Math.round(d.share)); // [0, 100, 300]
 * ```
 */
export function shareReport(policy: SchedulerPolicy, options: ShareReportOptions = {}): ShareReport {
  const dom0 = withDom0Vcpus(policy.dom0, options.dom0Vcpus);
  const dedicated = dedicatedCpus(policy.host.dom0).length;
  const pools: Pool[] =
    dedicated > 0
      ? [
          { capacity: dedicated * 100, members: [dom0] },
          { capacity: policy.domUPcpus * 100, members: policy.domains },
        ]
      : [{ capacity: policy.host.pcpus * 100, members: [dom0, ...policy.domains] }];
  const hostCapacity = policy.host.pcpus * 100;
  const rows = pools.flatMap((pool) => poolShares(pool, hostCapacity, options));
  return { pcpus: policy.host.pcpus, domains: rows };
}

function withDom0Vcpus(dom0: DomainPolicy, observed: number | undefined): DomainPolicy {
  if (dom0.vcpus.managed || observed === undefined) return dom0;
  return { ...dom0, vcpus: { value: observed, reason: "as the host has it (xl vcpu-list)", managed: false } };
}

function claimOf(domain: DomainPolicy, demand?: number): ShareClaim {
  const claim = { weight: domain.weight.value, vcpus: domain.vcpus.value, cap: domain.cap.value };
  return demand === undefined ? claim : { ...claim, demand };
}

function poolShares(pool: Pool, hostCapacity: number, options: ShareReportOptions): DomainShare[] {
  const fairOptions: FairShareOptions = {
    capacity: pool.capacity,
    weighting: options.weighting ?? "per-vcpu",
  };
  const busy = pool.members.map((domain) => claimOf(domain));
  const guaranteed = fairShares(busy, fairOptions);
  const underDemand =
    options.demand === undefined
      ? guaranteed
      : fairShares(
          pool.members.map((domain) => claimOf(domain, options.demand?.[domain.name])),
          fairOptions,
        );
  const totalWeight = busy.reduce((sum, claim) => sum + effectiveWeight(claim, fairOptions.weighting), 0);
  return pool.members.map((domain, index) => {
    const claim = busy[index] as ShareClaim;
    const guaranteedShare = guaranteed[index] ?? 0;
    return {
      name: domain.name,
      role: domain.role,
      memoryMiB: domain.memoryMiB,
      weight: domain.weight.value,
      cap: domain.cap.value,
      vcpus: domain.vcpus.value,
      guaranteed: guaranteedShare,
      maximum: Math.min(claimLimit(claim), pool.capacity),
      share: underDemand[index] ?? 0,
      guaranteedOfHost: (guaranteedShare / hostCapacity) * 100,
      reason: shareReason(claim, guaranteedShare, totalWeight, pool.capacity, fairOptions),
      reasons: {
        weight: domain.weight.reason,
        cap: domain.cap.reason,
        vcpus: domain.vcpus.reason,
        ...(domain.pinning === undefined ? {} : { pinning: domain.pinning.reason }),
      },
    };
  });
}

function shareReason(
  claim: ShareClaim,
  guaranteed: number,
  totalWeight: number,
  capacity: number,
  options: FairShareOptions,
): string {
  const limit = claimLimit(claim);
  const weight = effectiveWeight(claim, options.weighting);
  const proportional = (weight / totalWeight) * capacity;
  const vcpus = `${String(claim.vcpus)} vcpu${claim.vcpus === 1 ? "" : "s"}`;
  const ofWeight = `${percent(weight / totalWeight)} of the weight`;
  if (guaranteed >= limit - 1e-9 && proportional > limit + 1e-9) {
    const held =
      claim.cap !== undefined && claim.cap > 0 && claim.cap < claim.vcpus * 100
        ? `its cap of ${String(claim.cap)}%`
        : `its ${vcpus}`;
    return `${ofWeight} would give ${round(proportional)}%; held at ${round(limit)}% by ${held}`;
  }
  const perVcpu = options.weighting === "per-domain" ? "" : ` (${String(claim.weight)} × ${vcpus})`;
  const base = `${ofWeight}${perVcpu} of ${String(capacity / 100)} pCPUs`;
  return guaranteed > proportional + 0.05
    ? `${base} = ${round(proportional)}%, plus what domains held by their vcpus or caps leave`
    : `${base}`;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
