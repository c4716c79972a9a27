/**
 * Stable codes of {@link BackupError}, one per kind of failure a program may
 * want to tell apart.
 *
 * @example
 * ```ts
 * if (error instanceof BackupError && error.code === "BACKUP_LOCKED") process.exitCode = 75;
 * ```
 */
export type BackupErrorCode =
  /** Settings, a domain name, a path or a disk list that cannot be used as given. */
  | "BACKUP_INPUT_INVALID"
  /** A disk this mode cannot copy safely (e.g. a file-backed disk in live mode). */
  | "BACKUP_DISK_REFUSED"
  /** Another backup holds the host or domain lock. */
  | "BACKUP_LOCKED"
  /** Not enough free space, found before starting or as ENOSPC while writing. */
  | "BACKUP_NO_SPACE"
  /** A step of the backup (save, snapshot, read, compress, write …) failed. */
  | "BACKUP_STEP_FAILED"
  /** An LVM snapshot overflowed during the copy, so the copy is not a consistent image. */
  | "BACKUP_SNAPSHOT_INVALID"
  /** SIGINT, SIGTERM or the caller's AbortSignal stopped the backup. */
  | "BACKUP_CANCELED"
  /** An archive does not match its manifest, or the compressor's own test failed. */
  | "BACKUP_VERIFY_FAILED"
  /** A manifest that is missing, unreadable or not a dom0kit backup manifest. */
  | "BACKUP_MANIFEST_INVALID"
  /** No backup (or no disk) with that name. */
  | "BACKUP_NOT_FOUND"
  /** A restore that would overwrite a disk a running domain uses, or a target that is not safe. */
  | "BACKUP_RESTORE_REFUSED"
  /** A start hook failed, so the backup did not begin. */
  | "BACKUP_HOOK_FAILED"
  /** Undo or cleanup failed: a domain may be left paused or a snapshot left behind. */
  | "BACKUP_CLEANUP_FAILED";

/**
 * What {@link BackupError} carries besides its message.
 *
 * @example
 * ```ts
 * new BackupError("BACKUP_STEP_FAILED", "read xvda: I/O error", { step: "read xvda", domain: "vm1" });
 * ```
 */
export interface BackupErrorDetails {
  /** The step that failed, as the plan names it: `"save vm1"`, `"read xvda"`, `"write xvda"`. */
  readonly step?: string | undefined;
  /** The file, directory or device concerned. */
  readonly path?: string | undefined;
  /** The domain concerned. */
  readonly domain?: string | undefined;
  /** What was undone and cleaned up after the failure, one line each. */
  readonly cleanup?: readonly string[] | undefined;
  /** The original error. */
  readonly cause?: unknown;
}

/**
 * Every failure of @dom0kit/backup: a stable `name` and `code`, the failed step,
 * and a message that says what failed, where, and what state the host was left
 * in. The original error is its `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await runBackup(request);
 * } catch (error) {
 *   if (error instanceof BackupError && error.code === "BACKUP_NO_SPACE") console.error(error.message);
 * }
 * ```
 */
export class BackupError extends Error {
  override readonly name = "BackupError";
  readonly code: BackupErrorCode;
  readonly step: string | undefined;
  readonly path: string | undefined;
  readonly domain: string | undefined;
  readonly cleanup: readonly string[];

  constructor(code: BackupErrorCode, message: string, details: BackupErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.step = details.step;
    this.path = details.path;
    this.domain = details.domain;
    this.cleanup = details.cleanup ?? [];
  }
}

/**
 * True when `error` is a {@link BackupError} with one of `codes` (any code when none are given).
 *
 * @example
 * ```ts
 * if (isBackupError(error, "BACKUP_NO_SPACE", "BACKUP_LOCKED")) console.error(error.message);
 * ```
 */
export function isBackupError(error: unknown, ...codes: readonly BackupErrorCode[]): error is BackupError {
  return error instanceof BackupError && (codes.length === 0 || codes.includes(error.code));
}
