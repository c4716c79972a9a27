import { XlOutputError } from "./errors.js";

/** What the scheduler needs from `xl info` / `xm info`. */
export interface HostInfo {
  /** `nr_cpus`: pCPUs the hypervisor runs. */
  readonly pcpus: number;
  /** `xen_scheduler`: `credit`, `credit2`, `rtds`, … */
  readonly scheduler: string;
  /** `total_memory`, MiB. */
  readonly totalMemoryMiB: number | undefined;
  /** Every `key : value` line, as text. */
  readonly fields: ReadonlyMap<string, string>;
}

/**
 * Reads `xl info` / `xm info` (`key : value` lines; format from Xen's
 * tools/xl/xl_info.c) for the pCPU count and the running scheduler.
 *
 * @throws {@link XlOutputError} when `nr_cpus` or `xen_scheduler` is missing.
 * @example
 * ```ts
 * const info = parseXlInfo("nr_cpus                : 4\nxen_scheduler          : credit\n");
 * info.pcpus;     // 4
 * info.scheduler; // "credit"
 * ```
 */
export function parseXlInfo(text: string, command = "xl info"): HostInfo {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([a-z_0-9]+)\s*:\s?(.*)$/.exec(line.replace(/\r$/, ""));
    if (match !== null) fields.set(match[1] ?? "", (match[2] ?? "").trim());
  }
  const cpus = fields.get("nr_cpus");
  const scheduler = fields.get("xen_scheduler");
  if (cpus === undefined || !/^\d+$/.test(cpus) || scheduler === undefined || scheduler === "") {
    throw new XlOutputError(command, 0, 'expected "nr_cpus : <n>" and "xen_scheduler : <name>" lines');
  }
  const memory = fields.get("total_memory");
  return {
    pcpus: Number(cpus),
    scheduler,
    totalMemoryMiB: memory !== undefined && /^\d+$/.test(memory) ? Number(memory) : undefined,
    fields,
  };
}
