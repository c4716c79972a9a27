import type { PathState } from "./host-state.js";

const MANIFEST_FORMAT = "dom0kit-console-install/1";

/**
 * The directories an install created, as recorded in its manifest (empty when
 * there is no manifest or it cannot be read — then nothing is removed that
 * the console gate cannot prove it created).
 *
 * @example
 * ```ts
 * readManifest({ kind: "file", mode: 0o644, owner: "root", group: "root", content: renderManifest(["/etc/dom0kit"]) });
 * // ["/etc/dom0kit"]
 * ```
 */
export function readManifest(state: PathState): string[] {
  if (state.kind !== "file" || state.content === undefined) return [];
  try {
    const data = JSON.parse(state.content) as { format?: unknown; directories?: unknown };
    if (data.format !== MANIFEST_FORMAT || !Array.isArray(data.directories)) return [];
    return data.directories.filter(
      (entry): entry is string => typeof entry === "string" && entry.startsWith("/"),
    );
  } catch {
    return [];
  }
}

/**
 * The manifest text for `directories` (sorted, without duplicates).
 *
 * @example
 * ```ts
 * renderManifest(["/etc/dom0kit/console", "/etc/dom0kit"]);
 * ```
 */
export function renderManifest(directories: readonly string[]): string {
  const sorted = [...new Set(directories)].sort();
  return `${JSON.stringify({ format: MANIFEST_FORMAT, directories: sorted }, null, 2)}\n`;
}
