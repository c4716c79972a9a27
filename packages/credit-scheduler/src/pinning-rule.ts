import { formatCpuList, parseCpuList } from "./cpu-list.js";
import { PinningError } from "./errors.js";
import type { Pinning } from "./input-schema.js";
import type { Setting } from "./vcpu-rule.js";

/** Hard affinity of every vcpu, in vcpu order: the pCPUs each may run on. */
export type VcpuAffinity = readonly (readonly number[])[];

/** What {@link choosePinning} needs to know about the host. */
export interface PinningContext {
  readonly pcpus: number;
  /** pCPUs reserved for dom0 (empty = none). */
  readonly dedicated: readonly number[];
}

/**
 * A domU's hard affinity: explicit if given (one CPU list for all vcpus, or one entry
 * per vcpu as in xl.cfg `cpus = [0, 2]`; vcpus past the list may use any allowed
 * pCPU); else, when dom0 has dedicated pCPUs, every vcpu is kept off them; else
 * `undefined` (left as the host has it).
 *
 * @throws {@link PinningError} for a bad list, a pCPU the host lacks, a pCPU dedicated
 * to dom0, or more entries than vcpus.
 * @example
 * ```ts
 * choosePinning([0, 2], 2, { pcpus: 4, dedicated: [] }, "domains[0].pinning")?.value;
 * // [[0], [2]]
 * ```
 */
export function choosePinning(
  pinning: Pinning | undefined,
  vcpus: number,
  context: PinningContext,
  path: string,
): Setting<VcpuAffinity> | undefined {
  const allowed = domUCpus(context);
  if (pinning === undefined) {
    if (context.dedicated.length === 0) return undefined;
    return {
      value: Array.from({ length: vcpus }, () => allowed),
      reason: `kept off pCPU ${formatCpuList(context.dedicated, context.pcpus)}, dedicated to dom0`,
    };
  }
  if (typeof pinning === "string") {
    const cpus = checked(parseCpuList(pinning, context.pcpus, path), context, path);
    return { value: Array.from({ length: vcpus }, () => cpus), reason: "set in the input" };
  }
  if (pinning.length > vcpus) {
    throw new PinningError(
      path,
      `${String(pinning.length)} entries for ${String(vcpus)} vcpus; accepted: at most one entry per vcpu`,
    );
  }
  const value = Array.from({ length: vcpus }, (_, vcpu) => {
    const entry = pinning[vcpu];
    const entryPath = `${path}[${String(vcpu)}]`;
    if (entry === undefined) return allowed;
    const cpus =
      typeof entry === "number"
        ? parseCpuList(String(entry), context.pcpus, entryPath)
        : parseCpuList(entry, context.pcpus, entryPath);
    return checked(cpus, context, entryPath);
  });
  return { value, reason: "set in the input (one entry per vcpu)" };
}

/**
 * dom0's hard affinity: its dedicated pCPUs for every vcpu, or `undefined` when it has none.
 *
 * @example
 * ```ts
 * dom0Pinning(2, { pcpus: 8, dedicated: [0] })?.value; // [[0], [0]]
 * ```
 */
export function dom0Pinning(vcpus: number, context: PinningContext): Setting<VcpuAffinity> | undefined {
  if (context.dedicated.length === 0) return undefined;
  const cpus = context.dedicated;
  return {
    value: Array.from({ length: vcpus }, () => cpus),
    reason: `pCPU ${formatCpuList(cpus, context.pcpus)} dedicated to dom0 so it never waits for a domU`,
  };
}

function domUCpus(context: PinningContext): readonly number[] {
  return Array.from({ length: context.pcpus }, (_, cpu) => cpu).filter(
    (cpu) => !context.dedicated.includes(cpu),
  );
}

function checked(cpus: readonly number[], context: PinningContext, path: string): readonly number[] {
  if (cpus.length === 0)
    throw new PinningError(path, "pins to no pCPU at all; accepted: a non-empty CPU list");
  const taken = cpus.filter((cpu) => context.dedicated.includes(cpu));
  if (taken.length > 0) {
    throw new PinningError(
      path,
      `pCPU ${formatCpuList(taken, context.pcpus)} is dedicated to dom0; accepted: pCPUs ${formatCpuList(domUCpus(context), context.pcpus)}`,
    );
  }
  return cpus;
}
