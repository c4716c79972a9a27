/**
 * Formats a set of CPUs the way xl's print_bitmap does over `count` bits:
 * `all` when every bit is set, `none` when none is, else ranges (`0-3,6`).
 *
 * @example
 * ```ts
 * formatCpuMap(new Set([0, 1, 2, 5]), 8); // "0-2,5"
 * formatCpuMap(new Set([0, 1, 2, 3]), 4); // "all"
 * ```
 */
export function formatCpuMap(cpus: ReadonlySet<number>, count: number): string {
  const runs: [number, number][] = [];
  for (let cpu = 0; cpu < count; cpu += 1) {
    if (!cpus.has(cpu)) continue;
    const last = runs.at(-1);
    if (last !== undefined && last[1] === cpu - 1) last[1] = cpu;
    else runs.push([cpu, cpu]);
  }
  if (runs.length === 0) return "none";
  if (runs.length === 1 && runs[0]?.[0] === 0 && runs[0][1] === count - 1) return "all";
  return runs.map(([from, to]) => (from === to ? String(from) : `${String(from)}-${String(to)}`)).join(",");
}

/** Result of {@link parseCpuRange}. */
export type CpuRangeResult =
  { readonly ok: true; readonly cpus: Set<number> } | { readonly ok: false; readonly message: string };

/**
 * Parses an xl CPU range (`all`, `0-3,^1`, `nodes:0`), like xl's parse_cpurange:
 * items separated by commas; `^` removes; node 0 is every CPU (one NUMA node).
 *
 * @example
 * ```ts
 * parseCpuRange("0-3,^1", 8); // { ok: true, cpus: Set {0, 2, 3} }
 * ```
 */
export function parseCpuRange(text: string, count: number): CpuRangeResult {
  const cpus = new Set<number>();
  const invalid = { ok: false as const, message: `Invalid pcpu range: ${text}.` };
  const items = text.split(",");
  for (const raw of items) {
    const negate = raw.startsWith("^");
    const item = negate ? raw.slice(1) : raw;
    if (item === "all") {
      if (negate) return { ok: false, message: `Can't combine "^" and "all".` };
      for (let cpu = 0; cpu < count; cpu += 1) cpus.add(cpu);
      continue;
    }
    const node = /^nodes?:(\d+)(?:-(\d+))?$/.exec(item);
    if (node !== null) {
      if (Number(node[1]) !== 0) return invalid;
      for (let cpu = 0; cpu < count; cpu += 1) {
        if (negate) cpus.delete(cpu);
        else cpus.add(cpu);
      }
      continue;
    }
    const range = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (range === null) return invalid;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) return invalid;
    for (let cpu = from; cpu <= to; cpu += 1) {
      if (negate) cpus.delete(cpu);
      else cpus.add(cpu);
    }
  }
  return { ok: true, cpus };
}

/** Normalises an affinity to the form it is stored in: what {@link formatCpuMap} prints. */
export function normalizeAffinity(text: string, count: number): string | undefined {
  const parsed = parseCpuRange(text, count);
  if (!parsed.ok) return undefined;
  return formatCpuMap(new Set([...parsed.cpus].filter((cpu) => cpu < count)), count);
}
