import type { DomainSettings, HostSettings } from "./input-schema.js";
import { WEIGHT_MAX, WEIGHT_MIN } from "./parse-input.js";
import type { Setting } from "./vcpu-rule.js";

/** A weight before it is fitted into 1..65535: possibly fractional or too large. */
export interface WeightWish {
  readonly raw: number;
  readonly reason: string;
}

/**
 * The weight a domU asks for: explicit if given; else its RAM in MB (`memory`), or its
 * RAM divided by its vcpus (`memory-per-vcpu`) — Xen adds a domain's weight once per
 * busy vcpu (sched_credit.c: "Make weight per-vcpu"), so dividing makes the domain
 * as a whole weigh its RAM.
 *
 * @example
 * ```ts
 * wishedWeight({ memoryMiB: 2048 }, 2, "memory-per-vcpu").raw; // 1024
 * wishedWeight({ memoryMiB: 2048 }, 2, "memory").raw;          // 2048
 * ```
 */
export function wishedWeight(
  domain: Pick<DomainSettings, "memoryMiB" | "weight">,
  vcpus: number,
  rule: HostSettings["weightRule"],
): WeightWish {
  if (domain.weight !== undefined) return { raw: domain.weight, reason: "set in the input" };
  const mb = String(domain.memoryMiB);
  if (rule === "memory" || vcpus === 1) {
    return {
      raw: domain.memoryMiB,
      reason:
        rule === "memory"
          ? `= ${mb} MB of RAM (weight = RAM, field practice)`
          : `= ${mb} MB of RAM on 1 vcpu: the domain weighs its RAM`,
    };
  }
  return {
    raw: domain.memoryMiB / vcpus,
    reason: `= ${mb} MB of RAM ÷ ${String(vcpus)} vcpus: Xen counts the weight once per busy vcpu, so the domain weighs its RAM`,
  };
}

/** The fitted weights, and the factor every wish was multiplied by (1 when none exceeded 65535). */
export interface FittedWeights {
  readonly weights: readonly Setting<number>[];
  readonly scale: number;
}

/**
 * Fits wishes into Xen's 1..65535: rounds, and when the largest exceeds 65535
 * scales every wish by the same factor so their ratios are kept; anything that
 * would round to 0 becomes 1. Each reason says what was done.
 *
 * @example
 * ```ts
 * fitWeights([{ raw: 131072, reason: "RAM" }, { raw: 65536, reason: "RAM" }]).weights.map((w) => w.value);
 * // [65535, 32768]
 * ```
 */
export function fitWeights(wishes: readonly WeightWish[]): FittedWeights {
  const largest = wishes.reduce((max, wish) => Math.max(max, wish.raw), 0);
  const scale = largest > WEIGHT_MAX ? WEIGHT_MAX / largest : 1;
  const weights = wishes.map((wish) => fitOne(wish, scale));
  return { weights, scale };
}

function fitOne(wish: WeightWish, scale: number): Setting<number> {
  const scaled = wish.raw * scale;
  const rounded = Math.min(WEIGHT_MAX, Math.round(scaled));
  const notes: string[] = [];
  if (scale !== 1) {
    notes.push(`scaled ×${scale.toPrecision(4)} with every weight so the largest fits 65535 (ratios kept)`);
  }
  if (rounded < WEIGHT_MIN) {
    notes.push("raised to 1, the lowest weight Xen accepts");
    return { value: WEIGHT_MIN, reason: join(wish.reason, notes) };
  }
  if (!Number.isInteger(scaled) && notes.length === 0) notes.push("rounded");
  return { value: rounded, reason: join(wish.reason, notes) };
}

function join(reason: string, notes: readonly string[]): string {
  return notes.length === 0 ? reason : `${reason}; ${notes.join("; ")}`;
}
