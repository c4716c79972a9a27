import { readCpuList } from "./cpu-list.js";
import { XlOutputError } from "./errors.js";

/** One vcpu as `xl vcpu-list` / `xm vcpu-list` show it. */
export interface VcpuListing {
  readonly domain: string;
  readonly id: number;
  readonly vcpu: number;
  /** The pCPU it is on; undefined when offline (`-`) or not shown. */
  readonly cpu: number | undefined;
  /** False for a vcpu that exists but is offline (state `--p`): `xl vcpu-set` can bring it back. */
  readonly online: boolean;
  readonly state: string;
  readonly timeSeconds: number;
  /** pCPUs it may run on (hard affinity). */
  readonly hardAffinity: readonly number[];
  /** Soft affinity (xl ≥ 4.5); undefined when not printed. */
  readonly softAffinity: readonly number[] | undefined;
}

const HEADER = /^Name\s+ID\s+VCPU\s+CPU\s+State\s+Time\(s\)\s+(?:Affinity \(Hard \/ Soft\)|CPU Affinity)\s*$/;
const ROW = /^(\S+)\s+(\d+)\s+(\d+)\s+(?:(\d+|-)\s+([-rbp]{3})\s+)?(\d+(?:\.\d+)?)\s+(\S.*?)\s*$/;

/**
 * Reads `xl vcpu-list` (Xen ≥ 4.5: `Affinity (Hard / Soft)`, e.g. `0-3 / all`;
 * older: `CPU Affinity`) and `xm vcpu-list` (`any cpu`, `no cpus`, ranges) output —
 * formats from Xen's tools/xl/xl_vcpu.c and xm's main.py. Affinities are resolved
 * against a host with `pcpus` pCPUs (`all` = every one of them).
 *
 * @throws {@link XlOutputError} naming the line that is not in that format.
 * @example
 * ```ts
 * const [vcpu] = parseVcpuList(
 *   "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n" +
 *     "vm1                                  3     0    2   -b-      12.5  2-3 / all\n",
 *   4,
 * );
 * vcpu?.hardAffinity; // [2, 3]
 * ```
 */
export function parseVcpuList(text: string, pcpus: number, command = "xl vcpu-list"): VcpuListing[] {
  const vcpus: VcpuListing[] = [];
  let sawHeader = false;
  text.split("\n").forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, "");
    if (line.trim() === "") return;
    if (HEADER.test(line.trim())) {
      sawHeader = true;
      return;
    }
    const row = sawHeader ? ROW.exec(line.trim()) : null;
    if (row === null) {
      throw new XlOutputError(
        command,
        index + 1,
        `expected ${sawHeader ? '"<name> <id> <vcpu> <cpu> <state> <time> <affinity>"' : 'the "Name ID VCPU CPU State Time(s) …" header'}, got ${JSON.stringify(line)}`,
      );
    }
    const [hardText, softText] = (row[7] ?? "").split(" / ");
    const state = row[5] ?? "";
    vcpus.push({
      domain: row[1] ?? "",
      id: Number(row[2]),
      vcpu: Number(row[3]),
      cpu: row[4] === undefined || row[4] === "-" ? undefined : Number(row[4]),
      online: !state.endsWith("p") && row[4] !== "-",
      state,
      timeSeconds: Number(row[6]),
      hardAffinity: affinity(hardText ?? "", pcpus, command, index + 1),
      softAffinity: softText === undefined ? undefined : affinity(softText, pcpus, command, index + 1),
    });
  });
  return vcpus;
}

function affinity(text: string, pcpus: number, command: string, line: number): readonly number[] {
  const normalised = text.trim() === "no cpus" ? "none" : text;
  const result = readCpuList(normalised, pcpus, { beyondHost: true });
  if (!result.ok)
    throw new XlOutputError(command, line, `affinity ${JSON.stringify(text)}: ${result.problem}`);
  return result.cpus;
}
