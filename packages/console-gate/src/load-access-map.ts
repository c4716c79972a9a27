import { constants, type Stats } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { dirname } from "node:path";
import { parseAccessMap, type ConsoleAccess } from "./access-map.js";
import { AccessMapError } from "./errors.js";
import { userNameProblem } from "./names.js";

/** Largest access map read, in bytes: a map is a few kilobytes. */
const MAX_ACCESS_MAP_BYTES = 1024 * 1024;

const STICKY = 0o1000;

function writableByOthers(stats: Stats): boolean {
  return (stats.mode & 0o022) !== 0;
}

function ownerProblem(stats: Stats, kind: string): string | undefined {
  if (stats.uid !== 0) return `${kind} is owned by uid ${String(stats.uid)}, not root`;
  return undefined;
}

async function checkDirectoryChain(directory: string): Promise<void> {
  let current = directory;
  for (;;) {
    let stats: Stats;
    try {
      stats = await lstat(current);
    } catch (error) {
      throw new AccessMapError(current, "cannot be read", { cause: error });
    }
    if (!stats.isDirectory()) throw new AccessMapError(current, "is not a directory");
    const owner = ownerProblem(stats, "the directory");
    if (owner !== undefined) throw new AccessMapError(current, owner);
    if (writableByOthers(stats) && (stats.mode & STICKY) === 0) {
      throw new AccessMapError(current, "is writable by users other than root");
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/**
 * Reads `user`'s access map from `<accessDir>/users/<user>.json` and trusts it
 * only if root wrote it: the file must be a regular file (not a link) owned by
 * root and writable by nobody else, and every directory above it must be
 * owned by root and not writable by others (sticky directories such as /tmp
 * excepted). Otherwise a customer might swap in a map of their own.
 *
 * @throws {@link AccessMapError} when the map is missing, untrusted or invalid
 *
 * @example
 * ```ts
 * const access = await loadAccessMap("/etc/dom0kit/console", "alice");
 * access.domains.map((domain) => domain.name); // ["vm1"]
 * ```
 */
export async function loadAccessMap(accessDir: string, user: string): Promise<ConsoleAccess> {
  const nameProblem = userNameProblem(user);
  if (nameProblem !== undefined)
    throw new AccessMapError(accessDir, `no access map for this account: ${nameProblem}`);
  const file = `${accessDir}/users/${user}.json`;
  await checkDirectoryChain(dirname(file));
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === "ENOENT"
        ? "does not exist: this account has no console access"
        : `cannot be opened (${String(code)})`;
    throw new AccessMapError(file, problem, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new AccessMapError(file, "is not a regular file");
    const owner = ownerProblem(stats, "the file");
    if (owner !== undefined) throw new AccessMapError(file, owner);
    if (writableByOthers(stats)) throw new AccessMapError(file, "is writable by users other than root");
    if (stats.size > MAX_ACCESS_MAP_BYTES) throw new AccessMapError(file, "is too large to be an access map");
    const text = await handle.readFile({ encoding: "utf8" });
    return parseAccessMap(text, file, user);
  } finally {
    await handle.close();
  }
}
