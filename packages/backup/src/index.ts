export { BackupError, isBackupError, type BackupErrorCode, type BackupErrorDetails } from "./errors.js";
export {
  backupSettingsSchema,
  bandwidthBytesPerSecond,
  hooksSchema,
  parseBackupSettings,
  retentionSchema,
  type BackupHooks,
  type BackupMode,
  type BackupSettings,
  type BackupSettingsInput,
  type CompressionAlgorithm,
  type RetentionPolicy,
} from "./settings.js";
export { formatBytes, parseRate, parseSize, RATE_UNIT_NAMES, SIZE_PATTERN } from "./units.js";
export { DOMAIN_NAME_PATTERN, isDomainName, isSafePath, SAFE_PATH_PATTERN, VDEV_PATTERN } from "./names.js";
export { BACKUP_ID_PATTERN, backupIdFor, compactBackupId, parseBackupId } from "./backup-id.js";
export {
  archiveExtension,
  compressCommand,
  compressionChoice,
  decompressCommand,
  testCommand,
  type CompressionChoice,
} from "./compression.js";
export {
  BackupLayout,
  CONFIG_FILE,
  diskArchiveName,
  FAILED_SUFFIX,
  MANIFEST_FILE,
  PARTIAL_SUFFIX,
  PRUNING_SUFFIX,
  stateArchiveName,
} from "./layout.js";
export {
  classifyDisk,
  domainDiskSchema,
  parseDomainDisks,
  type DiskKind,
  type DomainDisk,
} from "./domain-disk.js";
export { disksFromXlConfig } from "./config-disks.js";
export {
  attachedDisks,
  parseXlList,
  runStateOfFlags,
  type AttachedDisk,
  type DomainRunState,
  type XlListEntry,
} from "./xl-list.js";
export {
  isInvalidSnapshotAttr,
  lvsCommand,
  parseLvs,
  parseVgs,
  vgsCommand,
  type LogicalVolumeInfo,
  type VolumeGroupInfo,
} from "./lvm-report.js";
export {
  hostFreeSpace,
  readConfigText,
  readDomain,
  readLogicalVolumes,
  readVolumeGroups,
  withDiskSizes,
  type HostFreeSpace,
} from "./host-facts.js";
export {
  planBackup,
  readCommand,
  snapshotName,
  SNAPSHOT_NAME_PATTERN,
  type BackupPlan,
  type BackupPlanInput,
  type CopyMethod,
  type DiskCopy,
} from "./plan-backup.js";
export { HashCounter } from "./hash-counter.js";
export { Throttle } from "./throttle.js";
export { AtomicFile, fsyncDirectory } from "./atomic-file.js";
export { SyncingWriter, SYNC_EVERY_BYTES } from "./syncing-writer.js";
export { streamToArchive, type ArchiveStreamRequest, type ArchiveStreamResult } from "./stream-archive.js";
export {
  verifyArchive,
  type ArchiveCheck,
  type ArchiveExpectation,
  type VerifyDepth,
} from "./verify-archive.js";
export {
  manifestArchiveSchema,
  manifestCompressionSchema,
  manifestDiskSchema,
  manifestSchema,
  readManifest,
  writeManifest,
  type BackupManifest,
  type ManifestArchive,
  type ManifestDisk,
} from "./manifest.js";
export { HostLock, parseLockOwner, type HostLockOptions, type LockOwner } from "./host-lock.js";
export { HOOK_TIMEOUT_MS, hookEnvironment, runHook, type HookContext, type HookPhase } from "./hooks.js";
export { checkSpace, type SpaceCheckInput, type SpaceNeed } from "./space-check.js";
export { leftoverSnapshots, removeLeftoverSnapshots } from "./leftovers.js";
export { describeOutcomes, inspectAftermath, type Aftermath } from "./aftermath.js";
export { ProgressMeter, type BackupEvent, type BackupEventListener } from "./events.js";
export {
  periodOf,
  selectRetention,
  type KeepReason,
  type RetentionCandidate,
  type RetentionDecision,
} from "./retention.js";
export { archiveBytesOf, listBackups, type BackupEntry, type BackupEntryStatus } from "./catalog.js";
export { applyPrune, planPrune, type PrunePlan, type PruneRemoval } from "./prune.js";
export {
  domainLockName,
  HOST_LOCK_NAME,
  runBackup,
  type BackupRequest,
  type BackupResult,
} from "./run-backup.js";
export { BACKUP_PACKAGE_VERSION } from "./version.js";
export {
  verifyBackup,
  type BackupVerification,
  type FileVerdict,
  type VerifyBackupOptions,
} from "./verify-backup.js";
export { restoreDisk, type RestoreRequest, type RestoreResult } from "./restore.js";
