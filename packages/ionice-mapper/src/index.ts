export {
  bfqWeightOfLevel,
  cgroupWeightOf,
  formatIoPriority,
  ioniceOptions,
  ionicePrefix,
  ioPriority,
  IO_LEVELS,
  IONICE_CLASS_NUMBER,
  levelFromNice,
  LOWEST_LEVEL,
  samePriority,
  type IoClass,
  type IoPriority,
  type PlannedIoPriority,
  type SettableIoClass,
} from "./io-priority.js";
export { IoPolicyError, ProcUnreadableError, ToolOutputError, type IoPolicyIssue } from "./errors.js";
export {
  housekeepingSchema,
  ioDiskSchema,
  ioDomainSchema,
  ioPolicySchema,
  parseIoPolicy,
  type Housekeeping,
  type IoDisk,
  type IoDomain,
  type IoPolicy,
  type IoPolicyInput,
} from "./policy.js";
export {
  assignIoLevels,
  ordinal,
  type AssignmentRule,
  type DomainAssignment,
  type HousekeepingAssignment,
  type IoAssignment,
} from "./assign-levels.js";
export { isKernelThread, parseProcStat, PF_KTHREAD, type ProcStat } from "./proc-stat.js";
export {
  readOpenFiles,
  readProcesses,
  readThreadIds,
  type ProcessInfo,
  type ProcOptions,
} from "./read-processes.js";
export { procfsSource, type ProcessSource } from "./process-source.js";
export { parsePsOutput, psSource } from "./ps-source.js";
export {
  isTapdiskName,
  parseBlkbackThreadName,
  parseQemuDomid,
  TASK_COMM_MAX,
  type BlkbackNameForm,
  type BlkbackThreadName,
  type QemuDomain,
} from "./backend-names.js";
export {
  scanIoProcesses,
  type BackendKind,
  type BackendProcess,
  type IoProcess,
  type IoProcessScan,
  type ScanOptions,
} from "./find-backends.js";
export { listDomains, parseXlList, type ListedDomain } from "./xl-list.js";
export { IONICE_BATCH, parseIoniceOutput, readIoPriorities } from "./read-priorities.js";
export { resolveInRoot, type RootedPath } from "./root-path.js";
export { mountOf, parseMountinfo, type MountEntry } from "./mountinfo.js";
export {
  parseSchedulerFile,
  schedulerVerdict,
  weakestHonours,
  type DiskScheduler,
  type Honours,
  type SchedulerVerdict,
} from "./scheduler-verdict.js";
export { blockDeviceByName, blockDeviceByNumber, readDiskScheduler, type BlockNode } from "./sysfs-block.js";
export {
  resolveStorage,
  type HostRoots,
  type StorageKind,
  type StorageResolution,
} from "./resolve-storage.js";
export { pendingChanges, planIoniceChanges, type PriorityTarget } from "./plan-ionice.js";
export { planSchedulerSwitch, type SchedulerSwitchOptions } from "./plan-scheduler-switch.js";
export {
  domainCgroupName,
  HOUSEKEEPING_CGROUP,
  parseDefaultWeight,
  readCgroupIoState,
  type CgroupGroupState,
  type CgroupIoState,
  type CgroupOptions,
  type WeightFile,
} from "./cgroup-state.js";
export { planCgroupIoWeights, type CgroupMember, type CgroupPlanResult } from "./plan-cgroup.js";
export type {
  BackendState,
  DomainIoReport,
  HousekeepingProcessState,
  IoInspection,
  StorageCheck,
  UnassignedBackend,
} from "./inspection.js";
export { inspectIo, type InspectIoOptions } from "./inspect-io.js";
export { cgroupMembers, ioPriorityTargets, kernelThreadsOf, planIoPriorities } from "./priority-targets.js";
export { applyIoPolicy, type ApplyIoOptions, type IoApplyResult } from "./apply-io.js";
export {
  describeCurrentPriorities,
  describePriority,
  type ProcessWithPriorities,
} from "./describe-priorities.js";
