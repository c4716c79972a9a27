import { waterLevel } from "./water-level.js";

/**
 * What one domain asks of the CPU pool. Shares, caps and demand are in % of one pCPU.
 *
 * @example
 * ```ts
 * const claim: ShareClaim = { weight: 1024, vcpus: 2, cap: 150, demand: 120 };
 * ```
 */
export interface ShareClaim {
  /** The weight given to Xen (per vcpu in Xen's accounting), > 0. */
  readonly weight: number;
  /** vcpus; the domain can use at most vcpus × 100. Integer ≥ 1. */
  readonly vcpus: number;
  /** Ceiling in % of one pCPU; 0 or absent = none. */
  readonly cap?: number;
  /** What it would use if nothing held it back. @default vcpus × 100 (every vcpu busy) */
  readonly demand?: number;
}

/**
 * Options of {@link fairShares}.
 *
 * @example
 * ```ts
 * const options: FairShareOptions = { capacity: 4 * 100, weighting: "per-vcpu" };
 * ```
 */
export interface FairShareOptions {
  /** The pool's CPU, in % of one pCPU: pCPUs × 100. */
  readonly capacity: number;
  /**
   * `per-vcpu`: a domain weighs weight × vcpus, as Xen's credit and credit2 schedulers
   * count it (each busy vcpu adds the domain's weight); `per-domain`: it weighs its
   * weight, the textbook model.
   * @default "per-vcpu"
   */
  readonly weighting?: "per-vcpu" | "per-domain";
}

/**
 * The most a domain could use: its demand, never above vcpus × 100 or its cap.
 *
 * @example
 * ```ts
 * claimLimit({ weight: 256, vcpus: 2, cap: 150 }); // 150
 * ```
 */
export function claimLimit(claim: ShareClaim): number {
  const vcpuLimit = claim.vcpus * 100;
  const cap = claim.cap !== undefined && claim.cap > 0 ? claim.cap : Number.POSITIVE_INFINITY;
  const demand = claim.demand ?? vcpuLimit;
  return Math.max(0, Math.min(demand, vcpuLimit, cap));
}

/**
 * The weight a claim competes with under `weighting`.
 *
 * @example
 * ```ts
 * effectiveWeight({ weight: 256, vcpus: 2 }, "per-vcpu"); // 512
 * ```
 */
export function effectiveWeight(claim: ShareClaim, weighting: FairShareOptions["weighting"]): number {
  return weighting === "per-domain" ? claim.weight : claim.weight * claim.vcpus;
}

/**
 * The CPU share each domain gets, in % of one pCPU, by weighted max-min fairness:
 * capacity is split in proportion to weight; whoever needs less than its
 * proportion (demand, vcpus × 100, cap) gets what it needs, and the rest is
 * split again among the others (work-conserving: nothing is left idle while
 * someone wants it). Expected O(n), O(n log n) at worst: the level is found by
 * selection, not by sorting every domain.
 *
 * @example
 * ```ts
 * fairShares(
 *   [
 *     { weight: 256, vcpus: 1 },
 *     { weight: 768, vcpus: 1 },
 *   ],
 *   { capacity: 100 },
 * ); // [25, 75]
 * ```
 */
export function fairShares(claims: readonly ShareClaim[], options: FairShareOptions): number[] {
  const count = claims.length;
  const limits = new Float64Array(count);
  const weights = new Float64Array(count);
  let wanted = 0;
  for (let index = 0; index < count; index += 1) {
    const claim = claims[index] as ShareClaim;
    limits[index] = claimLimit(claim);
    weights[index] = effectiveWeight(claim, options.weighting);
    wanted += limits[index] as number;
  }
  const level =
    wanted <= options.capacity ? Number.POSITIVE_INFINITY : waterLevel(limits, weights, options.capacity);
  const shares = new Array<number>(count);
  for (let index = 0; index < count; index += 1) {
    shares[index] = Math.min(limits[index] as number, level * (weights[index] as number));
  }
  return shares;
}
