import { applyPlan, plan, step, type CommandRunner, type Plan, type Step } from "@dom0kit/runner";
import type { BackupEntry } from "./catalog.js";
import { BackupError } from "./errors.js";
import { PRUNING_SUFFIX } from "./layout.js";
import { selectRetention, type KeepReason } from "./retention.js";
import type { RetentionPolicy } from "./settings.js";

/**
 * One thing prune removes, and why.
 *
 * @example
 * ```ts
 * for (const removal of prune.remove) console.log(removal.id, removal.why);
 * ```
 */
export interface PruneRemoval {
  readonly id: string;
  readonly path: string;
  readonly status: BackupEntry["status"];
  readonly why: string;
}

/**
 * What prune will do for one domain: the decision, and the plan that carries it out.
 *
 * @example
 * ```ts
 * const prune: PrunePlan = planPrune("vm1", entries, settings.keep); console.log(prune.keep);
 * ```
 */
export interface PrunePlan {
  readonly domain: string;
  /** Finished backups kept, newest first, with the rule that kept each. */
  readonly keep: readonly { readonly id: string; readonly reason: KeepReason }[];
  readonly remove: readonly PruneRemoval[];
  /** Entries prune will not touch, and why (a finished-looking backup without a valid manifest). */
  readonly untouched: readonly { readonly id: string; readonly path: string; readonly why: string }[];
  /** `mv DIR DIR.pruning` then `rm -rf DIR.pruning` for each removal: never a half-deleted backup under a finished name. */
  readonly plan: Plan;
}

function removalSteps(removal: PruneRemoval): Step[] {
  if (removal.status === "complete") {
    const doomed = `${removal.path}${PRUNING_SUFFIX}`;
    return [
      step(`retire backup ${removal.id} (${removal.why})`, ["mv", "-T", "--", removal.path, doomed]),
      step(`delete backup ${removal.id}`, ["rm", "-rf", "--", doomed]),
    ];
  }
  return [
    step(`delete ${removal.status} entry ${removal.id} (${removal.why})`, ["rm", "-rf", "--", removal.path]),
  ];
}

/**
 * Plans pruning for one domain's entries (from {@link listBackups}):
 * finished backups the retention policy does not keep, leftovers of killed
 * runs (`.partial`, `.pruning`), and failure reports older than the newest
 * finished backup. A finished-looking backup with a damaged manifest is
 * never deleted automatically. Run only while holding the domain's lock
 * (a `.partial` entry may otherwise be a backup in progress).
 *
 * @example
 * ```ts
 * const prune = planPrune("vm1", await listBackups("/srv/backup", "vm1"), { last: 3, daily: 7, weekly: 4, monthly: 0 });
 * prune.remove.map((each) => each.id); // what a dry run lists
 * ```
 */
export function planPrune(
  domain: string,
  entries: readonly BackupEntry[],
  policy: RetentionPolicy,
  timeZone?: string,
): PrunePlan {
  const mine = entries.filter((entry) => entry.domain === domain);
  const complete = mine.filter((entry) => entry.status === "complete");
  const decision = selectRetention(complete, policy, timeZone);
  const newestComplete = complete.reduce<Date | undefined>(
    (newest, entry) => (newest === undefined || entry.time > newest ? entry.time : newest),
    undefined,
  );
  const remove: PruneRemoval[] = [];
  const untouched: PrunePlan["untouched"][number][] = [];
  for (const entry of mine) {
    const base = { id: entry.id, path: entry.path, status: entry.status };
    switch (entry.status) {
      case "complete":
        if (decision.prune.includes(entry.id))
          remove.push({ ...base, why: "not kept by the retention policy" });
        break;
      case "partial":
        remove.push({ ...base, why: "left by a backup that did not finish" });
        break;
      case "pruning":
        remove.push({ ...base, why: "left by a prune that did not finish" });
        break;
      case "failed":
        if (newestComplete !== undefined && entry.time < newestComplete) {
          remove.push({ ...base, why: "a failure report older than the newest finished backup" });
        }
        break;
      case "damaged":
        untouched.push({ id: entry.id, path: entry.path, why: entry.problem ?? "its manifest is not valid" });
        break;
    }
  }
  return {
    domain,
    keep: decision.keep,
    remove,
    untouched,
    plan: plan(`prune ${domain}'s backups`, remove.flatMap(removalSteps)),
  };
}

/**
 * Carries out a prune plan with a local runner (the archives live where
 * dom0kit runs).
 *
 * @throws {@link BackupError} `BACKUP_STEP_FAILED` naming the step that failed.
 * @example
 * ```ts
 * await applyPrune(prune, new ExecaRunner());
 * ```
 */
export async function applyPrune(prune: PrunePlan, localRunner: CommandRunner): Promise<void> {
  const report = await applyPlan(prune.plan, localRunner);
  if (report.status === "succeeded") return;
  const failed = report.failedStep;
  throw new BackupError(
    "BACKUP_STEP_FAILED",
    `prune ${prune.domain}: ${failed?.action.description ?? "a step"} failed: ${failed?.error?.message ?? report.status}`,
    { domain: prune.domain, step: failed?.action.description ?? "prune", cause: failed?.error },
  );
}
