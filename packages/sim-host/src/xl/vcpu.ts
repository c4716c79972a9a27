import { hasOption } from "../exec/getopt.js";
import type { SimState } from "../state/model.js";
import { formatCpuMap, parseCpuRange } from "./cpu-map.js";
import { allDomains, findDomain, type DomainView } from "./domain-view.js";
import { fixed1, left, right } from "./printf.js";
import { libxlError, type XlSubcommand } from "./xl-run.js";

const HEADER = `${left("Name", 32)} ${right("ID", 5)} ${right("VCPU", 5)} ${right("CPU", 5)} ${right("State", 5)} ${right("Time(s)", 9)} Affinity (Hard / Soft)\n`;

/** The pCPU a vcpu is shown on: spread over its affinity, stable for a domain. */
function currentCpu(affinity: string, domid: number, vcpu: number, hostCpus: number): number {
  const parsed = parseCpuRange(affinity, hostCpus);
  const allowed = parsed.ok ? [...parsed.cpus].filter((cpu) => cpu < hostCpus).sort((a, b) => a - b) : [];
  if (allowed.length === 0) return 0;
  return allowed[(domid + vcpu) % allowed.length] as number;
}

function vcpuRows(view: DomainView, hostCpus: number): string {
  let text = "";
  const perVcpu = view.onlineVcpus === 0 ? 0 : view.cpuSeconds / view.onlineVcpus;
  for (let vcpu = 0; vcpu < view.maxVcpus; vcpu += 1) {
    const online = vcpu < view.onlineVcpus;
    const hard = view.hardAffinity[vcpu] ?? "all";
    const soft = view.softAffinity[vcpu] ?? "all";
    text += `${left(view.name, 32)} ${right(view.domid, 5)} ${right(vcpu, 5)}`;
    if (!online) {
      text += `${right("-", 5)} ${right("-", 3)}-p `;
    } else {
      const running = view.domid === 0 && vcpu === 0;
      const paused = view.stateLetters[2] === "p" || view.stateLetters[3] === "s";
      text += `${right(currentCpu(hard, view.domid, vcpu, hostCpus), 5)} ${right(running ? "r" : "-", 3)}${running || paused ? "-" : "b"}- `;
    }
    text += `${fixed1(online ? perVcpu : 0, 9)}  ${hard} / ${soft}\n`;
  }
  return text;
}

/** `xl vcpu-list [Domain …]`. */
export const xlVcpuList: XlSubcommand = async (run) => {
  const parsed = run.options("", {}, 0);
  if (typeof parsed === "number") return parsed;
  const state = await run.read();
  run.out += HEADER;
  if (parsed.operands.length === 0) {
    run.out += allDomains(state, run.now)
      .map((view) => vcpuRows(view, state.host.cpus))
      .join("");
    return 0;
  }
  for (const qualifier of parsed.operands) {
    const found = findDomain(state, qualifier, run.now);
    if (!found.ok) {
      run.err += found.stderr;
      return 1;
    }
    if (found.view !== undefined) run.out += vcpuRows(found.view, state.host.cpus);
  }
  return 0;
};

function affinityTarget(
  state: SimState,
  domid: number,
): { hardAffinity: string[]; softAffinity?: string[]; maxVcpus: number } | undefined {
  if (domid === 0) return { hardAffinity: state.dom0.hardAffinity, maxVcpus: state.dom0.maxVcpus };
  return state.domains.find((domain) => domain.domid === domid);
}

/** `xl vcpu-pin [-f] Domain VCPU|all HARD [SOFT]`. */
export const xlVcpuPin: XlSubcommand = async (run) => {
  const parsed = run.options("f", { force: [false, "f"] }, 3);
  if (typeof parsed === "number") return parsed;
  const [qualifier = "", vcpuText = "", hardText = "", softText] = parsed.operands;
  return run.update((state) => {
    const found = findDomain(state, qualifier, run.now);
    if (!found.ok) {
      run.err += found.stderr;
      return 1;
    }
    const vcpuMatch = /^\s*(\d+)/.exec(vcpuText);
    let vcpus: number[];
    const target = affinityTarget(state, found.domid);
    if (vcpuMatch === null) {
      if (vcpuText !== "all") {
        run.err += `Error: Invalid argument ${vcpuText} as VCPU.\n`;
        return 1;
      }
      if (hasOption(parsed, "f")) {
        run.err += "Error: --force and 'all' as VCPU not allowed.\n";
        return 1;
      }
      vcpus = Array.from({ length: target?.maxVcpus ?? 0 }, (_, vcpu) => vcpu);
    } else {
      vcpus = [Number(vcpuMatch[1])];
    }
    const cpus = state.host.cpus;
    const parse = (text: string | undefined): string | null | undefined => {
      if (text === undefined || text === "-") return null;
      const range = parseCpuRange(text, cpus);
      if (!range.ok) {
        run.err += `${range.message}\n`;
        return undefined;
      }
      return formatCpuMap(new Set([...range.cpus].filter((cpu) => cpu < cpus)), cpus);
    };
    const hard = parse(hardText);
    if (hard === undefined) return 1;
    const soft = parse(softText);
    if (soft === undefined) return 1;
    if (target === undefined || vcpus.some((vcpu) => vcpu >= target.maxVcpus) || hard === "none") {
      const vcpu = vcpus[0] ?? 0;
      run.err += libxlError(
        { file: "libxl_domain.c", line: 1002, func: "libxl_set_vcpuaffinity" },
        found.domid,
        hard === "none" ? "vcpu hard affinity map is empty" : `Setting vcpu affinity: Invalid argument`,
      );
      run.err +=
        vcpuText === "all"
          ? "Could not set affinity.\n"
          : `Could not set affinity for vcpu \`${String(vcpu)}'.\n`;
      return vcpuText === "all" ? 0 : 1;
    }
    for (const vcpu of vcpus) {
      if (hard !== null) target.hardAffinity[vcpu] = hard;
      if (soft !== null && target.softAffinity !== undefined) target.softAffinity[vcpu] = soft;
    }
    return 0;
  });
};

/** `xl vcpu-set [-i] Domain N`. */
export const xlVcpuSet: XlSubcommand = async (run) => {
  const parsed = run.options("i", { "ignore-host": [false, "i"] }, 2);
  if (typeof parsed === "number") return parsed;
  const [qualifier = "", countText = ""] = parsed.operands;
  return run.update((state) => {
    const found = findDomain(state, qualifier, run.now);
    if (!found.ok) {
      run.err += found.stderr;
      return 1;
    }
    const match = /^\s*(\d+)/.exec(countText);
    if (match === null) {
      run.err += "Error: Invalid argument.\n";
      return 1;
    }
    const count = Number(match[1]);
    const target =
      found.domid === 0 ? state.dom0 : state.domains.find((domain) => domain.domid === found.domid);
    if (target === undefined) {
      run.err += `Domain ${String(found.domid)} does not exist.\n`;
      return 1;
    }
    if (!hasOption(parsed, "i") && count > target.onlineVcpus && count > state.host.cpus) {
      run.err += `You are overcommmitting! You have ${String(state.host.cpus)} physical CPUs and want ${String(count)} vCPUs! Aborting, use --ignore-host to continue\n`;
      return 1;
    }
    if (count === 0 || count > target.maxVcpus) {
      run.err += libxlError(
        { file: "libxl_domain.c", line: 1416, func: "libxl_set_vcpuonline" },
        found.domid,
        count === 0
          ? "Requested 0 VCPUs!"
          : `Requested ${String(count)} VCPUs, however maxcpus is ${String(target.maxVcpus)}!`,
      );
      run.err += `libxl_set_vcpuonline failed domid=${String(found.domid)} max_vcpus=${String(count)}, rc: -3\n`;
      return 1;
    }
    target.onlineVcpus = count;
    return 0;
  });
};
