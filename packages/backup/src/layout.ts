import { join } from "node:path";
import { archiveExtension } from "./compression.js";
import type { CompressionAlgorithm } from "./settings.js";

/**
 * Suffix of a backup directory being written: never taken for a finished backup.
 *
 * @example
 * ```ts
 * name.endsWith(PARTIAL_SUFFIX); // a backup still being written
 * ```
 */
export const PARTIAL_SUFFIX = ".partial";
/**
 * Suffix of a backup directory being deleted by prune.
 *
 * @example
 * ```ts
 * name.endsWith(PRUNING_SUFFIX); // a backup being deleted
 * ```
 */
export const PRUNING_SUFFIX = ".pruning";
/**
 * Suffix of the error report a failed attempt leaves (a file next to the backups).
 *
 * @example
 * ```ts
 * name.endsWith(FAILED_SUFFIX); // the report of a failed attempt
 * ```
 */
export const FAILED_SUFFIX = ".failed.json";
/**
 * The manifest's file name; written last, and only after every archive verified.
 *
 * @example
 * ```ts
 * join(backupDir, MANIFEST_FILE); // ".../manifest.json"
 * ```
 */
export const MANIFEST_FILE = "manifest.json";
/**
 * The domain's xl config, as read from the host.
 *
 * @example
 * ```ts
 * await readFile(join(backupDir, CONFIG_FILE), "utf8"); // the domain's xl config
 * ```
 */
export const CONFIG_FILE = "config.cfg";

/**
 * Where one domain's backups live: `<dir>/<domain>/<id>/` for finished
 * backups, `<id>.partial/` while one is written, `<id>.failed.json` for the
 * report of a failed attempt.
 *
 * @example
 * ```ts
 * const layout = new BackupLayout("/srv/backup", "vm1");
 * layout.finished("2024-01-15T12-00-00.000Z"); // "/srv/backup/vm1/2024-01-15T12-00-00.000Z"
 * ```
 */
export class BackupLayout {
  readonly root: string;
  readonly domain: string;
  /** `<dir>/<domain>`. */
  readonly domainDir: string;

  constructor(root: string, domain: string) {
    this.root = root;
    this.domain = domain;
    this.domainDir = join(root, domain);
  }

  /** The directory of a finished backup. */
  finished(id: string): string {
    return join(this.domainDir, id);
  }

  /** The directory a backup is written to before it is complete and verified. */
  partial(id: string): string {
    return join(this.domainDir, `${id}${PARTIAL_SUFFIX}`);
  }

  /** The error report of a failed attempt. */
  failureReport(id: string): string {
    return join(this.domainDir, `${id}${FAILED_SUFFIX}`);
  }
}

/**
 * The archive file of a disk: `xvda.img.zst`, `xvdb.img.gz`, `xvdc.img`.
 *
 * @example
 * ```ts
 * diskArchiveName("xvda", "zstd"); // "xvda.img.zst"
 * ```
 */
export function diskArchiveName(vdev: string, algorithm: CompressionAlgorithm): string {
  return `${vdev}.img${archiveExtension(algorithm)}`;
}

/**
 * The archive file of the RAM state from `xl save`: `state.xl.zst`.
 *
 * @example
 * ```ts
 * stateArchiveName("gzip"); // "state.xl.gz"
 * ```
 */
export function stateArchiveName(algorithm: CompressionAlgorithm): string {
  return `state.xl${archiveExtension(algorithm)}`;
}
