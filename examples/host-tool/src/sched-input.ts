import type { SchedulerInput } from "@dom0kit/credit-scheduler";
import type { Inventory } from "@dom0kit/inventory";
import { usageError } from "./cli-error.js";

/** The `sched` options that shape the policy beyond what the inventory says. */
export interface SchedPolicyOptions {
  /** Every domU gets one vcpu per pCPU. */
  readonly burst?: boolean;
  /** `memory-per-vcpu` (default) or `memory`. */
  readonly weightRule?: string;
  /** dom0's vcpu count to enforce. */
  readonly dom0Vcpus?: string;
  /** Pool timeslice, ms (`xl sched-credit -s -t`). */
  readonly tsliceMs?: string;
  /** Pool rate limit, µs (`-r`). */
  readonly ratelimitUs?: string;
}

function wholeNumber(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw usageError(`${option} ${JSON.stringify(text)} is not a whole number`);
  return Number(text);
}

function weightRule(text: string | undefined): "memory" | "memory-per-vcpu" {
  if (text === undefined || text === "memory-per-vcpu") return "memory-per-vcpu";
  if (text === "memory") return "memory";
  throw usageError(
    `--weight-rule ${JSON.stringify(text)} is not a weight rule`,
    "use memory-per-vcpu or memory",
  );
}

/**
 * Maps the inventory onto the scheduler's input: the host's CPUs, toolstack and
 * scheduler; RAM left for customers (host memory minus dom0's) as the reference
 * for vcpus; dom0's weight and dedicated CPU; each domain's memory, vcpus,
 * maxvcpus, weight, cap and `cpus` pinning.
 */
export function schedulerInputFromInventory(
  inventory: Inventory,
  options: SchedPolicyOptions,
): SchedulerInput {
  const { host } = inventory;
  const dom0Vcpus = wholeNumber("--dom0-vcpus", options.dom0Vcpus);
  const tsliceMs = wholeNumber("--tslice-ms", options.tsliceMs);
  const ratelimitUs = wholeNumber("--ratelimit-us", options.ratelimitUs);
  return {
    host: {
      pcpus: host.cpus,
      scheduler: host.scheduler,
      toolstack: host.toolstack,
      memoryMiB: Math.max(1, host.memory - host.dom0.memory),
      vcpuMode: options.burst === true ? "burst" : "proportional",
      weightRule: weightRule(options.weightRule),
      dom0: {
        weight: host.dom0.weight,
        ...(dom0Vcpus === undefined ? {} : { vcpus: dom0Vcpus }),
        ...(host.dom0.dedicatedCpu === undefined ? {} : { dedicatedPcpus: [host.dom0.dedicatedCpu] }),
      },
      ...(tsliceMs === undefined && ratelimitUs === undefined
        ? {}
        : {
            pool: {
              ...(tsliceMs === undefined ? {} : { tsliceMs }),
              ...(ratelimitUs === undefined ? {} : { ratelimitUs }),
            },
          }),
    },
    domains: inventory.domains.map((domain) => ({
      name: domain.name,
      memoryMiB: domain.memory,
      ...(domain.vcpus === undefined ? {} : { vcpus: domain.vcpus }),
      ...(domain.maxvcpus === undefined ? {} : { maxvcpus: domain.maxvcpus }),
      ...(domain.weight === undefined ? {} : { weight: domain.weight }),
      ...(domain.cap === undefined ? {} : { cap: domain.cap }),
      ...(domain.cpus === undefined ? {} : { pinning: domain.cpus }),
    })),
  };
}

/**
 * Reads `--demand NAME=PERCENT` options (CPU each domain wants, in % of one pCPU)
 * against the names the policy knows.
 */
export function parseDemand(entries: readonly string[], known: readonly string[]): Record<string, number> {
  const demand: Record<string, number> = {};
  for (const entry of entries) {
    const match = /^([^=]+)=(\d+(?:\.\d+)?)%?$/.exec(entry);
    if (match === null) {
      throw usageError(
        `--demand ${JSON.stringify(entry)} is not NAME=PERCENT`,
        "for example --demand horatio=50",
      );
    }
    const [, name = "", percent = "0"] = match;
    if (!known.includes(name)) {
      throw usageError(
        `--demand ${entry}: no domain named ${JSON.stringify(name)}`,
        `known: ${known.join(", ")}`,
      );
    }
    demand[name] = Number(percent);
  }
  return demand;
}
