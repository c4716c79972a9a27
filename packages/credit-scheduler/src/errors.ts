/**
 * Every error this package throws. Each has a stable `name`, a string `code`,
 * the `path` of the offending input (`"domains[2].weight"`, `"host.pcpus"`) or
 * the command whose output was wrong, and a message that says what was wrong,
 * where, and what is accepted. All are thrown before anything runs.
 *
 * @example
 * ```ts
 * try {
 *   computeSchedulerPolicy(input);
 * } catch (error) {
 *   if (error instanceof SchedulerError) console.error(`${error.code} at ${error.path}: ${error.message}`);
 * }
 * ```
 */
export abstract class SchedulerError extends Error {
  /** Stable machine-readable code, e.g. `"SCHED_WEIGHT_RANGE"`. */
  abstract readonly code: string;
  /** Where the problem is: an input path such as `"domains[0].cap"`, or a command such as `"xl vcpu-list"`. */
  readonly path: string;

  constructor(path: string, message: string, options?: { readonly cause?: unknown }) {
    super(`${path}: ${message}`, options);
    this.path = path;
  }
}

/**
 * The input does not have the accepted shape: a missing field, a wrong type, an
 * unsafe domain name, a combination the toolstack cannot do.
 *
 * @example
 * ```ts
 * // SchedulerInputError: domains[0].name: "-x" is not a safe domain name; accepted: …
 * ```
 */
export class SchedulerInputError extends SchedulerError {
  override readonly name = "SchedulerInputError";
  readonly code = "SCHED_INPUT";
}

/**
 * A weight outside 1..65535, the range both credit schedulers accept.
 *
 * @example
 * ```ts
 * // WeightOutOfRangeError: domains[1].weight: weight 70000 is outside 1..65535
 * ```
 */
export class WeightOutOfRangeError extends SchedulerError {
  override readonly name = "WeightOutOfRangeError";
  readonly code = "SCHED_WEIGHT_RANGE";
  readonly weight: number;

  constructor(path: string, weight: number) {
    super(
      path,
      `weight ${String(weight)} is outside 1..65535; accepted: an integer from 1 to 65535 (relative: 512 gets twice what 256 gets)`,
    );
    this.weight = weight;
  }
}

/**
 * A cap above vcpus × 100: the domain could never reach it, so it is a mistake.
 *
 * @example
 * ```ts
 * // CapAboveVcpusError: domains[0].cap: cap 300 is above 2 vcpus × 100 = 200
 * ```
 */
export class CapAboveVcpusError extends SchedulerError {
  override readonly name = "CapAboveVcpusError";
  readonly code = "SCHED_CAP_ABOVE_VCPUS";
  readonly cap: number;
  readonly vcpus: number;

  constructor(path: string, cap: number, vcpus: number) {
    super(
      path,
      `cap ${String(cap)} is above ${String(vcpus)} vcpus × 100 = ${String(vcpus * 100)}; accepted: 0 (no cap) or 1..${String(vcpus * 100)} (% of one pCPU)`,
    );
    this.cap = cap;
    this.vcpus = vcpus;
  }
}

/**
 * More vcpus than the domain's maxvcpus.
 *
 * @example
 * ```ts
 * // VcpusAboveMaxError: domains[0].vcpus: 4 vcpus is above maxvcpus 2
 * ```
 */
export class VcpusAboveMaxError extends SchedulerError {
  override readonly name = "VcpusAboveMaxError";
  readonly code = "SCHED_VCPUS_ABOVE_MAX";

  constructor(path: string, vcpus: number, maxvcpus: number) {
    super(
      path,
      `${String(vcpus)} vcpus is above maxvcpus ${String(maxvcpus)}; accepted: 1..${String(maxvcpus)}, or raise maxvcpus in the domain's config and restart it`,
    );
  }
}

/**
 * `xl vcpu-set` cannot bring a running domain above the vcpus it booted with.
 *
 * @example
 * ```ts
 * // VcpuRaiseError: vm1: wants 4 vcpus but booted with 2; xl vcpu-set can only go up to 2
 * ```
 */
export class VcpuRaiseError extends SchedulerError {
  override readonly name = "VcpuRaiseError";
  readonly code = "SCHED_VCPU_RAISE";

  constructor(domain: string, wanted: number, bootCount: number) {
    super(
      domain,
      `wants ${String(wanted)} vcpus but booted with ${String(bootCount)} (xl vcpu-list); xl vcpu-set can only set 1..${String(bootCount)} — set maxvcpus/vcpus in its config and restart it to go higher`,
    );
  }
}

/**
 * A domain the input names is not running on the host.
 *
 * @example
 * ```ts
 * // UnknownDomainError: domains[3].name: no running domain "vm9"; running: Domain-0, vm1, vm2
 * ```
 */
export class UnknownDomainError extends SchedulerError {
  override readonly name = "UnknownDomainError";
  readonly code = "SCHED_UNKNOWN_DOMAIN";
  readonly domain: string;

  constructor(path: string, domain: string, known: readonly string[]) {
    super(
      path,
      `no running domain ${JSON.stringify(domain)}; running: ${known.length === 0 ? "(none)" : known.join(", ")}`,
    );
    this.domain = domain;
  }
}

/**
 * A host (or the part left for domUs) with no pCPU to schedule on.
 *
 * @example
 * ```ts
 * // NoPcpusError: host.pcpus: a host needs at least 1 pCPU, got 0
 * ```
 */
export class NoPcpusError extends SchedulerError {
  override readonly name = "NoPcpusError";
  readonly code = "SCHED_NO_PCPUS";
}

/**
 * A CPU list that does not parse, names a pCPU the host does not have, or takes
 * a pCPU dedicated to dom0.
 *
 * @example
 * ```ts
 * // PinningError: domains[0].pinning: pCPU 9 does not exist; accepted: 0..7
 * ```
 */
export class PinningError extends SchedulerError {
  override readonly name = "PinningError";
  readonly code = "SCHED_PINNING";
}

/**
 * Output of `xl`/`xm` that is not in the format the real tool prints.
 *
 * @example
 * ```ts
 * // XlOutputError: xl sched-credit line 3: expected "<name> <id> <weight> <cap>", got "Domain-0 x"
 * ```
 */
export class XlOutputError extends SchedulerError {
  override readonly name = "XlOutputError";
  readonly code = "SCHED_XL_OUTPUT";
  /** 1-based line of the output, 0 when the whole output is at fault. */
  readonly line: number;

  constructor(command: string, line: number, message: string) {
    super(line === 0 ? command : `${command} line ${String(line)}`, message);
    this.line = line;
  }
}

/**
 * The host runs a different scheduler from the one the input says.
 *
 * @example
 * ```ts
 * // SchedulerMismatchError: host.scheduler: input says credit, but xl sched-credit lists no domain …
 * ```
 */
export class SchedulerMismatchError extends SchedulerError {
  override readonly name = "SchedulerMismatchError";
  readonly code = "SCHED_WRONG_SCHEDULER";
}
