import { chmod, lstat, readdir, stat } from "node:fs/promises";
import type { BigIntStats } from "node:fs";
import { join } from "node:path";
import type { SimState } from "../state/model.js";
import type { SimPaths } from "./sim-paths.js";

/** What the simulated dom0 says about a file's owner and permissions. */
export interface FileAttributes {
  readonly uid: number;
  readonly gid: number;
  /** Permission bits with set-user-ID, set-group-ID and sticky (0o7777). */
  readonly mode: number;
  /** The real file's type bits (`S_IFMT` part of `st_mode`). */
  readonly typeBits: number;
  readonly stats: BigIntStats;
}

/** Type bits of `st_mode`. */
export const S_IFMT = 0o170000;
/** A directory's type bits. */
export const S_IFDIR = 0o040000;
/** A symbolic link's type bits. */
export const S_IFLNK = 0o120000;

/**
 * The key of the inode behind a real file: its inode number and birth time.
 * With the birth time (statx), a new file never inherits a removed one's
 * owner even when ext4 reuses the inode number; hard links and renames keep
 * the key, so they keep the owner — as on a real disk.
 *
 * @example
 * ```ts
 * inodeKey(await lstat(path, { bigint: true })); // "2146316:1795490890949424377"
 * ```
 */
export function inodeKey(stats: BigIntStats): string {
  return `${String(stats.ino)}:${String(stats.birthtimeNs)}`;
}

/**
 * The real file's `lstat` (or `stat` when `follow`), as bigints; undefined
 * when it does not exist.
 *
 * @example
 * ```ts
 * (await statReal("/tmp/sim/root/etc/passwd", false))?.size; // 154n
 * ```
 */
export async function statReal(hostPath: string, follow: boolean): Promise<BigIntStats | undefined> {
  try {
    return follow ? await stat(hostPath, { bigint: true }) : await lstat(hostPath, { bigint: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP") return undefined;
    throw error;
  }
}

/**
 * The simulated owner and mode of a real file: its record, or root's with the
 * real permission bits (every file the simulated dom0 has not given away is
 * root's, whoever runs the simulator).
 *
 * @example
 * ```ts
 * attributesOf(state, await lstat(hostPath, { bigint: true })).uid; // 0
 * ```
 */
export function attributesOf(state: SimState, stats: BigIntStats): FileAttributes {
  const typeBits = Number(stats.mode) & S_IFMT;
  const record = state.fileOwners?.[inodeKey(stats)];
  if (record !== undefined) return { uid: record.uid, gid: record.gid, mode: record.mode, typeBits, stats };
  return { uid: 0, gid: 0, mode: Number(stats.mode) & 0o7777, typeBits, stats };
}

/**
 * The permission bits the real file gets for simulated `mode`: the same, plus
 * read and write (and search, for a directory) for its real owner, so the
 * simulator can go on working on it without root — as root on the dom0 can.
 *
 * @example
 * ```ts
 * realModeFor(0o440, false); // 0o640
 * ```
 */
export function realModeFor(mode: number, directory: boolean): number {
  return (mode | (directory ? 0o700 : 0o600)) & 0o7777;
}

/**
 * Records the simulated owner and mode of the real file at `hostPath` (whose
 * `lstat` is `stats`) and gives it the matching real permission bits. A file
 * that is root's and whose real bits say it all needs no record. Call inside
 * a state update.
 *
 * @example
 * ```ts
 * await setAttributes(state, hostPath, stats, { uid: 0, gid: 0, mode: 0o440 });
 * ```
 */
export async function setAttributes(
  state: SimState,
  hostPath: string,
  stats: BigIntStats,
  wanted: { readonly uid: number; readonly gid: number; readonly mode: number },
): Promise<void> {
  const typeBits = Number(stats.mode) & S_IFMT;
  const directory = typeBits === S_IFDIR;
  const key = inodeKey(stats);
  const owners = (state.fileOwners ??= {});
  const mode = wanted.mode & 0o7777;
  if (wanted.uid === 0 && wanted.gid === 0 && mode === realModeFor(mode, directory)) delete owners[key];
  else owners[key] = { uid: wanted.uid, gid: wanted.gid, mode };
  if (Object.keys(owners).length === 0) delete state.fileOwners;
  if (typeBits !== S_IFLNK) await chmod(hostPath, realModeFor(mode, directory));
}

async function collectKeys(dir: string, keys: Set<string>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const stats = await statReal(path, false);
    if (stats === undefined) continue;
    keys.add(inodeKey(stats));
    if ((Number(stats.mode) & S_IFMT) === S_IFDIR) await collectKeys(path, keys);
  }
}

/**
 * Drops the records of files that no longer exist anywhere in the simulated
 * file system (after `rm`, `mv` over a file, `rmdir` …), so a later file
 * never inherits a removed one's owner. Call inside a state update.
 *
 * @example
 * ```ts
 * await store.update((state) => collectOwnerGarbage(state, paths));
 * ```
 */
export async function collectOwnerGarbage(state: SimState, paths: SimPaths): Promise<void> {
  const owners = state.fileOwners;
  if (owners === undefined) return;
  const keys = new Set<string>();
  const root = await statReal(paths.root, false);
  if (root !== undefined) keys.add(inodeKey(root));
  await collectKeys(paths.root, keys);
  for (const key of Object.keys(owners)) if (!keys.has(key)) delete owners[key];
  if (Object.keys(owners).length === 0) delete state.fileOwners;
}
