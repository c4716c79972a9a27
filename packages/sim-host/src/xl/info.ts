import { hasOption } from "../exec/getopt.js";
import type { SimState } from "../state/model.js";
import { left, right } from "./printf.js";
import type { XlSubcommand } from "./xl-run.js";

/** MiB Xen keeps for itself (heap, frame table) in the simulation: 1/128 of RAM. */
export function xenReservedMiB(state: SimState): number {
  return Math.ceil(state.host.memoryMiB / 128);
}

/** Free host memory in MiB, as `xl info` reports it. */
export function freeMemoryMiB(state: SimState): number {
  const used = state.dom0.memoryMiB + state.domains.reduce((sum, domain) => sum + domain.memoryMiB, 0);
  return Math.max(0, state.host.memoryMiB - used - xenReservedMiB(state));
}

/** The `xl info` lines, in xl_info.c's order (Xen 4.17 on x86). */
export function xlInfoLines(state: SimState): string[] {
  const host = state.host;
  const field = (name: string, value: string | number): string => `${left(name, 23)}: ${String(value)}`;
  return [
    field("host", host.hostname),
    field("release", host.release),
    field("version", host.kernelVersion),
    field("machine", host.machine),
    field("nr_cpus", host.cpus),
    field("max_cpu_id", host.cpus - 1),
    field("nr_nodes", 1),
    field("cores_per_socket", host.cpus),
    field("threads_per_core", 1),
    field("cpu_mhz", "2399.998"),
    field("hw_caps", "178bfbff:f6d8320b:2c100800:00000121:0000000f:219c07a9:00000000:00000100"),
    `${left("virt_caps", 23)}: pv hvm hvm_directio pv_directio hap shadow gnttab-v1 gnttab-v2`,
    field("total_memory", host.memoryMiB),
    field("free_memory", freeMemoryMiB(state)),
    field("sharing_freed_memory", 0),
    field("sharing_used_memory", 0),
    field("outstanding_claims", 0),
    field("free_cpus", 0),
    field("xen_major", 4),
    field("xen_minor", 17),
    field("xen_extra", ".3"),
    field("xen_version", "4.17.3"),
    field("xen_caps", "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64"),
    field("xen_scheduler", host.scheduler),
    field("xen_pagesize", 4096),
    field("platform_params", "virt_start=0xffff800000000000"),
    field("xen_changeset", ""),
    field(
      "xen_commandline",
      `placeholder dom0_mem=${String(state.dom0.memoryMiB)}M,max:${String(state.dom0.memoryMiB)}M dom0_max_vcpus=${String(state.dom0.maxVcpus)}`,
    ),
    field("cc_compiler", "x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0"),
    field("cc_compile_by", "pkg-xen-devel"),
    field("cc_compile_domain", "lists.alioth.debian.org"),
    field("cc_compile_date", "Fri Mar  8 14:39:57 UTC 2024"),
    field("build_id", "5f6e6c1b7e5d1f1c2a3b4c5d6e7f8091a2b3c4d5"),
    field("xend_config_format", 4),
  ];
}

function numaLines(state: SimState): string[] {
  const cpus = Array.from(
    { length: state.host.cpus },
    (_, cpu) => `${right(cpu, 3)}:    ${right(cpu, 4)}     ${right(0, 4)}     ${right(0, 4)}`,
  );
  return [
    "cpu_topology           :",
    "cpu:    core    socket     node",
    ...cpus,
    "device topology        :",
    "device           node",
    "No device topology data available",
    "numa_info              :",
    "node:    memsize    memfree    distances",
    `${right(0, 4)}:    ${right(state.host.memoryMiB, 6)}     ${right(0, 6)}      10`,
  ];
}

/** `xl info [-n] [NAME]`: with NAME, only the values of fields whose name starts with it. */
export const xlInfo: XlSubcommand = async (run) => {
  const parsed = run.options("n", { numa: [false, "n"] }, 0);
  if (typeof parsed === "number") return parsed;
  const state = await run.read();
  const lines = xlInfoLines(state);
  const numa = hasOption(parsed, "n");
  const [name] = parsed.operands;
  if (!numa && name !== undefined) {
    run.out += lines
      .filter((line) => line.startsWith(name) && /: /.test(line))
      .map((line) => `${line.slice(line.indexOf(":") + 2)}\n`)
      .join("");
    return 0;
  }
  const all = numa ? [...lines.slice(0, 18), ...numaLines(state), ...lines.slice(18)] : lines;
  run.out += `${all.join("\n")}\n`;
  return 0;
};
