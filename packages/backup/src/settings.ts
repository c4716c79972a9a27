import { z } from "zod";
import { BackupError } from "./errors.js";
import { isSafePath } from "./names.js";
import { parseRate, parseSize, RATE_UNIT_NAMES } from "./units.js";

const safePath = z.string({ error: "expected an absolute path" }).refine(isSafePath, {
  error: "expected an absolute path of letters, digits and _ . + @ / - (no . or .. parts)",
});

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number({ error: `expected ${what}: a whole number from ${String(min)} to ${String(max)}` })
    .int({ error: `expected ${what}: a whole number from ${String(min)} to ${String(max)}` })
    .min(min, { error: `expected ${what} of at least ${String(min)}` })
    .max(max, { error: `expected ${what} of at most ${String(max)}` });

const argv = z
  .array(z.string().min(1, { error: "expected a non-empty argument" }), {
    error: 'expected a command as an argv array, e.g. ["/usr/local/bin/notify", "--quiet"]',
  })
  .min(1, { error: "expected at least the program" });

/**
 * How many backups to keep (vzdump / Proxmox Backup Server semantics).
 *
 * @example
 * ```ts
 * retentionSchema.parse({ last: 2, weekly: 4 }); // { last: 2, daily: 0, weekly: 4, monthly: 0 }
 * ```
 */
export const retentionSchema = z.strictObject({
  /** The newest N backups. @default 3 */
  last: wholeNumber("a count", 0, 1000).default(3),
  /** The newest backup of each of the last N days that have one. @default 0 */
  daily: wholeNumber("a count", 0, 1000).default(0),
  /** The newest backup of each of the last N ISO weeks that have one. @default 0 */
  weekly: wholeNumber("a count", 0, 1000).default(0),
  /** The newest backup of each of the last N months that have one. @default 0 */
  monthly: wholeNumber("a count", 0, 1000).default(0),
});

/**
 * Commands run at the start, end and failure of each domain's backup.
 *
 * @example
 * ```ts
 * hooksSchema.parse({ failure: ["/usr/local/bin/page-oncall", "backup failed"] });
 * ```
 */
export const hooksSchema = z.strictObject({
  /** Before anything touches the domain; a failure cancels the backup. */
  start: argv.optional(),
  /** After a backup succeeded and was verified. */
  end: argv.optional(),
  /** After a backup failed and was cleaned up. */
  failure: argv.optional(),
});

/**
 * Everything that decides how a domain is backed up: the inventory's backup
 * policy (mode, compression, snapshotSize, keep) and the host's settings (dir,
 * ioniceLevel, bandwidth), plus the knobs admins expect.
 *
 * @example
 * ```ts
 * backupSettingsSchema.parse({ dir: "/srv/backup", mode: "live" }).compression; // "zstd"
 * ```
 */
export const backupSettingsSchema = z
  .strictObject({
    /** Where archives go: `<dir>/<domain>/<timestamp>/`, on the machine dom0kit runs on. */
    dir: safePath,
    /**
     * `consistent`: `xl save -p` (RAM state, domain paused), snapshot each LV,
     * copy each file disk, `xl unpause`. `legacy`: the field recipe — `xl save`
     * (the domain stops), snapshots, `xl restore`. `live`: LV snapshots only,
     * no pause (crash-consistent). @default "consistent"
     */
    mode: z
      .enum(["consistent", "legacy", "live"], { error: "expected consistent, legacy or live" })
      .default("consistent"),
    compression: z
      .enum(["zstd", "pigz", "gzip", "none"], { error: "expected zstd, pigz, gzip or none" })
      .default("zstd"),
    /** zstd 1-19 (@default 3), pigz and gzip 1-9 (@default 6). */
    compressionLevel: wholeNumber("a compression level", 1, 19).optional(),
    /** Compressor threads for zstd and pigz; 0 = one per CPU. @default 0 */
    compressionThreads: wholeNumber("a thread count", 0, 256).default(0),
    /** Copy-on-write space of each LVM snapshot while the copy runs (LVM size). @default "1G" */
    snapshotSize: z
      .string({ error: "expected a size such as 512M or 4G" })
      .refine((text) => parseSize(text) !== undefined, {
        error: "expected a size such as 512M or 4G: a whole number and K, M, G or T",
      })
      .default("1G"),
    /** I/O class of the copy: best-effort (with {@link ioniceLevel}) or idle. @default "best-effort" */
    ioniceClass: z
      .enum(["best-effort", "idle"], { error: "expected best-effort or idle" })
      .default("best-effort"),
    /** Best-effort I/O priority of the copy, 0 (highest) to 7 (lowest). @default 7 */
    ioniceLevel: wholeNumber("a best-effort I/O level", 0, 7).default(7),
    /** Cap on the copy's read rate: a tc-style rate (`400mbit`, `50mibps`) or bytes per second. */
    bandwidth: z
      .union([
        z.number().positive({ error: "expected a positive number of bytes per second" }),
        z.string().refine((text) => parseRate(text) !== undefined, {
          error: `expected a rate such as 400mbit or 50mibps (units: ${RATE_UNIT_NAMES.join(", ")})`,
        }),
      ])
      .optional(),
    keep: retentionSchema.default({ last: 3, daily: 0, weekly: 0, monthly: 0 }),
    /**
     * Block devices that are not LVM volumes cannot be snapshotted. `refuse`
     * stops a running domain's backup with a clear error; `copy-while-paused`
     * copies them while the domain is paused (longer downtime). A stopped
     * domain's devices are always read directly. @default "refuse"
     */
    deviceDisks: z
      .enum(["refuse", "copy-while-paused"], { error: "expected refuse or copy-while-paused" })
      .default("refuse"),
    /** Directory on the host for the RAM state file and copies of device disks. @default "/var/lib/xen/save" */
    hostWorkDir: safePath.default("/var/lib/xen/save"),
    /** Directory on the host for the host and domain locks. @default "/run/lock" */
    lockDir: safePath.default("/run/lock"),
    /** How long to wait for another backup on the same host to finish before giving up. @default 0 */
    lockWaitMs: wholeNumber("milliseconds", 0, 24 * 3600 * 1000).default(0),
    hooks: hooksSchema.default({}),
    /** Fail a copy that delivers no data for this long (a hung reader or device). @default 600000 */
    stallTimeoutMs: wholeNumber("milliseconds", 1000, 24 * 3600 * 1000).default(600_000),
    /** Check free space before starting (in the backup dir and on the host). @default true */
    spaceCheck: z.boolean({ error: "expected true or false" }).default(true),
  })
  .superRefine((settings, context) => {
    const level = settings.compressionLevel;
    if (
      level !== undefined &&
      (settings.compression === "gzip" || settings.compression === "pigz") &&
      level > 9
    ) {
      context.addIssue({
        code: "custom",
        path: ["compressionLevel"],
        message: `expected a ${settings.compression} level from 1 to 9`,
      });
    }
  });

/**
 * Backup settings as a caller writes them (defaults not applied).
 *
 * @example
 * ```ts
 * const input: BackupSettingsInput = { dir: "/srv/backup", bandwidth: "400mbit" };
 * ```
 */
export type BackupSettingsInput = z.input<typeof backupSettingsSchema>;
/**
 * Backup settings with every default applied.
 *
 * @example
 * ```ts
 * const settings: BackupSettings = parseBackupSettings({ dir: "/srv/backup" });
 * ```
 */
export type BackupSettings = z.output<typeof backupSettingsSchema>;
/**
 * How many backups to keep.
 *
 * @example
 * ```ts
 * const keep: RetentionPolicy = { last: 3, daily: 7, weekly: 4, monthly: 6 };
 * ```
 */
export type RetentionPolicy = z.output<typeof retentionSchema>;
/**
 * A backup mode.
 *
 * @example
 * ```ts
 * const mode: BackupMode = "consistent";
 * ```
 */
export type BackupMode = BackupSettings["mode"];
/**
 * A compressor.
 *
 * @example
 * ```ts
 * const algorithm: CompressionAlgorithm = "pigz";
 * ```
 */
export type CompressionAlgorithm = BackupSettings["compression"];
/**
 * Hook commands.
 *
 * @example
 * ```ts
 * const hooks: BackupHooks = { end: ["/usr/local/bin/backup-ok"] };
 * ```
 */
export type BackupHooks = z.output<typeof hooksSchema>;

/**
 * Validates backup settings and fills in defaults.
 *
 * @throws {@link BackupError} `BACKUP_INPUT_INVALID` naming the field, what it got and what is accepted.
 * @example
 * ```ts
 * const settings = parseBackupSettings({ dir: "/srv/backup", compression: "zstd", bandwidth: "400mbit" });
 * settings.mode; // "consistent"
 * ```
 */
export function parseBackupSettings(input: unknown): BackupSettings {
  const result = backupSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const where = issue.path.length === 0 ? "settings" : issue.path.map(String).join(".");
    return `${where}: ${issue.message}`;
  });
  throw new BackupError("BACKUP_INPUT_INVALID", `invalid backup settings:\n  ${lines.join("\n  ")}`, {
    cause: result.error,
  });
}

/**
 * The copy's rate cap in bytes per second, or undefined for none.
 *
 * @example
 * ```ts
 * bandwidthBytesPerSecond(parseBackupSettings({ dir: "/b", bandwidth: "80mbit" })); // 10000000
 * ```
 */
export function bandwidthBytesPerSecond(settings: BackupSettings): number | undefined {
  const { bandwidth } = settings;
  if (bandwidth === undefined) return undefined;
  return typeof bandwidth === "number" ? bandwidth : parseRate(bandwidth);
}
