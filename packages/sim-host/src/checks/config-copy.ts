import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import type { SimPaths } from "../fs/sim-paths.js";

/** A temporary copy of a configuration file whose path references were moved into the simulated root. */
export interface ConfigCopy {
  readonly hostPath: string;
  /** Removes the copy. */
  readonly remove: () => Promise<void>;
}

/**
 * Rewrites the path arguments of the directives matched by `directive` (its
 * first group is the keyword and spacing, its second the path, possibly in
 * double quotes) so they name the real files under the simulated root;
 * relative paths are taken from `baseDir`, as sudo and sshd do.
 *
 * @example
 * ```ts
 * rewritePaths("@includedir /etc/sudoers.d\n", /^(\s*[@#]includedir\s+)(\S+)/gm, paths, "/etc");
 * // "@includedir /tmp/sim/root/etc/sudoers.d\n"
 * ```
 */
export function rewritePaths(text: string, directive: RegExp, paths: SimPaths, baseDir: string): string {
  return text.replace(directive, (_all, keyword: string, path: string) => {
    const quoted = path.startsWith('"') && path.endsWith('"') && path.length > 1;
    const bare = quoted ? path.slice(1, -1) : path;
    const real = paths.resolve(posix.resolve(baseDir, bare), "/", []).hostPath;
    return `${keyword}${quoted ? `"${real}"` : real}`;
  });
}

/**
 * Writes `text` to a fresh temporary file inside the state directory, for a
 * real checker to read in place of a simulated file.
 *
 * @example
 * ```ts
 * const copy = await writeConfigCopy(paths, "sudoers", text);
 * try { … } finally { await copy.remove(); }
 * ```
 */
export async function writeConfigCopy(paths: SimPaths, name: string, text: string): Promise<ConfigCopy> {
  const dir = await mkdtemp(join(paths.stateDir, "check-"));
  const hostPath = join(dir, name);
  await writeFile(hostPath, text, { mode: 0o600 });
  return { hostPath, remove: () => rm(dir, { recursive: true, force: true }) };
}
