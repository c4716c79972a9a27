import type { AssignmentRule, IoAssignment } from "./assign-levels.js";
import type { BackendProcess, IoProcess } from "./find-backends.js";
import type { IoPriority, PlannedIoPriority } from "./io-priority.js";
import type { IoDisk } from "./policy.js";
import type { StorageResolution } from "./resolve-storage.js";
import type { Honours, SchedulerVerdict } from "./scheduler-verdict.js";

/** A backend process with the priority each of its tasks has now. */
export interface BackendState extends BackendProcess {
  /** Current priority per task id; a task that exited meanwhile is absent. */
  readonly now: Readonly<Record<number, IoPriority>>;
}

/** A housekeeping process with the priority each of its tasks has now. */
export interface HousekeepingProcessState extends IoProcess {
  readonly now: Readonly<Record<number, IoPriority>>;
}

/** One disk of a domain, followed to its physical disks, with a verdict per disk. */
export interface StorageCheck {
  readonly disk: IoDisk;
  readonly resolution: StorageResolution;
  readonly verdicts: readonly SchedulerVerdict[];
}

/** Everything known about one domain's disk I/O priority. */
export interface DomainIoReport {
  readonly name: string;
  readonly allocation: number;
  /** The priority the policy gives it. */
  readonly planned: PlannedIoPriority;
  readonly rule: AssignmentRule;
  readonly explanation: string;
  /** Its domain id, when `xl list` shows it. */
  readonly domid?: number;
  readonly running: boolean;
  /** The processes doing its disk I/O, with their priorities now. */
  readonly backends: readonly BackendState[];
  readonly storage: readonly StorageCheck[];
  /** The weakest verdict over its disks: whether the planned priority will count. */
  readonly honours: Honours;
  /** Problems a person should know about (no backend found, a disk not resolved). */
  readonly problems: readonly string[];
}

/** A backend process that serves no domain of the policy, and why it is left alone. */
export interface UnassignedBackend {
  readonly backend: BackendState;
  readonly reason: string;
}

/** The host as the policy sees it: each domain, housekeeping, and everything left alone. */
export interface IoInspection {
  readonly assignment: IoAssignment;
  readonly domains: readonly DomainIoReport[];
  readonly housekeeping: {
    readonly planned: PlannedIoPriority;
    readonly explanation: string;
    readonly processes: readonly HousekeepingProcessState[];
  };
  readonly unassigned: readonly UnassignedBackend[];
  /** Policy warnings (housekeeping outranking a domain). */
  readonly warnings: readonly string[];
}
