import { XenCpuSpecError } from "./errors.js";

/**
 * One comma-separated part of a `cpus` string.
 *
 * @example
 * ```ts
 * const item: CpuSpecItem = { kind: "range", nodes: false, exclude: true, from: 1, to: 1 }; // "^1"
 * ```
 */
export type CpuSpecItem =
  | { readonly kind: "all"; readonly nodes: boolean }
  | {
      readonly kind: "range";
      /** `node:`/`nodes:` — the numbers are NUMA nodes, not cpus. */
      readonly nodes: boolean;
      /** `^` — remove these instead of adding them. */
      readonly exclude: boolean;
      readonly from: number;
      readonly to: number;
    };

/**
 * A `cpus` / `cpus_soft` value (or one element of their list form) as xl's
 * `parse_cpurange` reads it: comma-separated cpus (`3`), ranges (`0-3`),
 * exclusions (`^1`), NUMA nodes (`nodes:0-1`, `^node:2`) and `all`; applied
 * left to right.
 *
 * @example
 * ```ts
 * parseCpuSpec("0-3,^1").items; // [{ kind: "range", from: 0, to: 3, … }, { kind: "range", exclude: true, from: 1, to: 1, … }]
 * ```
 */
export interface CpuSpec {
  readonly text: string;
  readonly items: readonly CpuSpecItem[];
}

const RANGE = /^[ \t\n\v\f\r]*\+?(\d+)(?:-[ \t\n\v\f\r]*\+?(\d+))?$/;

/**
 * Parses a `cpus` string as xl does. Throws {@link XenCpuSpecError} where xl
 * refuses it (and for negative numbers, which xl wraps around to cpus that do
 * not exist).
 *
 * @example
 * ```ts
 * parseCpuSpec("all");
 * parseCpuSpec("nodes:0,^3");
 * parseCpuSpec("^all"); // throws: "^" cannot be combined with "all"
 * ```
 */
export function parseCpuSpec(text: string): CpuSpec {
  const items: CpuSpecItem[] = [];
  for (const piece of text.split(",")) {
    if (piece === "") continue;
    let rest = piece;
    const exclude = rest.startsWith("^");
    if (exclude) rest = rest.slice(1);
    let nodes = false;
    for (const prefix of ["node:", "nodes:"]) {
      if (rest.startsWith(prefix)) {
        nodes = true;
        rest = rest.slice(prefix.length);
        break;
      }
    }
    if (rest === "all") {
      if (exclude) throw new XenCpuSpecError(text, '"^" cannot be combined with "all"');
      items.push({ kind: "all", nodes });
      continue;
    }
    const match = RANGE.exec(rest);
    if (!match?.[1]) {
      throw new XenCpuSpecError(text, `invalid pcpu range \`${piece}\`: write N, N-M, ^N, nodes:N-M or all`);
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from) {
      throw new XenCpuSpecError(text, `invalid pcpu range \`${piece}\`: the end must not be below the start`);
    }
    items.push({ kind: "range", nodes, exclude, from, to });
  }
  return { text, items };
}

/**
 * The machine's cpus, and which belong to each NUMA node.
 *
 * @example
 * ```ts
 * const topology: CpuTopology = { cpus: 8, nodes: [[0, 1, 2, 3], [4, 5, 6, 7]] };
 * ```
 */
export interface CpuTopology {
  /** Number of physical cpus (0 … cpus-1). */
  readonly cpus: number;
  /** cpus of node i at index i. @default one node holding every cpu */
  readonly nodes?: readonly (readonly number[])[];
}

/**
 * The set of physical cpus a spec selects on a given machine (cpus beyond the
 * machine are dropped, as libxl does).
 *
 * @example
 * ```ts
 * cpusOf(parseCpuSpec("0-3,^1"), { cpus: 8 }); // Set {0, 2, 3}
 * ```
 */
export function cpusOf(spec: CpuSpec, topology: CpuTopology): Set<number> {
  const nodes = topology.nodes ?? [Array.from({ length: topology.cpus }, (_, cpu) => cpu)];
  const selected = new Set<number>();
  for (const item of spec.items) {
    if (item.kind === "all") {
      for (let cpu = 0; cpu < topology.cpus; cpu++) selected.add(cpu);
      continue;
    }
    const last = Math.min(item.to, item.nodes ? nodes.length - 1 : topology.cpus - 1);
    for (let index = item.from; index <= last; index++) {
      for (const cpu of item.nodes ? (nodes[index] ?? []) : [index]) {
        if (item.exclude) selected.delete(cpu);
        else selected.add(cpu);
      }
    }
  }
  return selected;
}

/**
 * Writes items back as a `cpus` string.
 *
 * @example
 * ```ts
 * renderCpuSpec([{ kind: "range", nodes: false, exclude: false, from: 0, to: 3 }]); // "0-3"
 * ```
 */
export function renderCpuSpec(items: readonly CpuSpecItem[]): string {
  return items
    .map((item) => {
      if (item.kind === "all") return item.nodes ? "nodes:all" : "all";
      const range = item.from === item.to ? String(item.from) : `${String(item.from)}-${String(item.to)}`;
      return `${item.exclude ? "^" : ""}${item.nodes ? "nodes:" : ""}${range}`;
    })
    .join(",");
}
