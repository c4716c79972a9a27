import { basename, dirname, join } from "node:path";
import { action, plan, step, type Action, type Command, type Plan, type Step } from "@dom0kit/runner";
import { compactBackupId } from "./backup-id.js";
import { compressionChoice, type CompressionChoice } from "./compression.js";
import type { DomainDisk } from "./domain-disk.js";
import { BackupError } from "./errors.js";
import { diskArchiveName, stateArchiveName } from "./layout.js";
import { isDomainName } from "./names.js";
import type { BackupMode, BackupSettings } from "./settings.js";
import type { DomainRunState } from "./xl-list.js";

/**
 * How a disk's data is taken.
 *
 * @example
 * ```ts
 * backupPlan.copies.filter((copy) => copy.method === "paused-copy");
 * ```
 */
export type CopyMethod =
  /** An LVM snapshot, read after the domain runs again. */
  | "snapshot"
  /** A copy made while the domain was paused (file-backed disks; devices with `copy-while-paused`). */
  | "paused-copy"
  /** Read in place: the domain is not running, so nothing writes to it. */
  | "direct";

/**
 * One disk's data stream: what to read on the host and which archive it becomes.
 *
 * @example
 * ```ts
 * for (const copy of backupPlan.copies) console.log(copy.disk.vdev, copy.readPath, copy.archive);
 * ```
 */
export interface DiskCopy {
  readonly disk: DomainDisk;
  readonly method: CopyMethod;
  /** The host path the copy reads: the snapshot, the paused copy, or the source itself. */
  readonly readPath: string;
  /** The archive file name in the backup directory. */
  readonly archive: string;
  /** For `snapshot`: the snapshot's volume group and name (checked for validity after the copy). */
  readonly snapshot?: { readonly vg: string; readonly name: string };
}

/**
 * A backup, planned: the host steps with their undo, the data streams, and the cleanup.
 *
 * @example
 * ```ts
 * const backupPlan: BackupPlan = planBackup(input); renderScript(backupPlan.freeze);
 * ```
 */
export interface BackupPlan {
  readonly domain: string;
  readonly id: string;
  readonly mode: BackupMode;
  /** The domain's state when the plan was made. */
  readonly domainState: DomainRunState;
  readonly compression: CompressionChoice;
  /**
   * Host steps that take the consistent image: save, snapshots, paused copies,
   * unpause or restore. Every step that pauses or stops the domain, or creates
   * something, carries its undo, registered before it runs.
   */
  readonly freeze: Plan;
  /** The disks' data streams, in order. */
  readonly copies: readonly DiskCopy[];
  /** The RAM state file on the host (consistent and legacy modes of a live domain), streamed like a disk. */
  readonly state?: { readonly path: string; readonly archive: string };
  /** The state the domain must be in after the freeze plan. */
  readonly expectedStateAfter: DomainRunState;
  /**
   * Run after the copies, whether they succeeded or not: remove every
   * snapshot (with retries) and temporary copy.
   */
  readonly release: Plan;
  /**
   * Removes the RAM state file. The executor runs it once the state is
   * archived or the backup failed — and, in legacy mode, only when the domain
   * is seen running again (until then the file is the domain's only copy).
   */
  readonly removeState?: Action;
  /** Things an admin should know about this plan, one line each. */
  readonly notes: readonly string[];
}

/**
 * What {@link planBackup} needs: facts read from the host, and the settings.
 *
 * @example
 * ```ts
 * const input: BackupPlanInput = { domain: "vm1", id: backupIdFor(new Date()), state: "running", disks, settings };
 * ```
 */
export interface BackupPlanInput {
  readonly domain: string;
  /** The backup id ({@link backupIdFor} of the start time). */
  readonly id: string;
  readonly state: DomainRunState;
  readonly disks: readonly DomainDisk[];
  readonly settings: BackupSettings;
}

const LVREMOVE_RETRY = { attempts: 5, delayMs: 1000 } as const;

/**
 * The name of the snapshot a backup takes of an LV:
 * `<lv>-dom0kit-<compact id>` (recognisable, so a leftover can be found).
 *
 * @example
 * ```ts
 * snapshotName("vm1-disk", "2024-01-15T12-00-00.000Z"); // "vm1-disk-dom0kit-20240115T120000000"
 * ```
 */
export function snapshotName(lv: string, id: string): string {
  return `${lv}-dom0kit-${compactBackupId(id)}`;
}

/**
 * Matches snapshot names made by {@link snapshotName}.
 *
 * @example
 * ```ts
 * SNAPSHOT_NAME_PATTERN.test("vm1-disk-dom0kit-20240115T120000000"); // true
 * ```
 */
export const SNAPSHOT_NAME_PATTERN = /-dom0kit-\d{8}T\d{9}$/;

/**
 * The command that reads a disk on the host at the backup's I/O priority:
 * `ionice -c 2 -n 7 dd if=PATH bs=4M status=none`.
 *
 * @example
 * ```ts
 * readCommand("/dev/vg0/snap", { ioniceClass: "idle", ioniceLevel: 7 }).args.slice(0, 2); // ["-c", "3"]
 * ```
 */
export function readCommand(
  path: string,
  settings: Pick<BackupSettings, "ioniceClass" | "ioniceLevel">,
): Command {
  const priority =
    settings.ioniceClass === "idle" ? ["-c", "3"] : ["-c", "2", "-n", String(settings.ioniceLevel)];
  return { file: "ionice", args: [...priority, "dd", `if=${path}`, "bs=4M", "status=none"] };
}

function refuse(domain: string, disk: DomainDisk, why: string, instead: string): never {
  throw new BackupError(
    "BACKUP_DISK_REFUSED",
    `cannot back up ${domain}'s disk ${disk.vdev} (${disk.source}): ${why}; ${instead}`,
    { domain, path: disk.source, step: "plan" },
  );
}

/** Where a file-backed disk is copied while the domain is paused: next to the image, so `--reflink` can share blocks. */
function pausedFileCopyPath(source: string, id: string): string {
  return join(dirname(source), `.${basename(source)}.dom0kit-${compactBackupId(id)}`);
}

/**
 * Plans a backup of one domain (pure: the facts come from the host first).
 *
 * - **consistent** (default), domain running: `xl save -p` (RAM state; the
 *   domain stays paused, same domid) → `lvcreate -s` of each LV → copy each
 *   file disk with `cp --reflink=auto --sparse=always` → `xl unpause`. The
 *   downtime is the save plus the snapshots and copies.
 * - **legacy**: the field recipe — `xl save` (the domain is destroyed) →
 *   snapshots and copies → `xl restore` (a new domid).
 * - **live**: LV snapshots only, no pause: crash-consistent; file disks and
 *   other devices are refused, since they cannot be snapshotted.
 * - A domain that is **stopped** is read in place without save; a **paused**
 *   one is left paused.
 *
 * @throws {@link BackupError} `BACKUP_DISK_REFUSED` for a disk the mode cannot copy safely, `BACKUP_INPUT_INVALID` for a bad name or an empty disk list.
 * @example
 * ```ts
 * const backup = planBackup({
 *   domain: "vm1",
 *   id: "2024-01-15T12-00-00.000Z",
 *   state: "running",
 *   disks: [{ vdev: "xvda", source: "/dev/vg0/vm1-disk", kind: "lv", vg: "vg0", lv: "vm1-disk" }],
 *   settings: parseBackupSettings({ dir: "/srv/backup" }),
 * });
 * backup.freeze.steps.map((each) => each.description);
 * // ["prepare /var/lib/xen/save", "save vm1 and leave it paused", "snapshot vg0/vm1-disk", "unpause vm1"]
 * ```
 */
export function planBackup(input: BackupPlanInput): BackupPlan {
  const { domain, id, state, disks, settings } = input;
  if (!isDomainName(domain)) {
    throw new BackupError("BACKUP_INPUT_INVALID", `invalid domain name ${JSON.stringify(domain)}`, {
      domain,
    });
  }
  if (disks.length === 0) {
    throw new BackupError("BACKUP_INPUT_INVALID", `${domain} has no disks to back up`, { domain });
  }
  const mode = settings.mode;
  const compression = compressionChoice(
    settings.compression,
    settings.compressionLevel,
    settings.compressionThreads,
  );
  const live = state !== "stopped";
  const saves = live && mode !== "live";
  const notes: string[] = [];
  const steps: Step[] = [];
  const cleanup: Action[] = [];
  const copies: DiskCopy[] = [];
  const compact = compactBackupId(id);
  const statePath = join(settings.hostWorkDir, `${domain}-${compact}.save`);

  if (saves) {
    steps.push(step(`prepare ${settings.hostWorkDir}`, ["mkdir", "-p", settings.hostWorkDir]));
    if (mode === "consistent") {
      steps.push(
        step(`save ${domain} and leave it paused`, ["xl", "save", "-p", domain, statePath], {
          ...(state === "running" ? { undo: action(`unpause ${domain}`, ["xl", "unpause", domain]) } : {}),
        }),
      );
    } else {
      steps.push(
        step(`save ${domain} (the domain stops)`, ["xl", "save", domain, statePath], {
          undo: action(`restore ${domain} from its saved state`, [
            "xl",
            "restore",
            ...(state === "paused" ? ["-p"] : []),
            statePath,
          ]),
        }),
      );
    }
  }

  for (const disk of disks) {
    const archive = diskArchiveName(disk.vdev, compression.algorithm);
    if (disk.kind === "lv" && live) {
      const vg = disk.vg as string;
      const name = snapshotName(disk.lv as string, id);
      const remove = action(`remove snapshot ${vg}/${name}`, ["lvremove", "-f", `${vg}/${name}`], {
        retry: LVREMOVE_RETRY,
      });
      steps.push(
        step(
          `snapshot ${vg}/${disk.lv as string}`,
          ["lvcreate", "-s", "-L", settings.snapshotSize, "-n", name, `${vg}/${disk.lv as string}`],
          { undo: remove },
        ),
      );
      cleanup.push(remove);
      copies.push({
        disk,
        method: "snapshot",
        readPath: `/dev/${vg}/${name}`,
        archive,
        snapshot: { vg, name },
      });
      continue;
    }
    if (!live) {
      copies.push({ disk, method: "direct", readPath: disk.source, archive });
      continue;
    }
    if (mode === "live") {
      refuse(
        domain,
        disk,
        `live mode takes LVM snapshots only, and a ${disk.kind === "file" ? "file-backed disk" : "block device that is not an LVM volume"} cannot be snapshotted, so a copy of it while ${domain} runs would not be consistent`,
        "use consistent mode (the domain is paused while it is copied), or stop the domain",
      );
    }
    if (disk.kind === "device" && settings.deviceDisks === "refuse") {
      refuse(
        domain,
        disk,
        "it is a block device, not an LVM volume, so it cannot be snapshotted",
        `set deviceDisks: "copy-while-paused" to copy it while ${domain} is paused (longer downtime), or stop the domain`,
      );
    }
    const copyPath =
      disk.kind === "file"
        ? pausedFileCopyPath(disk.source, id)
        : join(settings.hostWorkDir, `${domain}-${compact}-${disk.vdev}.img`);
    const removeCopy = action(`remove the paused copy of ${disk.vdev}`, ["rm", "-f", copyPath]);
    steps.push(
      step(
        `copy ${disk.vdev} (${disk.source}) while ${domain} is paused`,
        ["cp", "--reflink=auto", "--sparse=always", disk.source, copyPath],
        { undo: removeCopy },
      ),
    );
    cleanup.push(removeCopy);
    copies.push({ disk, method: "paused-copy", readPath: copyPath, archive });
    notes.push(
      disk.kind === "file"
        ? `${disk.vdev} is file-backed: copied next to the image while ${domain} is paused (instant where the file system can reflink)`
        : `${disk.vdev} is a block device: copied while ${domain} is paused, so the pause lasts as long as that copy`,
    );
  }

  if (saves) {
    if (mode === "consistent" && state === "running") {
      steps.push(step(`unpause ${domain}`, ["xl", "unpause", domain]));
    } else if (mode === "legacy") {
      steps.push(
        step(`restore ${domain} from its saved state`, [
          "xl",
          "restore",
          ...(state === "paused" ? ["-p"] : []),
          statePath,
        ]),
      );
      notes.push(`legacy mode: ${domain} is stopped by xl save and restored with a new domid`);
    }
  }
  if (state === "paused") notes.push(`${domain} was paused before the backup and is left paused`);
  if (state === "stopped") notes.push(`${domain} is not running: its disks are read in place, without save`);
  if (mode === "live" && live)
    notes.push("live mode: the disks are crash-consistent (no pause, no RAM state)");

  const removeState = saves
    ? action(`remove the saved RAM state of ${domain}`, ["rm", "-f", statePath])
    : undefined;
  const releaseActions = [...cleanup];
  return {
    domain,
    id,
    mode,
    domainState: state,
    compression,
    freeze: plan(`take a consistent image of ${domain}`, steps),
    copies,
    ...(saves ? { state: { path: statePath, archive: stateArchiveName(compression.algorithm) } } : {}),
    expectedStateAfter: state,
    release: plan(`release ${domain}'s snapshots and copies`, [], releaseActions),
    ...(removeState === undefined ? {} : { removeState }),
    notes,
  };
}
