import { VcpusAboveMaxError } from "./errors.js";
import type { DomainSettings, HostSettings } from "./input-schema.js";

/**
 * A number the policy chose and the one line that says why.
 *
 * @example
 * ```ts
 * const weight: Setting<number> = { value: 1024, reason: "= 2048 MB of RAM ÷ 2 vcpus" };
 * ```
 */
export interface Setting<T> {
  readonly value: T;
  readonly reason: string;
}

/** What {@link chooseVcpus} needs to know about the host. */
export interface VcpuContext {
  readonly mode: HostSettings["vcpuMode"];
  /** pCPUs the domUs may use (the host's, minus those dedicated to dom0). */
  readonly pcpus: number;
  /** RAM that vcpus are apportioned against, MiB. */
  readonly referenceMemoryMiB: number;
  /** Where that reference came from, for reasons. */
  readonly referenceLabel: string;
}

/**
 * Picks a domU's vcpu count: explicit if given; else in proportion to its RAM,
 * rounded up (`ceil(share of RAM × pCPUs)`, at least 1, at most the pCPUs), or in
 * burst mode one per pCPU. Never above `maxvcpus`.
 *
 * @throws {@link VcpusAboveMaxError} when an explicit count is above `maxvcpus`.
 * @example
 * ```ts
 * const context = { mode: "proportional", pcpus: 4, referenceMemoryMiB: 8192, referenceLabel: "domUs' RAM" } as const;
 * chooseVcpus({ name: "vm1", memoryMiB: 4096 }, context, "domains[0]").value; // 2 (half the RAM, 4 cores)
 * ```
 */
export function chooseVcpus(
  domain: Pick<DomainSettings, "memoryMiB" | "vcpus" | "maxvcpus">,
  context: VcpuContext,
  path: string,
): Setting<number> {
  const { maxvcpus } = domain;
  if (domain.vcpus !== undefined) {
    if (maxvcpus !== undefined && domain.vcpus > maxvcpus) {
      throw new VcpusAboveMaxError(`${path}.vcpus`, domain.vcpus, maxvcpus);
    }
    const over =
      domain.vcpus > context.pcpus
        ? ` (more than the ${String(context.pcpus)} pCPUs domUs may use: they will time-share)`
        : "";
    return { value: domain.vcpus, reason: `set in the input${over}` };
  }
  const derived = context.mode === "burst" ? burstVcpus(context) : proportionalVcpus(domain, context);
  if (maxvcpus !== undefined && derived.value > maxvcpus) {
    return {
      value: maxvcpus,
      reason: `${derived.reason}, limited to its maxvcpus ${String(maxvcpus)}`,
    };
  }
  return derived;
}

function burstVcpus(context: VcpuContext): Setting<number> {
  return {
    value: context.pcpus,
    reason: `one per pCPU (burst mode): it can use all ${String(context.pcpus)} pCPUs when the others idle`,
  };
}

function proportionalVcpus(domain: Pick<DomainSettings, "memoryMiB">, context: VcpuContext): Setting<number> {
  // Integer arithmetic: ceil(memory × pcpus / reference) without floating-point error.
  const numerator = domain.memoryMiB * context.pcpus;
  const corrected = ceilDivide(numerator, context.referenceMemoryMiB);
  const value = Math.min(context.pcpus, Math.max(1, corrected));
  const share = `${String(domain.memoryMiB)} of ${String(context.referenceMemoryMiB)} MiB (${context.referenceLabel})`;
  const exact = corrected * context.referenceMemoryMiB === numerator;
  const bound =
    corrected > context.pcpus
      ? `at most the ${String(context.pcpus)} pCPUs`
      : numerator < context.referenceMemoryMiB
        ? "at least 1"
        : exact
          ? "exactly"
          : "rounded up";
  return {
    value,
    reason: `in proportion to RAM: ${share} × ${String(context.pcpus)} pCPUs, ${bound}`,
  };
}

/** ceil(numerator / denominator) for non-negative integers, exact. */
function ceilDivide(numerator: number, denominator: number): number {
  let quotient = Math.ceil(numerator / denominator);
  while ((quotient - 1) * denominator >= numerator && quotient > 0) quotient -= 1;
  while (quotient * denominator < numerator) quotient += 1;
  return quotient;
}
