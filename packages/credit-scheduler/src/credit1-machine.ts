import {
  accountCredits,
  type AccountingDomain,
  type AccountingState,
  type AccountingVcpu,
} from "./credit1-accounting.js";
import { BOOST, CREDITS_PER_MS, OVER, TICKS_PER_TSLICE, UNDER } from "./credit1-constants.js";

/** The host as the machine models it. */
export interface Credit1Host {
  readonly pcpus: number;
  /** Timeslice = accounting period, ms (`xl sched-credit -s -t`). */
  readonly tsliceMs: number;
  readonly weighting: "per-vcpu" | "per-domain";
}

/** A vcpu to simulate: its domain, work arriving per ms (0..1), and where it may run. */
export interface Credit1Vcpu {
  readonly domain: number;
  readonly rate: number;
  readonly affinity: readonly number[] | undefined;
}

/**
 * A partly busy vcpu gets its work in bursts, one every {@link BURST_PERIOD_MS} (at a
 * phase of its own), so it runs across ticks like a real guest and is accounted.
 * (A guest that always sleeps just before the tick dodges Credit1's accounting — a
 * known attack, not modelled.)
 */
const BURST_PERIOD_MS = 100;
/** Work a vcpu may have waiting, in bursts: demand beyond this is dropped, as a guest gives up on it. */
const BACKLOG_BURSTS = 2;
const EPSILON = 1e-9;

interface VcpuState extends AccountingVcpu {
  readonly index: number;
  readonly rate: number;
  readonly allowed: readonly boolean[];
  backlog: number;
  ran: number;
  /** Milliseconds spent parked while measuring. */
  parkedMs: number;
  runningOn: number;
  queued: boolean;
  /** CPU time used in the current millisecond (a vcpu runs on one pCPU at a time). */
  usedNow: number;
  /** The pCPU whose run queue it waits on (`vc->processor`). */
  home: number;
  /** When in each burst period its work arrives, ms. */
  readonly phase: number;
}

/**
 * The moving parts of the Credit1 model, one millisecond per {@link step}: work
 * arrives, each pCPU runs vcpus in priority order, ticks mark running vcpus active,
 * and every 30 ms the accountant hands out credits. Internal to
 * {@link simulateCredit1}.
 *
 * @example
 * ```ts
 * const machine = new Credit1Machine(
 *   { pcpus: 1, tsliceMs: 30, weighting: "per-vcpu" },
 *   [{ weight: 256, cap: 0 }],
 *   [{ domain: 0, rate: 1, affinity: undefined }],
 * );
 * machine.step(true);
 * machine.ranByDomain(); // [1]
 * ```
 */
export class Credit1Machine {
  readonly #pcpus: number;
  readonly #tsliceMs: number;
  readonly #tickMs: number;
  readonly #domains: AccountingDomain[];
  readonly #vcpus: VcpuState[];
  readonly #current: number[];
  readonly #sliceLeft: number[];
  /** pCPUs a waking vcpu of higher priority has tickled to preempt what they run (`__runq_tickle`). */
  readonly #tickled: boolean[];
  #queues: VcpuState[][];
  #clock = 0;
  #measuring = false;
  readonly #accounting: AccountingState;

  constructor(
    host: Credit1Host,
    domains: readonly { readonly weight: number; readonly cap: number }[],
    vcpus: readonly Credit1Vcpu[],
  ) {
    const { pcpus } = host;
    this.#pcpus = pcpus;
    this.#tsliceMs = host.tsliceMs;
    // `__csched_set_tslice`: three ticks per slice unless the slice is shorter than 3 ms.
    this.#tickMs = host.tsliceMs < TICKS_PER_TSLICE ? host.tsliceMs : host.tsliceMs / TICKS_PER_TSLICE;
    this.#accounting = {
      creditsPerTslice: CREDITS_PER_MS * host.tsliceMs,
      weighting: host.weighting,
      activeDomains: [],
      weightTotal: 0,
      creditBalance: 0,
    };
    this.#domains = domains.map((domain, index) => ({
      index,
      weight: domain.weight,
      cap: domain.cap,
      activeVcpus: [],
    }));
    this.#vcpus = vcpus.map((vcpu, index) => ({
      index,
      domain: vcpu.domain,
      rate: vcpu.rate,
      allowed: Array.from({ length: pcpus }, (_, cpu) => vcpu.affinity?.includes(cpu) ?? true),
      credit: 0,
      priority: UNDER,
      active: false,
      parked: false,
      halvedAway: 0,
      debtForgiven: 0,
      parkedMs: 0,
      backlog: 0,
      ran: 0,
      runningOn: -1,
      queued: false,
      usedNow: 0,
      home: 0,
      phase: (index * 37) % BURST_PERIOD_MS,
    }));
    this.#queues = Array.from({ length: pcpus }, () => []);
    let next = 0;
    for (const vcpu of this.#vcpus) {
      for (let tries = 0; tries < pcpus; tries += 1) {
        const cpu = (next + tries) % pcpus;
        if (vcpu.allowed[cpu] === true) {
          vcpu.home = cpu;
          next = cpu + 1;
          break;
        }
      }
    }
    this.#current = new Array<number>(pcpus).fill(-1);
    this.#sliceLeft = new Array<number>(pcpus).fill(0);
    this.#tickled = new Array<boolean>(pcpus).fill(false);
  }

  /** CPU time each domain got while measuring, ms. */
  ranByDomain(): number[] {
    const ran = new Array<number>(this.#domains.length).fill(0);
    for (const vcpu of this.#vcpus) ran[vcpu.domain] = (ran[vcpu.domain] ?? 0) + vcpu.ran;
    return ran;
  }

  /**
   * What the accounting took from or gave each domain while measuring, in credits:
   * destroyed at the ceiling, forgiven at the floor; and its vcpus' parked time, ms.
   */
  accountingByDomain(): { halvedAway: number; debtForgiven: number; parkedMs: number }[] {
    const totals = this.#domains.map(() => ({ halvedAway: 0, debtForgiven: 0, parkedMs: 0 }));
    for (const vcpu of this.#vcpus) {
      const total = totals[vcpu.domain];
      if (total === undefined) continue;
      total.halvedAway += vcpu.halvedAway;
      total.debtForgiven += vcpu.debtForgiven;
      total.parkedMs += vcpu.parkedMs;
    }
    return totals;
  }

  /** Advances one millisecond; `measure` counts the CPU time run in it (and what the accounting does). */
  step(measure: boolean): void {
    if (measure && !this.#measuring) {
      this.#measuring = true;
      for (const vcpu of this.#vcpus) {
        vcpu.halvedAway = 0;
        vcpu.debtForgiven = 0;
      }
    }
    for (const vcpu of this.#vcpus) {
      if (measure && vcpu.parked) vcpu.parkedMs += 1;
      vcpu.usedNow = 0;
      vcpu.backlog = this.#arrive(vcpu);
      if (vcpu.backlog > EPSILON && vcpu.runningOn < 0 && !vcpu.queued) this.#wake(vcpu);
    }
    for (let cpu = 0; cpu < this.#pcpus; cpu += 1) this.#runCpu(cpu, measure);
    this.#clock += 1;
    if (this.#clock % this.#tickMs < 1) this.#tick();
    if (this.#clock % this.#tsliceMs === 0) this.#account();
  }

  /** Busy vcpus always have work; partly busy ones get a burst each period. */
  #arrive(vcpu: VcpuState): number {
    if (vcpu.rate >= 1) return BURST_PERIOD_MS;
    const burst = vcpu.rate * BURST_PERIOD_MS;
    if ((this.#clock + vcpu.phase) % BURST_PERIOD_MS !== 0) return vcpu.backlog;
    return Math.min(burst * BACKLOG_BURSTS, vcpu.backlog + burst);
  }

  #runCpu(cpu: number, measure: boolean): void {
    let budget = 1;
    while (budget > EPSILON) {
      let vcpu = this.#runningVcpu(cpu);
      if (vcpu === undefined) {
        vcpu = this.#pick(cpu);
        if (vcpu === undefined) return;
        this.#current[cpu] = vcpu.index;
        vcpu.runningOn = cpu;
        this.#sliceLeft[cpu] = this.#tsliceMs;
      }
      const run = Math.min(budget, vcpu.backlog, this.#sliceLeft[cpu] ?? 0, 1 - vcpu.usedNow);
      if (run <= EPSILON) {
        this.#release(cpu, vcpu);
        continue;
      }
      vcpu.usedNow += run;
      vcpu.backlog -= run;
      vcpu.credit -= CREDITS_PER_MS * run;
      if (measure) vcpu.ran += run;
      this.#sliceLeft[cpu] = (this.#sliceLeft[cpu] ?? 0) - run;
      budget -= run;
    }
  }

  /** The vcpu that keeps `cpu`, or undefined after releasing one that must stop. */
  #runningVcpu(cpu: number): VcpuState | undefined {
    const index = this.#current[cpu] ?? -1;
    if (index < 0) return undefined;
    const vcpu = this.#vcpus[index] as VcpuState;
    const preempted = this.#tickled[cpu] === true;
    this.#tickled[cpu] = false;
    if (vcpu.backlog > EPSILON && (this.#sliceLeft[cpu] ?? 0) > EPSILON && !vcpu.parked && !preempted) {
      return vcpu;
    }
    this.#release(cpu, vcpu);
    return undefined;
  }

  #release(cpu: number, vcpu: VcpuState): void {
    this.#current[cpu] = -1;
    vcpu.runningOn = -1;
    if (vcpu.backlog > EPSILON) this.#enqueue(vcpu);
  }

  /** Takes the first queued vcpu that may run on `cpu`: UNDER before OVER, FIFO within each. */
  #pick(cpu: number): VcpuState | undefined {
    const own = this.#queues[cpu] as VcpuState[];
    const local = own.find((vcpu) => vcpu.usedNow < 1 - EPSILON);
    if (local === undefined || local.priority <= OVER) {
      const floor = local?.priority ?? -64;
      for (let offset = 1; offset < this.#pcpus; offset += 1) {
        const peer = (cpu + offset) % this.#pcpus;
        if ((this.#current[peer] ?? -1) < 0) continue;
        const queue = this.#queues[peer] as VcpuState[];
        const stolen = queue.find(
          (vcpu) => vcpu.priority > floor && vcpu.allowed[cpu] === true && vcpu.usedNow < 1 - EPSILON,
        );
        if (stolen !== undefined) {
          this.#dequeue(stolen);
          stolen.home = cpu;
          return stolen;
        }
      }
    }
    if (local !== undefined) this.#dequeue(local);
    return local;
  }

  #dequeue(vcpu: VcpuState): void {
    const queue = this.#queues[vcpu.home] as VcpuState[];
    const position = queue.indexOf(vcpu);
    if (position >= 0) queue.splice(position, 1);
    vcpu.queued = false;
  }

  /**
   * A vcpu with new work (`csched_unit_wake`): boosted if it has credit left and was
   * not parked; to an idle allowed pCPU if there is one (`csched_cpu_pick`), else to
   * its own queue, preempting the vcpu running there if that one has a lower
   * priority (`__runq_tickle`). A vcpu that is running or parked cannot wake.
   */
  #wake(vcpu: VcpuState, boost = true): void {
    if (vcpu.parked) return;
    if (boost && vcpu.priority === UNDER) vcpu.priority = BOOST;
    const isIdle = (cpu: number): boolean =>
      (this.#current[cpu] ?? -1) < 0 && (this.#queues[cpu]?.length ?? 0) === 0;
    let idle = isIdle(vcpu.home);
    if (!idle) {
      for (let cpu = 0; cpu < this.#pcpus; cpu += 1) {
        if (vcpu.allowed[cpu] === true && isIdle(cpu)) {
          vcpu.home = cpu;
          idle = true;
          break;
        }
      }
    }
    this.#enqueue(vcpu);
    const running = this.#current[vcpu.home] ?? -1;
    if (!idle && running >= 0 && vcpu.priority > (this.#vcpus[running] as VcpuState).priority) {
      this.#tickled[vcpu.home] = true;
    }
  }

  /** Inserts at the tail of its priority group, as `__runq_insert` does. */
  #enqueue(vcpu: VcpuState): void {
    if (vcpu.queued || vcpu.parked) return;
    const queue = this.#queues[vcpu.home] as VcpuState[];
    const after = queue.findIndex((other) => vcpu.priority > other.priority);
    if (after < 0) queue.push(vcpu);
    else queue.splice(after, 0, vcpu);
    vcpu.queued = true;
  }

  /**
   * The tick (10 ms by default, `csched_unit_acct`): the vcpu on each pCPU loses its
   * boost (it is using the CPU, not just waking for it) and joins the active set.
   */
  #tick(): void {
    for (const index of this.#current) {
      if (index < 0) continue;
      const vcpu = this.#vcpus[index] as VcpuState;
      if (vcpu.priority === BOOST) vcpu.priority = UNDER;
      if (!vcpu.active) this.#activate(vcpu);
    }
  }

  #activate(vcpu: VcpuState): void {
    const domain = this.#domains[vcpu.domain] as AccountingDomain;
    vcpu.active = true;
    domain.activeVcpus.push(vcpu);
    const first = domain.activeVcpus.length === 1;
    if (this.#accounting.weighting === "per-vcpu" || first) this.#accounting.weightTotal += domain.weight;
    if (first) this.#accounting.activeDomains.unshift(domain);
  }

  /** The accounting every timeslice, then the run-queue re-sort (`csched_runq_sort`). */
  #account(): void {
    const changes = accountCredits(this.#accounting, this.#pcpus);
    for (const vcpu of changes.parked) {
      const state = vcpu as VcpuState;
      if (state.queued) this.#dequeue(state);
    }
    for (const vcpu of changes.unparked) {
      const state = vcpu as VcpuState;
      // Unparked, not woken from sleep: no boost (the PARKED flag is cleared after the unpause).
      if (state.backlog > EPSILON && state.runningOn < 0 && !state.queued) this.#wake(state, false);
    }
    this.#queues = this.#queues.map((queue) => [
      ...queue.filter((vcpu) => vcpu.priority >= UNDER),
      ...queue.filter((vcpu) => vcpu.priority < UNDER),
    ]);
  }
}
