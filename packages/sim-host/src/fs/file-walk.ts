import { readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * The real paths under `hostPath` (not `hostPath` itself), parents before
 * children, for commands with `-R`. Symbolic links are listed, not followed.
 *
 * @example
 * ```ts
 * await descendants("/tmp/sim/root/home/alice"); // [".../.ssh", ".../.ssh/authorized_keys"]
 * ```
 */
export async function descendants(hostPath: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(hostPath, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(hostPath, entry.name);
    out.push(path);
    if (entry.isDirectory()) out.push(...(await descendants(path)));
  }
  return out;
}
