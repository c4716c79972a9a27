import { hasOption, optionValue } from "../exec/getopt.js";
import type { SimState } from "../state/model.js";
import { allDomains, findDomain, type DomainView } from "./domain-view.js";
import { left, right } from "./printf.js";
import { libxlError, type XlRun, type XlSubcommand } from "./xl-run.js";

type Scheduler = "credit" | "credit2";

/** C strtol(text, NULL, 10): leading digits with an optional sign, 0 when there are none. */
function strtol(text: string): number {
  const match = /^\s*([+-]?\d+)/.exec(text);
  return match === null ? 0 : Number(match[1]);
}

const header = (): string =>
  `${left("Name", 33)} ${right("ID", 4)} ${right("Weight", 6)} ${right("Cap", 4)}\n`;
const row = (view: DomainView): string =>
  `${left(view.name, 33)} ${right(view.domid, 4)} ${right(view.weight, 6)} ${right(view.cap, 4)}\n`;

function poolLine(state: SimState, scheduler: Scheduler): string {
  if (state.host.scheduler !== scheduler) return "Cpupool Pool-0: [sched params unavailable]\n";
  const pool = state.host.pool;
  return scheduler === "credit"
    ? `Cpupool Pool-0: tslice=${String(pool.tsliceMs)}ms ratelimit=${String(pool.ratelimitUs)}us migration-delay=${String(pool.migrationDelayUs)}us\n`
    : `Cpupool Pool-0: ratelimit=${String(state.host.credit2RatelimitUs)}us\n`;
}

function paramsError(run: XlRun, scheduler: Scheduler): number {
  run.err += libxlError(
    {
      file: "libxl_sched.c",
      line: scheduler === "credit" ? 435 : 492,
      func: `libxl_sched_${scheduler}_params_get`,
    },
    undefined,
    `getting ${scheduler === "credit" ? "sched credit" : "sched credit2"} param: Invalid argument`,
  );
  run.err += `libxl_sched_${scheduler}_params_get failed.\n`;
  return 1;
}

function setPool(
  run: XlRun,
  state: SimState,
  scheduler: Scheduler,
  values: { t?: string; r?: string; m?: string },
): number {
  if (state.host.scheduler !== scheduler) return paramsError(run, scheduler);
  const fail = (message: string): number => {
    run.err += libxlError(
      { file: "libxl_sched.c", line: 392, func: "sched_ratelimit_check" },
      undefined,
      message,
    );
    run.err += `libxl_sched_${scheduler}_params_set failed.\n`;
    return 1;
  };
  if (scheduler === "credit2") {
    const ratelimit = strtol(values.r ?? "0");
    if (ratelimit < 0 || ratelimit > 500000)
      return fail(`Ratelimit out of range, valid range is from 0 to 500000`);
    state.host.credit2RatelimitUs = ratelimit;
    return 0;
  }
  const pool = { ...state.host.pool };
  if (values.t !== undefined) pool.tsliceMs = strtol(values.t);
  if (values.r !== undefined) pool.ratelimitUs = strtol(values.r);
  if (values.m !== undefined) pool.migrationDelayUs = strtol(values.m);
  if (pool.tsliceMs < 1 || pool.tsliceMs > 1000)
    return fail("Time slice out of range, valid range is from 1 to 1000");
  if (pool.ratelimitUs < 0 || pool.ratelimitUs > 500000)
    return fail("Ratelimit out of range, valid range is from 0 to 500000");
  if (pool.ratelimitUs > pool.tsliceMs * 1000) return fail("Ratelimit cannot be greater than timeslice");
  if (pool.migrationDelayUs < 0 || pool.migrationDelayUs > 100000)
    return fail("Migration delay out of range, valid range is from 0 to 100000");
  state.host.pool = pool;
  return 0;
}

function setDomain(
  run: XlRun,
  state: SimState,
  scheduler: Scheduler,
  domid: number,
  weight?: number,
  cap?: number,
): number {
  const failed = (): number => {
    run.err += "libxl_domain_sched_params_set failed.\n";
    return 1;
  };
  if (state.host.scheduler !== scheduler) {
    run.err += libxlError(
      { file: "libxl_sched.c", line: 770, func: "libxl_domain_sched_params_set" },
      domid,
      `Unknown scheduler`,
    );
    return failed();
  }
  const target = domid === 0 ? state.dom0 : state.domains.find((domain) => domain.domid === domid);
  if (target === undefined) {
    run.err += libxlError(
      { file: "libxl_sched.c", line: 240, func: `sched_${scheduler}_domain_set` },
      domid,
      "Getting domain info: No such process",
    );
    return failed();
  }
  const func = `sched_${scheduler}_domain_set`;
  if (weight !== undefined && (weight < 1 || weight > 65535)) {
    run.err += libxlError(
      { file: "libxl_sched.c", line: scheduler === "credit" ? 264 : 333, func },
      domid,
      "Cpu weight out of range, valid values are within range from 1 to 65535",
    );
    return failed();
  }
  const vcpus = "onlineVcpus" in target ? target.onlineVcpus : 1;
  if (cap !== undefined && (cap < 0 || cap > vcpus * 100)) {
    run.err += libxlError(
      { file: "libxl_sched.c", line: scheduler === "credit" ? 273 : 342, func },
      domid,
      `Cpu cap out of range, valid range is from 0 to ${String(vcpus * 100)} for specified number of vcpus`,
    );
    return failed();
  }
  if (weight !== undefined) target.weight = weight;
  if (cap !== undefined) target.cap = cap;
  return 0;
}

function schedCommand(scheduler: Scheduler): XlSubcommand {
  return async (run) => {
    const credit = scheduler === "credit";
    const parsed = run.options(
      credit ? "d:w:c:p:t:r:m:s" : "d:w:c:p:r:s",
      {
        domain: [true, "d"],
        weight: [true, "w"],
        cap: [true, "c"],
        schedparam: [false, "s"],
        ...(credit ? { tslice_ms: [true, "t"] as const, migration_delay_us: [true, "m"] as const } : {}),
        ratelimit_us: [true, "r"],
        cpupool: [true, "p"],
      },
      0,
    );
    if (typeof parsed === "number") return parsed;
    const dom = optionValue(parsed, "d");
    const cpupool = optionValue(parsed, "p");
    const weightText = optionValue(parsed, "w");
    const capText = optionValue(parsed, "c");
    const schedparam = hasOption(parsed, "s");
    const t = optionValue(parsed, "t");
    const r = optionValue(parsed, "r");
    const m = optionValue(parsed, "m");
    const domainOptions = dom !== undefined || weightText !== undefined || capText !== undefined;
    if (credit && (cpupool !== undefined || schedparam) && domainOptions) {
      run.err += "Specifying a cpupool or schedparam is not allowed with domain options.\n";
      return 1;
    }
    if (!credit && cpupool !== undefined && domainOptions) {
      run.err += "Specifying a cpupool is not allowed with other options.\n";
      return 1;
    }
    if (dom === undefined && (weightText !== undefined || capText !== undefined)) {
      run.err += "Must specify a domain.\n";
      return 1;
    }
    if (credit && !schedparam && (t !== undefined || r !== undefined || m !== undefined)) {
      run.err += "Must specify schedparam to set schedule parameter values.\n";
      return 1;
    }
    if (cpupool !== undefined && cpupool !== "Pool-0" && cpupool !== "0") {
      run.err += `unknown cpupool '${cpupool}'\n`;
      return 1;
    }
    if (schedparam) {
      const setting = credit ? t !== undefined || r !== undefined || m !== undefined : r !== undefined;
      if (!setting) {
        const state = await run.read();
        run.out += poolLine(state, scheduler);
        return 0;
      }
      return run.update((state) =>
        setPool(run, state, scheduler, {
          ...(t === undefined ? {} : { t }),
          ...(r === undefined ? {} : { r }),
          ...(m === undefined ? {} : { m }),
        }),
      );
    }
    if (dom === undefined) {
      const state = await run.read();
      if (state.host.scheduler !== scheduler) return 0;
      run.out += poolLine(state, scheduler) + header() + allDomains(state, run.now).map(row).join("");
      return 0;
    }
    if (weightText === undefined && capText === undefined) {
      const state = await run.read();
      const found = findDomain(state, dom, run.now);
      if (!found.ok) {
        run.err += found.stderr;
        return 1;
      }
      run.out += header();
      if (state.host.scheduler !== scheduler || found.view === undefined) {
        run.err +=
          found.view === undefined
            ? libxlError(
                { file: "libxl_sched.c", line: 790, func: "libxl_domain_sched_params_get" },
                found.domid,
                "Getting domain info: No such process",
              )
            : "";
        run.err +=
          found.view === undefined
            ? "libxl_domain_sched_params_get failed.\n"
            : `libxl_domain_sched_params_get returned ${state.host.scheduler} not ${scheduler}.\n`;
        return 1;
      }
      run.out += row(found.view);
      return 0;
    }
    return run.update((state) => {
      const found = findDomain(state, dom, run.now);
      if (!found.ok) {
        run.err += found.stderr;
        return 1;
      }
      return setDomain(
        run,
        state,
        scheduler,
        found.domid,
        weightText === undefined ? undefined : strtol(weightText),
        capText === undefined ? undefined : strtol(capText),
      );
    });
  };
}

/** `xl sched-credit`: show and set credit scheduler weights, caps and pool parameters. */
export const xlSchedCredit = schedCommand("credit");
/** `xl sched-credit2`: show and set credit2 scheduler weights, caps and the pool rate limit. */
export const xlSchedCredit2 = schedCommand("credit2");
