import { dedicatedCpus } from "./dedicated-cpus.js";
import { CapAboveVcpusError } from "./errors.js";
import type { DomainSettings, HostSettings, PoolSettings, SchedulerInput } from "./input-schema.js";
import { parseSchedulerInput } from "./parse-input.js";
import { choosePinning, dom0Pinning, type PinningContext, type VcpuAffinity } from "./pinning-rule.js";
import { chooseVcpus, type Setting, type VcpuContext } from "./vcpu-rule.js";
import { fitWeights, wishedWeight, type WeightWish } from "./weight-rule.js";

/** A vcpu count, and whether the plan should enforce it. */
export interface VcpuSetting extends Setting<number> {
  /** False for dom0 when no count was asked for: the value is then an assumption, never applied. */
  readonly managed: boolean;
}

/** What the policy decided for one domain, every number with its reason. */
export interface DomainPolicy {
  readonly name: string;
  readonly role: "dom0" | "domU";
  /** Where the domain came from in the input, for error messages. */
  readonly path: string;
  /** RAM, MiB (unknown for dom0). */
  readonly memoryMiB: number | undefined;
  readonly weight: Setting<number>;
  /** % of one pCPU; 0 = no cap. */
  readonly cap: Setting<number>;
  readonly vcpus: VcpuSetting;
  readonly maxvcpus: number | undefined;
  /** Hard affinity per vcpu; `undefined` = left as it is. */
  readonly pinning: Setting<VcpuAffinity> | undefined;
}

/** The whole decision for a host. */
export interface SchedulerPolicy {
  readonly host: HostSettings;
  /** pCPUs the domUs may use. */
  readonly domUPcpus: number;
  readonly dom0: DomainPolicy;
  /** The domUs, in input order. */
  readonly domains: readonly DomainPolicy[];
  readonly pool: PoolSettings | undefined;
  /** Things a careful admin would want to know (unequal vcpus with weight = RAM, rescaling). */
  readonly warnings: readonly string[];
}

/**
 * Computes weights, caps, vcpus and pinning for dom0 and every domU from the host
 * and the RAM each customer pays for. Validates the input first (zod) and throws a
 * typed error for bad input before anything runs.
 *
 * @example
 * ```ts
 * const policy = computeSchedulerPolicy({
 *   host: { pcpus: 4, scheduler: "credit" },
 *   domains: [
 *     { name: "small", memoryMiB: 1024 },
 *     { name: "big", memoryMiB: 3072 },
 *   ],
 * });
 * policy.domains[1]?.vcpus.value; // 3
 * policy.dom0.weight.value;       // 6000
 * ```
 */
export function computeSchedulerPolicy(raw: SchedulerInput): SchedulerPolicy {
  const input = parseSchedulerInput(raw);
  const { host } = input;
  const dedicated = dedicatedCpus(host.dom0);
  const domUPcpus = host.pcpus - dedicated.length;
  const totalMemory = input.domains.reduce((sum, domain) => sum + domain.memoryMiB, 0);
  const vcpuContext: VcpuContext = {
    mode: host.vcpuMode,
    pcpus: domUPcpus,
    referenceMemoryMiB: host.memoryMiB ?? Math.max(1, totalMemory),
    referenceLabel: host.memoryMiB === undefined ? "all domUs" : "host.memoryMiB",
  };
  const pinningContext: PinningContext = { pcpus: host.pcpus, dedicated };

  const vcpus = input.domains.map((domain, index) => chooseVcpus(domain, vcpuContext, domainPath(index)));
  const dom0Vcpus = chooseDom0Vcpus(host, dedicated.length);
  const wishes: WeightWish[] = [
    { raw: host.dom0.weight, reason: dom0WeightReason(host) },
    ...input.domains.map((domain, index) => wishedWeight(domain, vcpus[index]?.value ?? 1, host.weightRule)),
  ];
  const fitted = fitWeights(wishes);
  const weightOf = (position: number): Setting<number> =>
    fitted.weights[position] ?? { value: 1, reason: "" };

  const dom0: DomainPolicy = {
    name: host.dom0.name,
    role: "dom0",
    path: "host.dom0",
    memoryMiB: undefined,
    weight: weightOf(0),
    cap: chooseCap(host.dom0.cap, dom0Vcpus.value, "host.dom0.cap"),
    vcpus: dom0Vcpus,
    maxvcpus: undefined,
    pinning: dom0Pinning(dom0Vcpus.value, pinningContext),
  };
  const domains = input.domains.map((domain, index): DomainPolicy => {
    const path = domainPath(index);
    const count = vcpus[index] ?? { value: 1, reason: "" };
    return {
      name: domain.name,
      role: "domU",
      path,
      memoryMiB: domain.memoryMiB,
      weight: weightOf(index + 1),
      cap: chooseCap(domain.cap ?? 0, count.value, `${path}.cap`),
      vcpus: { ...count, managed: true },
      maxvcpus: domain.maxvcpus,
      pinning: choosePinning(domain.pinning, count.value, pinningContext, `${path}.pinning`),
    };
  });
  return {
    host,
    domUPcpus,
    dom0,
    domains,
    pool: host.pool,
    warnings: [...policyWarnings(host, input.domains, domains, fitted.scale), ...dom0Warnings(dom0, domains)],
  };
}

function domainPath(index: number): string {
  return `domains[${String(index)}]`;
}

function chooseDom0Vcpus(host: HostSettings, dedicated: number): VcpuSetting {
  const { dom0 } = host;
  if (dom0.vcpus !== undefined) return { value: dom0.vcpus, reason: "set in the input", managed: true };
  if (dedicated > 0) {
    return {
      value: dedicated,
      reason: "one per pCPU dedicated to dom0",
      managed: true,
    };
  }
  return {
    value: host.pcpus,
    reason:
      "not managed: assumed one per pCPU (Xen's default without dom0_max_vcpus); set host.dom0.vcpus to manage it",
    managed: false,
  };
}

function dom0WeightReason(host: HostSettings): string {
  if (host.dom0.weight !== 6000) return "set in the input";
  return dedicatedCpus(host.dom0).length > 0
    ? "6000 (field practice); dom0 also has its own pCPU"
    : "6000 (field practice): high enough that dom0 never runs out of credits while it serves the domUs' I/O";
}

function chooseCap(cap: number, vcpus: number, path: string): Setting<number> {
  if (cap > vcpus * 100) throw new CapAboveVcpusError(path, cap, vcpus);
  if (cap === 0) return { value: 0, reason: "no cap: work-conserving, idle CPU goes to whoever wants it" };
  return {
    value: cap,
    reason: `set in the input: at most ${String(cap)}% of one pCPU even when the host is idle`,
  };
}

function dom0Warnings(dom0: DomainPolicy, domains: readonly DomainPolicy[]): string[] {
  const dom0Pull = dom0.weight.value * dom0.vcpus.value;
  const customers = domains.reduce((sum, domain) => sum + domain.weight.value * domain.vcpus.value, 0);
  if (dom0.pinning !== undefined || customers === 0 || dom0Pull <= customers) return [];
  const share = Math.round((100 * dom0Pull) / (dom0Pull + customers));
  return [
    `dom0 weighs ${String(dom0.weight.value)} once per busy vcpu; with ${String(dom0.vcpus.value)} vcpus it could take ${String(share)}% of the host when all are busy (it rarely is, and what it leaves goes to the domUs); set host.dom0.vcpus or dedicate pCPUs to bound it`,
  ];
}

function policyWarnings(
  host: HostSettings,
  settings: readonly DomainSettings[],
  domains: readonly DomainPolicy[],
  scale: number,
): string[] {
  const warnings: string[] = [];
  const derivedWeights = domains.filter((_, index) => settings[index]?.weight === undefined);
  const counts = new Set(derivedWeights.map((domain) => domain.vcpus.value));
  if (host.weightRule === "memory" && counts.size > 1) {
    warnings.push(
      "weight = RAM with unequal vcpu counts: Xen counts a weight once per busy vcpu, so a domain with more vcpus gets more than its share of RAM would give it; weightRule memory-per-vcpu keeps CPU in proportion to RAM",
    );
  }
  if (scale !== 1) {
    warnings.push(
      `weights exceeded 65535 and were all scaled by ${scale.toPrecision(4)}; small weights lose precision`,
    );
  }
  return warnings;
}
