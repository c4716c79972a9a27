import { compressCommand, readCommand, type BackupPlan, type BackupSettings } from "@dom0kit/backup";
import { formatCommand, type Action, type Command } from "@dom0kit/runner";
import { planToJson, type ActionJson, type PlanJson } from "../plan-json.js";

/** One disk's data stream as JSON: what is read on the host, how, and which archive it becomes. */
export interface BackupCopyJson {
  readonly vdev: string;
  readonly source: string;
  readonly method: string;
  readonly readPath: string;
  readonly archive: string;
  /** The reader, run on the host. */
  readonly read: { readonly argv: readonly string[]; readonly command: string };
  /** The compressor, run where dom0kit runs (absent for `none`). */
  readonly compress?: { readonly argv: readonly string[]; readonly command: string };
}

/** A planned backup as JSON for `--json --dry-run`: the host plans in the CLI's plan shape, and the copies. */
export interface BackupPlanJson {
  readonly domain: string;
  readonly id: string;
  readonly mode: string;
  readonly domainState: string;
  readonly notes: readonly string[];
  /** Save, snapshots, paused copies and unpause, each with its undo. */
  readonly freeze: PlanJson;
  readonly copies: readonly BackupCopyJson[];
  /** The RAM state file on the host and its archive, when the domain's RAM is saved. */
  readonly state?: { readonly path: string; readonly archive: string };
  /** Run after the copies whatever happened: snapshots and temporary copies removed. */
  readonly release: PlanJson;
  readonly removeState?: ActionJson;
}

function commandJson(command: Command): { argv: string[]; command: string } {
  return { argv: [command.file, ...command.args], command: formatCommand(command) };
}

function actionJson(action: Action): ActionJson {
  return { description: action.description, ...commandJson(action.command) };
}

/**
 * A planned backup as plain data: what `dom0kit --json --dry-run backup run`
 * prints, one object per domain.
 *
 * @example
 * ```ts
 * out.json(backupPlanToJson(planBackup(input), settings));
 * ```
 */
export function backupPlanToJson(backup: BackupPlan, settings: BackupSettings): BackupPlanJson {
  const compress = compressCommand(backup.compression);
  return {
    domain: backup.domain,
    id: backup.id,
    mode: backup.mode,
    domainState: backup.domainState,
    notes: backup.notes,
    freeze: planToJson(backup.freeze),
    copies: backup.copies.map((copy) => ({
      vdev: copy.disk.vdev,
      source: copy.disk.source,
      method: copy.method,
      readPath: copy.readPath,
      archive: copy.archive,
      read: commandJson(readCommand(copy.readPath, settings)),
      ...(compress === undefined ? {} : { compress: commandJson(compress) }),
    })),
    ...(backup.state === undefined ? {} : { state: backup.state }),
    release: planToJson(backup.release),
    ...(backup.removeState === undefined ? {} : { removeState: actionJson(backup.removeState) }),
  };
}
