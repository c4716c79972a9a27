import { cmd, type CommandRunner } from "@dom0kit/runner";
import { SchedulerMismatchError } from "./errors.js";
import type { HostSettings } from "./input-schema.js";
import { parseSchedCredit, type PoolParameters } from "./parse-sched-credit.js";
import { parseVcpuList } from "./parse-vcpu-list.js";
import { parseXlList } from "./parse-xl-list.js";
import { stateArgvs, type Argv } from "./scheduler-commands.js";

/** A running domain's scheduling state, as read from the host. */
export interface LiveDomain {
  readonly name: string;
  readonly id: number;
  readonly memoryMiB: number;
  /** undefined when the domain is in a cpupool that runs another scheduler. */
  readonly weight: number | undefined;
  readonly cap: number | undefined;
  /** vcpus online now. */
  readonly onlineVcpus: number;
  /** vcpus it has (online or not): the most `xl vcpu-set` can bring online. */
  readonly bootVcpus: number;
  /** Hard affinity of each vcpu, by vcpu number. */
  readonly affinity: readonly (readonly number[])[];
}

/** What the host runs now. */
export interface HostSchedulerState {
  readonly domains: readonly LiveDomain[];
  readonly pools: readonly PoolParameters[];
}

/**
 * The text of the three listings.
 *
 * @example
 * ```ts
 * const outputs: StateOutputs = { list: xlListText, sched: xlSchedCreditText, vcpus: xlVcpuListText };
 * ```
 */
export interface StateOutputs {
  /** `xl list` */
  readonly list: string;
  /** `xl sched-credit` / `xl sched-credit2` / `xm sched-credit` */
  readonly sched: string;
  /** `xl vcpu-list` */
  readonly vcpus: string;
}

/** What reading the state needs to know about the host. */
export type StateHost = Pick<HostSettings, "toolstack" | "scheduler" | "pcpus">;

function label(argv: Argv): string {
  return argv.join(" ");
}

/**
 * Builds the host's state from the three listings' text (pure; see
 * {@link readSchedulerState} to run them).
 *
 * @throws `XlOutputError` for output not in xl's format; {@link SchedulerMismatchError}
 * when domains run but no cpupool runs the expected scheduler.
 * @example
 * ```ts
 * const state = assembleSchedulerState(
 *   { list: XL_LIST, sched: XL_SCHED_CREDIT, vcpus: XL_VCPU_LIST },
 *   { toolstack: "xl", scheduler: "credit", pcpus: 4 },
 * );
 * state.domains.find((d) => d.name === "vm1")?.weight;
 * ```
 */
export function assembleSchedulerState(outputs: StateOutputs, host: StateHost): HostSchedulerState {
  const argvs = stateArgvs(host);
  const listed = parseXlList(outputs.list, label(argvs.list)).filter((domain) => domain.name !== "(null)");
  const sched = parseSchedCredit(outputs.sched, label(argvs.sched));
  const vcpus = parseVcpuList(outputs.vcpus, host.pcpus, label(argvs.vcpus));
  if (host.toolstack === "xl" && sched.pools.length === 0 && listed.length > 0) {
    throw new SchedulerMismatchError(
      "host.scheduler",
      `the input says ${host.scheduler}, but \`${label(argvs.sched)}\` lists no cpupool running it; check \`xl info\` (xen_scheduler) and set host.scheduler to match`,
    );
  }
  const weights = new Map(sched.domains.map((domain) => [domain.name, domain]));
  const domains = listed.map((domain): LiveDomain => {
    const own = vcpus.filter((vcpu) => vcpu.domain === domain.name).sort((a, b) => a.vcpu - b.vcpu);
    const scheduled = weights.get(domain.name);
    const affinity: number[][] = [];
    for (const vcpu of own) affinity[vcpu.vcpu] = [...vcpu.hardAffinity];
    return {
      name: domain.name,
      id: domain.id,
      memoryMiB: domain.memoryMiB,
      weight: scheduled?.weight,
      cap: scheduled?.cap,
      onlineVcpus: own.length > 0 ? own.filter((vcpu) => vcpu.online).length : domain.vcpus,
      bootVcpus: own.length > 0 ? own.length : domain.vcpus,
      affinity,
    };
  });
  return { domains, pools: sched.pools };
}

/**
 * Reads the host's scheduling state through a runner: `xl list`, `xl sched-credit`
 * (or `sched-credit2`, or `xm`), `xl vcpu-list`. Only reads; changes nothing.
 *
 * @example
 * ```ts
 * const state = await readSchedulerState(new ExecaRunner(), { toolstack: "xl", scheduler: "credit2", pcpus: 8 });
 * ```
 */
export async function readSchedulerState(
  runner: CommandRunner,
  host: StateHost,
): Promise<HostSchedulerState> {
  const argvs = stateArgvs(host);
  const list = await runner.run(cmd(argvs.list));
  const sched = await runner.run(cmd(argvs.sched));
  const vcpus = await runner.run(cmd(argvs.vcpus));
  return assembleSchedulerState({ list: list.stdout, sched: sched.stdout, vcpus: vcpus.stdout }, host);
}
