import type { RetentionPolicy } from "./settings.js";

/**
 * A backup as retention sees it: an id and when it was taken.
 *
 * @example
 * ```ts
 * const candidates: RetentionCandidate[] = entries.map((entry) => ({ id: entry.id, time: entry.time }));
 * ```
 */
export interface RetentionCandidate {
  readonly id: string;
  readonly time: Date;
}

/**
 * Why a backup is kept.
 *
 * @example
 * ```ts
 * decision.keep.filter((kept) => kept.reason === "weekly");
 * ```
 */
export type KeepReason = "last" | "daily" | "weekly" | "monthly";

/**
 * What retention decided.
 *
 * @example
 * ```ts
 * const { keep, prune } = selectRetention(candidates, { last: 3, daily: 7, weekly: 0, monthly: 0 });
 * ```
 */
export interface RetentionDecision {
  /** Kept backups, newest first, each with the rule that kept it. */
  readonly keep: readonly { readonly id: string; readonly reason: KeepReason }[];
  /** Backups to prune, newest first. */
  readonly prune: readonly string[];
}

interface CalendarParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function calendarParts(time: Date, timeZone: string | undefined): CalendarParts {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(time);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { year: value("year"), month: value("month"), day: value("day") };
}

/** The ISO 8601 week (`2024-W03`) of a calendar date: weeks start on Monday; week 1 holds the first Thursday. */
function isoWeek({ year, month, day }: CalendarParts): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  date.setUTCDate(date.getUTCDate() - weekday + 3); // the Thursday of this week
  const weekYear = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 24 * 3600 * 1000));
  return `${String(weekYear)}-W${String(week).padStart(2, "0")}`;
}

/**
 * The period a backup falls in for a rule: `2024-01-15` (daily), `2024-W03`
 * (weekly), `2024-01` (monthly).
 *
 * @example
 * ```ts
 * periodOf(new Date("2024-12-30T10:00:00Z"), "weekly", "UTC"); // "2025-W01"
 * ```
 */
export function periodOf(time: Date, rule: Exclude<KeepReason, "last">, timeZone?: string): string {
  const parts = calendarParts(time, timeZone);
  const pad = (value: number) => String(value).padStart(2, "0");
  switch (rule) {
    case "daily":
      return `${String(parts.year)}-${pad(parts.month)}-${pad(parts.day)}`;
    case "weekly":
      return isoWeek(parts);
    case "monthly":
      return `${String(parts.year)}-${pad(parts.month)}`;
  }
}

/**
 * Chooses which backups to keep, as vzdump and Proxmox Backup Server do: the
 * rules run in the order last, daily, weekly, monthly; `last` keeps the N
 * newest; each period rule keeps the newest backup of each of the N newest
 * periods that have one, skipping periods already covered by a backup an
 * earlier rule kept (so a rule only ever reaches further back). Everything
 * not kept is pruned. With every count at 0 nothing is pruned: a policy that
 * keeps nothing is taken to mean "no retention", never "delete everything".
 * Periods are calendar days, ISO weeks and months in `timeZone`.
 *
 * @param timeZone an IANA zone such as `"Europe/Copenhagen"`. @default the system's
 * @example
 * ```ts
 * const decision = selectRetention(backups, { last: 2, daily: 7, weekly: 4, monthly: 6 });
 * decision.prune; // ids to remove
 * ```
 */
export function selectRetention(
  backups: readonly RetentionCandidate[],
  policy: RetentionPolicy,
  timeZone?: string,
): RetentionDecision {
  const newestFirst = [...backups].sort(
    (a, b) => b.time.getTime() - a.time.getTime() || (a.id < b.id ? 1 : -1),
  );
  if (policy.last + policy.daily + policy.weekly + policy.monthly === 0) {
    return { keep: newestFirst.map(({ id }) => ({ id, reason: "last" as const })), prune: [] };
  }
  const kept = new Map<string, KeepReason>();
  newestFirst.slice(0, policy.last).forEach(({ id }) => kept.set(id, "last"));
  for (const rule of ["daily", "weekly", "monthly"] as const) {
    const count = policy[rule];
    if (count === 0) continue;
    const covered = new Set(
      newestFirst.filter(({ id }) => kept.has(id)).map(({ time }) => periodOf(time, rule, timeZone)),
    );
    const chosen = new Set<string>();
    for (const backup of newestFirst) {
      if (kept.has(backup.id)) continue;
      const period = periodOf(backup.time, rule, timeZone);
      if (covered.has(period) || chosen.has(period)) continue;
      if (chosen.size >= count) break;
      chosen.add(period);
      kept.set(backup.id, rule);
    }
  }
  return {
    keep: newestFirst.flatMap(({ id }) => {
      const reason = kept.get(id);
      return reason === undefined ? [] : [{ id, reason }];
    }),
    prune: newestFirst.filter(({ id }) => !kept.has(id)).map(({ id }) => id),
  };
}
