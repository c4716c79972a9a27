import { lstat, readlink } from "node:fs/promises";
import { join } from "node:path";

/** The most symlinks followed while resolving one path (the kernel's limit). */
const MAX_SYMLINKS = 40;

/** A path resolved inside a root. */
export interface RootedPath {
  /** The canonical path as seen from inside the root (always absolute). */
  readonly path: string;
  /** False when some component does not exist (the rest is kept as written). */
  readonly exists: boolean;
}

/**
 * Resolves `path` as if `root` were `/`: every symlink is followed, an absolute
 * link target restarts at the root, `..` never climbs above it. This is how a
 * fixture tree (or a mounted host image) is read exactly like the live system.
 *
 * @example
 * ```ts
 * // root/dev/vg0/vm1 -> ../dm-3
 * await resolveInRoot("/tmp/fixture", "/dev/vg0/vm1"); // { path: "/dev/dm-3", exists: true }
 * await resolveInRoot("/", "/sys/class/block/sda1");  // { path: "/sys/devices/…/block/sda/sda1", exists: true }
 * ```
 */
export async function resolveInRoot(root: string, path: string): Promise<RootedPath> {
  const pending = path.split("/").filter((part) => part !== "");
  let resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === ".") continue;
    if (part === "..") {
      resolved.pop();
      continue;
    }
    const candidate = [...resolved, part];
    let isLink: boolean;
    try {
      isLink = (await lstat(join(root, ...candidate))).isSymbolicLink();
    } catch {
      return { path: `/${[...candidate, ...pending].join("/")}`, exists: false };
    }
    if (!isLink) {
      resolved = candidate;
      continue;
    }
    links += 1;
    if (links > MAX_SYMLINKS) return { path: `/${[...candidate, ...pending].join("/")}`, exists: false };
    const target = await readlink(join(root, ...candidate));
    if (target.startsWith("/")) resolved = [];
    pending.unshift(...target.split("/").filter((each) => each !== ""));
  }
  return { path: `/${resolved.join("/")}`, exists: true };
}

/**
 * `path` (absolute, as seen inside `root`) on the real file system.
 *
 * @example
 * ```ts
 * inRoot("/tmp/fixture", "/dev/vg0/vm1"); // "/tmp/fixture/dev/vg0/vm1"
 * ```
 */
export function inRoot(root: string, path: string): string {
  return join(root, path);
}
