import type { SimDomain, SimState } from "../state/model.js";

/** CPU seconds per second of wall time a running guest vcpu uses (an idle VPS). */
const GUEST_LOAD = 0.01;
/** The same for a dom0 vcpu. */
const DOM0_LOAD = 0.05;

/** One row of what xl knows about a domain, dom0 included. */
export interface DomainView {
  readonly domid: number;
  readonly name: string;
  readonly uuid: string;
  readonly memoryMiB: number;
  readonly maxMemoryMiB: number;
  readonly onlineVcpus: number;
  readonly maxVcpus: number;
  /** The six `xl list` state letters (`r-----`, `-b----`, `--p---`, `---s--`, `--psc-`). */
  readonly stateLetters: string;
  readonly cpuSeconds: number;
  readonly weight: number;
  readonly cap: number;
  readonly hardAffinity: readonly string[];
  readonly softAffinity: readonly string[];
  readonly startedAt: number;
  /** Undefined for Domain-0. */
  readonly domain?: SimDomain;
}

/** CPU time of a guest now: accounted seconds plus its running time since. */
export function guestCpuSeconds(domain: SimDomain, now: number): number {
  const running = domain.state === "running" ? Math.max(0, now - domain.lastAccountedAt) / 1000 : 0;
  return domain.cpuSeconds + running * GUEST_LOAD * domain.onlineVcpus;
}

/** Folds the running time so far into `cpuSeconds` (call before a state change). */
export function accountCpu(domain: SimDomain, now: number): void {
  domain.cpuSeconds = guestCpuSeconds(domain, now);
  domain.lastAccountedAt = now;
}

function letters(domain: SimDomain): string {
  switch (domain.state) {
    case "running":
      return "-b----";
    case "paused":
      return "--p---";
    case "crashed":
      return "--psc-";
    case "shutdown": {
      const reason = { poweroff: "-", reboot: "r", suspend: "s", crash: "c", watchdog: "w" }[
        domain.shutdownReason ?? "poweroff"
      ];
      return `---s${reason}-`;
    }
  }
}

/** Domain-0 as xl sees it. */
export function dom0View(state: SimState, now: number): DomainView {
  const uptime = Math.max(0, now - state.host.bootedAt) / 1000;
  return {
    domid: 0,
    name: "Domain-0",
    uuid: "00000000-0000-0000-0000-000000000000",
    memoryMiB: state.dom0.memoryMiB,
    maxMemoryMiB: state.dom0.memoryMiB,
    onlineVcpus: state.dom0.onlineVcpus,
    maxVcpus: state.dom0.maxVcpus,
    stateLetters: "r-----",
    cpuSeconds: uptime * DOM0_LOAD * state.dom0.onlineVcpus,
    weight: state.dom0.weight,
    cap: state.dom0.cap,
    hardAffinity: state.dom0.hardAffinity,
    softAffinity: state.dom0.hardAffinity.map(() => "all"),
    startedAt: state.host.bootedAt,
  };
}

/** A guest as xl sees it. */
export function guestView(domain: SimDomain, now: number): DomainView {
  return {
    domid: domain.domid,
    name: domain.name,
    uuid: domain.uuid,
    memoryMiB: domain.memoryMiB,
    maxMemoryMiB: domain.maxMemoryMiB,
    onlineVcpus: domain.onlineVcpus,
    maxVcpus: domain.maxVcpus,
    stateLetters: letters(domain),
    cpuSeconds: guestCpuSeconds(domain, now),
    weight: domain.weight,
    cap: domain.cap,
    hardAffinity: domain.hardAffinity,
    softAffinity: domain.softAffinity,
    startedAt: domain.startedAt,
    domain,
  };
}

/** Every domain, dom0 first, then guests by domid (libxl_list_domain order). */
export function allDomains(state: SimState, now: number): DomainView[] {
  return [
    dom0View(state, now),
    ...[...state.domains].sort((a, b) => a.domid - b.domid).map((domain) => guestView(domain, now)),
  ];
}

/** Result of {@link findDomain}. */
export type FoundDomain =
  | { readonly ok: true; readonly domid: number; readonly view: DomainView | undefined }
  | { readonly ok: false; readonly stderr: string };

/**
 * Resolves a domain qualifier the way xl's find_domain does: all digits is a
 * domid (which need not exist: later calls fail), anything else a name —
 * unknown names print `NAME is an invalid domain identifier (rc=-6)`.
 *
 * @example
 * ```ts
 * findDomain(state, "vm1", Date.now()); // { ok: true, domid: 3, view: … }
 * ```
 */
export function findDomain(state: SimState, qualifier: string, now: number): FoundDomain {
  const views = allDomains(state, now);
  if (/^[0-9]+$/.test(qualifier)) {
    const domid = Number(qualifier);
    return { ok: true, domid, view: views.find((view) => view.domid === domid) };
  }
  const view = views.find((each) => each.name === qualifier);
  if (view === undefined)
    return { ok: false, stderr: `${qualifier} is an invalid domain identifier (rc=-6)\n` };
  return { ok: true, domid: view.domid, view };
}
