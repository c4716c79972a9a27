import { PinningError } from "./errors.js";

/** A parse outcome: the sorted pCPUs, or what was wrong. */
export type CpuListResult =
  { readonly ok: true; readonly cpus: readonly number[] } | { readonly ok: false; readonly problem: string };

const ACCEPTED = "accepted: all, N, N-M, ^N, ^N-M, comma-separated (e.g. 0-3,^1)";

/**
 * Reads a CPU list in xl's syntax (`all`, `3`, `0-3`, `^1`, comma-separated, applied
 * left to right) against a host with `pcpus` pCPUs. Also accepts what `xl vcpu-list`
 * and `xm vcpu-list` print for affinities: `none`, `any cpu`. `beyondHost` accepts
 * pCPU numbers past `pcpus` (a listing from a host bigger than the pool).
 *
 * @example
 * ```ts
 * readCpuList("0-3,^1", 8); // { ok: true, cpus: [0, 2, 3] }
 * readCpuList("9", 8);      // { ok: false, problem: "pCPU 9 does not exist; accepted: 0..7" }
 * ```
 */
export function readCpuList(
  text: string,
  pcpus: number,
  options: { readonly beyondHost?: boolean } = {},
): CpuListResult {
  const trimmed = text.trim();
  if (trimmed === "none") return { ok: true, cpus: [] };
  if (trimmed === "any cpu") return { ok: true, cpus: range(0, pcpus - 1) };
  if (trimmed === "") return { ok: false, problem: `empty CPU list; ${ACCEPTED}` };
  const chosen = new Set<number>();
  for (const rawToken of trimmed.split(",")) {
    const token = rawToken.trim();
    const exclude = token.startsWith("^");
    const body = exclude ? token.slice(1) : token;
    const span = readSpan(body, pcpus, options.beyondHost ?? false);
    if (!span.ok) return { ok: false, problem: `${JSON.stringify(token)}: ${span.problem}` };
    for (const cpu of span.cpus) {
      if (exclude) chosen.delete(cpu);
      else chosen.add(cpu);
    }
  }
  return { ok: true, cpus: [...chosen].sort((a, b) => a - b) };
}

function readSpan(body: string, pcpus: number, beyondHost: boolean): CpuListResult {
  if (body === "all") return { ok: true, cpus: range(0, pcpus - 1) };
  if (body.startsWith("nodes:") || body.startsWith("node:")) {
    return { ok: false, problem: `NUMA node lists are not supported here; ${ACCEPTED}` };
  }
  const match = /^(\d+)(?:-(\d+))?$/.exec(body);
  if (match === null) return { ok: false, problem: `not a CPU or range; ${ACCEPTED}` };
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (last < first) return { ok: false, problem: `range ends before it starts; ${ACCEPTED}` };
  if (last >= pcpus && !beyondHost) {
    return {
      ok: false,
      problem: `pCPU ${String(last)} does not exist; accepted: 0..${String(pcpus - 1)}`,
    };
  }
  return { ok: true, cpus: range(first, last) };
}

function range(first: number, last: number): number[] {
  const cpus: number[] = [];
  for (let cpu = first; cpu <= last; cpu += 1) cpus.push(cpu);
  return cpus;
}

/**
 * {@link readCpuList} for input: throws {@link PinningError} naming `path`.
 *
 * @example
 * ```ts
 * parseCpuList("2-3", 4, "domains[0].pinning"); // [2, 3]
 * ```
 */
export function parseCpuList(text: string, pcpus: number, path: string): readonly number[] {
  const result = readCpuList(text, pcpus);
  if (!result.ok) throw new PinningError(path, result.problem);
  return result.cpus;
}

/**
 * Writes pCPUs the way `xl vcpu-list` prints an affinity: `all` when every pCPU of
 * the host is in it, `none` when it is empty, otherwise ranges (`0-3,5`).
 *
 * @example
 * ```ts
 * formatCpuList([0, 1, 2, 3, 5], 8); // "0-3,5"
 * formatCpuList([0, 1, 2, 3], 4);    // "all"
 * ```
 */
export function formatCpuList(cpus: readonly number[], pcpus: number): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  if (sorted.length === 0) return "none";
  if (sorted.length === pcpus && sorted[0] === 0 && sorted[sorted.length - 1] === pcpus - 1) return "all";
  const parts: string[] = [];
  let start = sorted[0] ?? 0;
  let previous = start;
  for (const cpu of sorted.slice(1)) {
    if (cpu !== previous + 1) {
      parts.push(start === previous ? String(start) : `${String(start)}-${String(previous)}`);
      start = cpu;
    }
    previous = cpu;
  }
  parts.push(start === previous ? String(start) : `${String(start)}-${String(previous)}`);
  return parts.join(",");
}

/**
 * True when two CPU sets hold the same pCPUs.
 *
 * @example
 * ```ts
 * sameCpus([0, 1], [1, 0]); // true
 * ```
 */
export function sameCpus(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...a].sort((x, y) => x - y);
  const right = [...b].sort((x, y) => x - y);
  return left.every((cpu, index) => cpu === right[index]);
}
