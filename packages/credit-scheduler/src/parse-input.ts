import { dedicatedCpus } from "./dedicated-cpus.js";
import { NoPcpusError, PinningError, SchedulerInputError, WeightOutOfRangeError } from "./errors.js";
import { schedulerInputSchema, type ValidSchedulerInput } from "./input-schema.js";
import { describeIssue } from "./input-issue.js";

/**
 * Lowest and highest weight both credit schedulers accept.
 *
 * @example
 * ```ts
 * weight >= WEIGHT_MIN && weight <= WEIGHT_MAX;
 * ```
 */
export const WEIGHT_MIN = 1;
/**
 * Highest weight: Xen keeps weights in 16 bits.
 *
 * @example
 * ```ts
 * Math.min(WEIGHT_MAX, weight);
 * ```
 */
export const WEIGHT_MAX = 65535;

/**
 * Formats a path as people write it: `["domains", 2, "weight"]` → `"domains[2].weight"`.
 *
 * @example
 * ```ts
 * formatInputPath(["domains", 2, "weight"]); // "domains[2].weight"
 * ```
 */
export function formatInputPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${String(part)}]`;
    else text += text === "" ? String(part) : `.${String(part)}`;
  }
  return text === "" ? "(input)" : text;
}

/**
 * Validates scheduler input and fills in defaults. Throws a typed error for the
 * first problem found: {@link SchedulerInputError} for the wrong shape,
 * {@link WeightOutOfRangeError}, {@link NoPcpusError}.
 *
 * @example
 * ```ts
 * const input = parseSchedulerInput({
 *   host: { pcpus: 4, scheduler: "credit" },
 *   domains: [{ name: "vm1", memoryMiB: 1024 }],
 * });
 * input.host.dom0.weight; // 6000
 * ```
 */
export function parseSchedulerInput(raw: unknown): ValidSchedulerInput {
  const result = schedulerInputSchema.safeParse(raw);
  if (!result.success) {
    const [issue] = result.error.issues;
    const path = formatInputPath(issue?.path ?? []);
    const message = issue === undefined ? "invalid input" : describeIssue(issue);
    throw new SchedulerInputError(path, message, { cause: result.error });
  }
  const input = result.data;
  checkHost(input);
  checkDomains(input);
  return input;
}

function checkHost(input: ValidSchedulerInput): void {
  const { host } = input;
  if (host.pcpus < 1) {
    throw new NoPcpusError(
      "host.pcpus",
      `a host needs at least 1 pCPU, got ${String(host.pcpus)}; accepted: an integer ≥ 1`,
    );
  }
  checkDedicated(host);
  checkWeight(host.dom0.weight, "host.dom0.weight");
  if (host.toolstack === "xm" && host.scheduler === "credit2") {
    throw new SchedulerInputError(
      "host.scheduler",
      "xm (xend) only drives the credit scheduler; accepted with toolstack xm: credit",
    );
  }
  if (host.pool !== undefined) checkPool(input);
}

function checkDedicated(host: ValidSchedulerInput["host"]): void {
  const { dedicatedPcpus } = host.dom0;
  const path = "host.dom0.dedicatedPcpus";
  if (Array.isArray(dedicatedPcpus)) {
    dedicatedPcpus.forEach((cpu, index) => {
      if (cpu >= host.pcpus) {
        throw new PinningError(
          `${path}[${String(index)}]`,
          `pCPU ${String(cpu)} does not exist; accepted: 0..${String(host.pcpus - 1)}`,
        );
      }
    });
  }
  const count = dedicatedCpus(host.dom0).length;
  if (count >= host.pcpus) {
    throw new NoPcpusError(
      path,
      `dedicating ${String(count)} of ${String(host.pcpus)} pCPUs to dom0 leaves none for domUs; accepted: at most ${String(host.pcpus - 1)} pCPUs`,
    );
  }
}

function checkPool(input: ValidSchedulerInput): void {
  const { host } = input;
  const pool = host.pool;
  if (pool === undefined) return;
  if (host.toolstack === "xm" && (pool.tsliceMs !== undefined || pool.ratelimitUs !== undefined)) {
    throw new SchedulerInputError(
      "host.pool",
      "xm has no pool scheduler parameters (xl sched-credit -s came with Xen 4.2); remove host.pool or use toolstack xl",
    );
  }
  if (host.scheduler === "credit2" && pool.tsliceMs !== undefined) {
    throw new SchedulerInputError(
      "host.pool.tsliceMs",
      "credit2 has no timeslice parameter (xl sched-credit2 -s takes only -r); accepted with credit2: ratelimitUs",
    );
  }
  const tsliceMs = pool.tsliceMs;
  if (tsliceMs !== undefined && pool.ratelimitUs !== undefined && pool.ratelimitUs > tsliceMs * 1000) {
    throw new SchedulerInputError(
      "host.pool.ratelimitUs",
      `ratelimit ${String(pool.ratelimitUs)} µs is longer than the ${String(tsliceMs)} ms timeslice; Xen rejects it; accepted: 0..${String(tsliceMs * 1000)}`,
    );
  }
}

function checkDomains(input: ValidSchedulerInput): void {
  const seen = new Map<string, string>([[input.host.dom0.name, "host.dom0.name"]]);
  input.domains.forEach((domain, index) => {
    const path = `domains[${String(index)}]`;
    const earlier = seen.get(domain.name);
    if (earlier !== undefined) {
      throw new SchedulerInputError(
        `${path}.name`,
        `${JSON.stringify(domain.name)} is already used at ${earlier}; accepted: unique domain names`,
      );
    }
    seen.set(domain.name, `${path}.name`);
    if (domain.weight !== undefined) checkWeight(domain.weight, `${path}.weight`);
  });
}

function checkWeight(weight: number, path: string): void {
  if (weight < WEIGHT_MIN || weight > WEIGHT_MAX) throw new WeightOutOfRangeError(path, weight);
}
