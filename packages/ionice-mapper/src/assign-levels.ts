import { formatIoPriority, ioPriority, type PlannedIoPriority } from "./io-priority.js";
import type { IoDomain, IoPolicy } from "./policy.js";

/** How a domain's priority was decided. */
export type AssignmentRule = "rank" | "quantile" | "fixed" | "idle" | "realtime";

/** The priority one domain gets, and why. */
export interface DomainAssignment {
  readonly name: string;
  readonly allocation: number;
  readonly priority: PlannedIoPriority;
  readonly rule: AssignmentRule;
  /** 1-based rank of the allocation among the distinct ranked allocations (ranked domains only). */
  readonly rank?: number;
  /** One sentence for people: why this level. */
  readonly explanation: string;
}

/** dom0 housekeeping's priority. */
export interface HousekeepingAssignment {
  readonly priority: PlannedIoPriority;
  readonly processNames: readonly string[];
  readonly explanation: string;
}

/** Every domain's priority (in policy order), housekeeping's, and warnings about the result. */
export interface IoAssignment {
  readonly domains: readonly DomainAssignment[];
  readonly housekeeping: HousekeepingAssignment;
  /** Distinct allocations among ranked domains. */
  readonly groups: number;
  /** Levels available to ranked domains (`endLevel − startLevel + 1`). */
  readonly levels: number;
  /** `rank`: one level per allocation; `quantile`: more allocations than levels. */
  readonly spread: "rank" | "quantile";
  readonly warnings: readonly string[];
}

/**
 * English ordinal: 1st, 2nd, 3rd, 4th, 11th, 22nd.
 *
 * @example
 * ```ts
 * ordinal(22); // "22nd"
 * ```
 */
export function ordinal(value: number): string {
  const tens = value % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][value % 10] ?? "th");
  return `${String(value)}${suffix}`;
}

function isRanked(domain: IoDomain): boolean {
  return domain.ioClass !== "idle" && domain.ioClass !== "realtime" && domain.level === undefined;
}

function fixedAssignment(domain: IoDomain): DomainAssignment {
  const base = { name: domain.name, allocation: domain.allocation };
  if (domain.ioClass === "idle")
    return {
      ...base,
      priority: ioPriority("idle"),
      rule: "idle",
      explanation: "idle class on request: served only when no other process wants the disk",
    };
  if (domain.ioClass === "realtime") {
    const level = domain.level ?? 7;
    return {
      ...base,
      priority: ioPriority("realtime", level),
      rule: "realtime",
      explanation: `realtime level ${String(level)}, forced by the policy (allowRealtime): served before every best-effort process`,
    };
  }
  const level = domain.level ?? 0;
  return {
    ...base,
    priority: ioPriority("best-effort", level),
    rule: "fixed",
    explanation: `level ${String(level)} fixed by the policy, not ranked`,
  };
}

interface Group {
  readonly allocation: number;
  readonly names: readonly string[];
}

function groupByAllocation(domains: readonly IoDomain[]): Group[] {
  const byAllocation = new Map<number, string[]>();
  for (const domain of domains) {
    const names = byAllocation.get(domain.allocation) ?? [];
    names.push(domain.name);
    byAllocation.set(domain.allocation, names);
  }
  return [...byAllocation.entries()]
    .sort(([a], [b]) => b - a)
    .map(([allocation, names]) => ({ allocation, names }));
}

function sharedWith(group: Group, name: string): string {
  const others = group.names.filter((each) => each !== name);
  return others.length === 0 ? "" : `, equal to ${others.join(", ")}`;
}

function rankedExplanation(group: Group, index: number, total: number, level: number, name: string): string {
  const position =
    total === 1
      ? `allocation ${String(group.allocation)} is the only one`
      : index === 0
        ? `allocation ${String(group.allocation)} is the largest of ${String(total)}`
        : `allocation ${String(group.allocation)} ranks ${ordinal(index + 1)} of ${String(total)}`;
  return `${position}${sharedWith(group, name)} → level ${String(level)}`;
}

function quantileExplanation(
  groups: readonly Group[],
  index: number,
  levelOf: (index: number) => number,
  startLevel: number,
  endLevel: number,
  name: string,
): string {
  const group = groups[index] as Group;
  const level = levelOf(index);
  const sameLevel = groups.map((_, each) => each).filter((each) => levelOf(each) === level);
  const first = sameLevel[0] ?? index;
  const last = sameLevel.at(-1) ?? index;
  const band =
    first === last
      ? `rank ${String(first + 1)} alone`
      : `ranks ${String(first + 1)}–${String(last + 1)} (allocations ${String(groups[first]?.allocation)}–${String(groups[last]?.allocation)})`;
  return (
    `allocation ${String(group.allocation)} ranks ${ordinal(index + 1)} of ${String(groups.length)}${sharedWith(group, name)}; ` +
    `${String(groups.length)} allocations share ${String(endLevel - startLevel + 1)} levels (${String(startLevel)}–${String(endLevel)}) by quantile, ` +
    `so ${band} take level ${String(level)}`
  );
}

function housekeepingOf(policy: IoPolicy): HousekeepingAssignment {
  const { housekeeping } = policy;
  const priority =
    housekeeping.ioClass === "idle" ? ioPriority("idle") : ioPriority("best-effort", housekeeping.level);
  const explanation =
    housekeeping.ioClass === "idle"
      ? "dom0 housekeeping (backups) in the idle class: only when no domain wants the disk"
      : `dom0 housekeeping (backups) at level ${String(housekeeping.level)}`;
  return { priority, processNames: housekeeping.processNames, explanation };
}

function outranks(housekeeping: PlannedIoPriority, domain: PlannedIoPriority): boolean {
  return (
    housekeeping.ioClass === "best-effort" &&
    domain.ioClass === "best-effort" &&
    housekeeping.level < domain.level
  );
}

/**
 * Maps CPU allocations to I/O priorities. Ranked domains are grouped by
 * allocation (equal allocations, equal levels) and ordered largest first: the
 * largest gets `startLevel`, the next `startLevel + 1`, and so on. With more
 * distinct allocations than levels between `startLevel` and `endLevel`, ranks are
 * spread over the levels by quantile (`level = start + ⌊rank × levels / groups⌋`),
 * so every level is used and order is kept. Domains with `ioClass` or `level`
 * set keep what they asked for. Housekeeping gets its own level; a warning says
 * when it outranks a domain.
 *
 * @example
 * ```ts
 * const assignment = assignIoLevels(
 *   parseIoPolicy({ domains: [{ name: "big", allocation: 2048 }, { name: "small", allocation: 512 }] }),
 * );
 * assignment.domains.map((each) => each.priority.level); // [0, 1]
 * ```
 */
export function assignIoLevels(policy: IoPolicy): IoAssignment {
  const { startLevel, endLevel } = policy;
  const groups = groupByAllocation(policy.domains.filter(isRanked));
  const levels = endLevel - startLevel + 1;
  const spread = groups.length > levels ? "quantile" : "rank";
  const levelOf = (index: number): number =>
    spread === "rank" ? startLevel + index : startLevel + Math.floor((index * levels) / groups.length);
  const groupIndex = new Map<string, number>();
  for (const [index, group] of groups.entries()) for (const name of group.names) groupIndex.set(name, index);

  const domains = policy.domains.map((domain): DomainAssignment => {
    const index = groupIndex.get(domain.name);
    if (index === undefined) return fixedAssignment(domain);
    const level = levelOf(index);
    const group = groups[index] as Group;
    return {
      name: domain.name,
      allocation: domain.allocation,
      priority: ioPriority("best-effort", level),
      rule: spread,
      rank: index + 1,
      explanation:
        spread === "rank"
          ? rankedExplanation(group, index, groups.length, level, domain.name)
          : quantileExplanation(groups, index, levelOf, startLevel, endLevel, domain.name),
    };
  });

  const housekeeping = housekeepingOf(policy);
  const outranked = domains.filter((domain) => outranks(housekeeping.priority, domain.priority));
  const warnings =
    outranked.length === 0
      ? []
      : [
          `housekeeping (${formatIoPriority(housekeeping.priority)}) outranks ${outranked
            .map((domain) => `${domain.name} (${formatIoPriority(domain.priority)})`)
            .join(", ")}: backups will take disk time before these domains; ` +
            "lower housekeeping to 7 or the idle class, or raise endLevel",
        ];
  return { domains, housekeeping, groups: groups.length, levels, spread, warnings };
}
