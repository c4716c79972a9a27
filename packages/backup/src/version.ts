import { createRequire } from "node:module";

/**
 * This package's version, recorded in every manifest.
 *
 * @example
 * ```ts
 * BACKUP_PACKAGE_VERSION; // "0.1.0"
 * ```
 */
export const BACKUP_PACKAGE_VERSION: string = (
  createRequire(import.meta.url)("../package.json") as { version: string }
).version;
