import type { ActionOutcome, CommandRunner } from "@dom0kit/runner";
import { readDomain, readLogicalVolumes } from "./host-facts.js";
import type { BackupPlan } from "./plan-backup.js";
import { messageOf } from "./stream-failure.js";

/**
 * What a failed backup left on the host, checked after the cleanup.
 *
 * @example
 * ```ts
 * const { clean, lines } = await inspectAftermath(runner, backupPlan);
 * ```
 */
export interface Aftermath {
  /** One line per fact: what was undone, the domain's state, what remains. */
  readonly lines: readonly string[];
  /** True when the domain is in the state it was in before, and nothing the backup made remains. */
  readonly clean: boolean;
}

/**
 * Describes the undo and cleanup actions that ran, one line each.
 *
 * @example
 * ```ts
 * describeOutcomes(report.undone); // ["undone: unpause vm1", "undo FAILED: remove snapshot vg0/… (lvremove … exit 5)"]
 * ```
 */
export function describeOutcomes(outcomes: readonly ActionOutcome[]): string[] {
  return outcomes.map((outcome) => {
    const label = outcome.phase === "undo" ? "undone" : "cleaned up";
    return outcome.status === "succeeded"
      ? `${label}: ${outcome.action.description}`
      : `${outcome.phase === "undo" ? "undo" : "cleanup"} FAILED: ${outcome.action.description} (${outcome.error?.message ?? outcome.status})`;
  });
}

/**
 * Looks at the host after a failed backup and its cleanup: is the domain
 * back in the state it was in (running stays running, paused stays paused,
 * stopped stays stopped), and does any snapshot or copy of this backup
 * remain? Says what to do when something is wrong.
 *
 * @example
 * ```ts
 * const after = await inspectAftermath(runner, backupPlan);
 * if (!after.clean) console.error(after.lines.join("\n"));
 * ```
 */
export async function inspectAftermath(runner: CommandRunner, backup: BackupPlan): Promise<Aftermath> {
  const lines: string[] = [];
  let clean = true;
  if (backup.domainState === "stopped") {
    lines.push(`${backup.domain} was not running, and the backup did not touch it`);
  } else {
    try {
      const entry = await readDomain(runner, backup.domain);
      const now = entry?.state ?? "stopped";
      if (now === backup.expectedStateAfter) {
        lines.push(`${backup.domain} is ${now}`);
      } else {
        clean = false;
        const fix =
          now === "paused"
            ? `resume it: xl unpause ${backup.domain}`
            : backup.state !== undefined
              ? `restore it from the saved state, kept at ${backup.state.path}: xl restore ${backup.state.path}`
              : `start it: xl create /etc/xen/${backup.domain}.cfg`;
        lines.push(
          `${backup.domain} is ${now}, but was ${backup.expectedStateAfter} before the backup: ${fix}`,
        );
      }
    } catch (error) {
      clean = false;
      lines.push(`could not read ${backup.domain}'s state afterwards: ${messageOf(error)}`);
    }
  }
  const snapshots = backup.copies.flatMap((copy) => (copy.snapshot === undefined ? [] : [copy.snapshot]));
  if (snapshots.length > 0) {
    try {
      const volumes = await readLogicalVolumes(runner);
      const left = snapshots.filter((snap) =>
        volumes.some((lv) => lv.vg === snap.vg && lv.name === snap.name),
      );
      if (left.length === 0) lines.push("no snapshot remains");
      for (const snap of left) {
        clean = false;
        lines.push(
          `snapshot ${snap.vg}/${snap.name} remains: remove it with lvremove -f ${snap.vg}/${snap.name}`,
        );
      }
    } catch (error) {
      clean = false;
      lines.push(`could not list snapshots afterwards: ${messageOf(error)}`);
    }
  }
  return { lines, clean };
}
