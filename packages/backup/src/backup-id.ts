/**
 * A backup's id: its start time in UTC, `2024-01-15T12-00-00.123Z`, safe as a file name and sorting by time.
 *
 * @example
 * ```ts
 * BACKUP_ID_PATTERN.test("2024-01-15T12-00-00.000Z"); // true
 * ```
 */
export const BACKUP_ID_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})Z$/;

/**
 * The backup id (and timestamp directory name) for a start time.
 *
 * @example
 * ```ts
 * backupIdFor(new Date(Date.UTC(2024, 0, 15, 12, 0, 0, 123))); // "2024-01-15T12-00-00.123Z"
 * ```
 */
export function backupIdFor(time: Date): string {
  return time.toISOString().replace(/:/g, "-");
}

/**
 * The start time a backup id stands for, or undefined when `id` is not one.
 *
 * @example
 * ```ts
 * parseBackupId("2024-01-15T12-00-00.123Z")?.toISOString(); // "2024-01-15T12:00:00.123Z"
 * parseBackupId("latest"); // undefined
 * ```
 */
export function parseBackupId(id: string): Date | undefined {
  const match = BACKUP_ID_PATTERN.exec(id);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second, ms] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  return backupIdFor(time) === id ? time : undefined;
}

/**
 * A compact form of the id for LVM snapshot names: `20240115T120000123`.
 *
 * @example
 * ```ts
 * compactBackupId("2024-01-15T12-00-00.123Z"); // "20240115T120000123"
 * ```
 */
export function compactBackupId(id: string): string {
  return id.replace(/[-.Z]/g, "");
}
