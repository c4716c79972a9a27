import { createRequire } from "node:module";

function readVersion(): string {
  try {
    return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
  } catch {
    // Bundled into another program: the package.json is not beside us.
    return "unknown";
  }
}

/**
 * This package's version, recorded in every manifest (`"unknown"` when this
 * package was bundled into a program without its package.json).
 *
 * @example
 * ```ts
 * BACKUP_PACKAGE_VERSION; // "0.1.0"
 * ```
 */
export const BACKUP_PACKAGE_VERSION: string = readVersion();
