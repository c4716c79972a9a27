import { action, plan, step, type Plan, type Step } from "@dom0kit/runner";
import { formatCpuList, sameCpus } from "./cpu-list.js";
import { SchedulerInputError, SchedulerMismatchError, UnknownDomainError, VcpuRaiseError } from "./errors.js";
import type { HostSchedulerState, LiveDomain } from "./host-state.js";
import type { DomainPolicy, SchedulerPolicy } from "./policy.js";
import {
  setPoolArgv,
  setWeightArgv,
  vcpuPinArgv,
  vcpuSetArgv,
  type CommandHost,
} from "./scheduler-commands.js";

/**
 * The commands that bring the host to the policy, and only those: a weight, cap,
 * vcpu count, pinning or pool parameter that already matches gives no step, so an
 * unchanged policy plans nothing. Each step carries its undo (the value read from
 * the host). Order: pool parameters, then dom0, then the domUs — for each, vcpus,
 * then pinning, then weight and cap.
 *
 * @throws {@link UnknownDomainError} for a domain that is not running,
 * {@link VcpuRaiseError} for vcpus above what the domain booted with,
 * {@link SchedulerMismatchError} for a domain or pool not under the expected scheduler —
 * all before anything runs.
 * @example
 * ```ts
 * const policy = computeSchedulerPolicy(input);
 * const state = await readSchedulerState(runner, policy.host);
 * const changes = planScheduler(policy, state);
 * console.log(renderScript(changes));
 * ```
 */
export function planScheduler(policy: SchedulerPolicy, state: HostSchedulerState): Plan {
  const host: CommandHost = policy.host;
  const live = new Map(state.domains.map((domain) => [domain.name, domain]));
  const running = state.domains.map((domain) => domain.name);
  const steps: Step[] = [...poolSteps(policy, state)];
  for (const domain of [policy.dom0, ...policy.domains]) {
    const current = live.get(domain.name);
    if (current === undefined) throw new UnknownDomainError(`${domain.path}.name`, domain.name, running);
    steps.push(...vcpuSteps(host, domain, current), ...pinSteps(host, policy, domain, current));
    steps.push(...weightSteps(host, domain, current));
  }
  return plan(`CPU weights, caps and vcpus (${host.toolstack}, ${policy.host.scheduler})`, steps);
}

function poolSteps(policy: SchedulerPolicy, state: HostSchedulerState): Step[] {
  const wanted = policy.pool;
  if (wanted === undefined || (wanted.tsliceMs === undefined && wanted.ratelimitUs === undefined)) return [];
  const current = state.pools.find((pool) => pool.name === wanted.name);
  if (current === undefined || current.unavailable) {
    throw new SchedulerInputError(
      "host.pool.name",
      `no cpupool ${JSON.stringify(wanted.name)} runs ${policy.host.scheduler} with readable parameters; pools listed: ${state.pools.map((pool) => pool.name).join(", ") || "(none)"}`,
    );
  }
  const change: { tsliceMs?: number; ratelimitUs?: number } = {};
  const previous: { tsliceMs?: number; ratelimitUs?: number } = {};
  const said: string[] = [];
  if (wanted.tsliceMs !== undefined && wanted.tsliceMs !== current.tsliceMs) {
    change.tsliceMs = wanted.tsliceMs;
    if (current.tsliceMs !== undefined) previous.tsliceMs = current.tsliceMs;
    said.push(`timeslice ${String(current.tsliceMs)} → ${String(wanted.tsliceMs)} ms`);
  }
  if (wanted.ratelimitUs !== undefined && wanted.ratelimitUs !== current.ratelimitUs) {
    change.ratelimitUs = wanted.ratelimitUs;
    if (current.ratelimitUs !== undefined) previous.ratelimitUs = current.ratelimitUs;
    said.push(`rate limit ${String(current.ratelimitUs)} → ${String(wanted.ratelimitUs)} µs`);
  }
  if (said.length === 0) return [];
  const host: CommandHost = policy.host;
  return [
    step(`cpupool ${wanted.name}: ${said.join(", ")}`, setPoolArgv(host, wanted.name, change), {
      undo: action(
        `cpupool ${wanted.name}: restore its scheduler parameters`,
        setPoolArgv(host, wanted.name, previous),
      ),
    }),
  ];
}

function vcpuSteps(host: CommandHost, domain: DomainPolicy, current: LiveDomain): Step[] {
  const wanted = domain.vcpus.value;
  if (!domain.vcpus.managed || wanted === current.onlineVcpus) return [];
  if (wanted > current.bootVcpus) throw new VcpuRaiseError(domain.name, wanted, current.bootVcpus);
  return [
    step(
      `${domain.name}: ${String(current.onlineVcpus)} → ${String(wanted)} vcpus online (${domain.vcpus.reason})`,
      vcpuSetArgv(host, domain.name, wanted),
      {
        undo: action(
          `${domain.name}: back to ${String(current.onlineVcpus)} vcpus`,
          vcpuSetArgv(host, domain.name, current.onlineVcpus),
        ),
      },
    ),
  ];
}

function pinSteps(
  host: CommandHost,
  policy: SchedulerPolicy,
  domain: DomainPolicy,
  current: LiveDomain,
): Step[] {
  if (domain.pinning === undefined) return [];
  const pcpus = policy.host.pcpus;
  const steps: Step[] = [];
  domain.pinning.value.forEach((cpus, vcpu) => {
    const now = current.affinity[vcpu];
    if (vcpu >= current.bootVcpus || (now !== undefined && sameCpus(now, cpus))) return;
    const wanted = formatCpuList(cpus, pcpus);
    const before = now === undefined ? "all" : formatCpuList(now, pcpus);
    steps.push(
      step(
        `${domain.name}: pin vcpu ${String(vcpu)} to pCPU ${wanted}, was ${before} (${domain.pinning?.reason ?? ""})`,
        vcpuPinArgv(host, domain.name, vcpu, wanted),
        {
          undo: action(
            `${domain.name}: pin vcpu ${String(vcpu)} back to ${before}`,
            vcpuPinArgv(host, domain.name, vcpu, before),
          ),
        },
      ),
    );
  });
  return steps;
}

function weightSteps(host: CommandHost, domain: DomainPolicy, current: LiveDomain): Step[] {
  if (current.weight === undefined || current.cap === undefined) {
    throw new SchedulerMismatchError(
      `${domain.path}.name`,
      `${domain.name} is running but not listed by \`${host.toolstack} sched-credit${host.toolstack === "xl" && host.scheduler === "credit2" ? "2" : ""}\`: it is in a cpupool that runs another scheduler`,
    );
  }
  const change: { weight?: number; cap?: number } = {};
  const previous: { weight?: number; cap?: number } = {};
  const said: string[] = [];
  if (domain.weight.value !== current.weight) {
    change.weight = domain.weight.value;
    previous.weight = current.weight;
    said.push(`weight ${String(current.weight)} → ${String(domain.weight.value)} (${domain.weight.reason})`);
  }
  if (domain.cap.value !== current.cap) {
    change.cap = domain.cap.value;
    previous.cap = current.cap;
    said.push(`cap ${String(current.cap)} → ${String(domain.cap.value)} (${domain.cap.reason})`);
  }
  if (said.length === 0) return [];
  return [
    step(`${domain.name}: ${said.join("; ")}`, setWeightArgv(host, domain.name, change), {
      undo: action(`${domain.name}: restore weight and cap`, setWeightArgv(host, domain.name, previous)),
    }),
  ];
}
