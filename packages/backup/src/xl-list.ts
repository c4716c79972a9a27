/**
 * Whether a domain runs, is paused, or does not run (shut down, crashed, dying, or absent).
 *
 * @example
 * ```ts
 * const state: DomainRunState = (await readDomain(runner, "vm1"))?.state ?? "stopped";
 * ```
 */
export type DomainRunState = "running" | "paused" | "stopped";

/**
 * One row of `xl list`.
 *
 * @example
 * ```ts
 * const entry: XlListEntry | undefined = parseXlList(stdout).find((each) => each.name === "vm1");
 * ```
 */
export interface XlListEntry {
  readonly name: string;
  readonly domid: number;
  readonly memoryMiB: number;
  readonly vcpus: number;
  /** The six state flags, `r-----` … (running, blocked, paused, shutdown, crashed, dying). */
  readonly flags: string;
  readonly state: DomainRunState;
}

/**
 * What the `xl list` state flags mean for a backup: `p` paused; `s`, `c` or
 * `d` stopped (its disks are not being written); anything else running.
 *
 * @example
 * ```ts
 * runStateOfFlags("-b----"); // "running"
 * runStateOfFlags("--p---"); // "paused"
 * runStateOfFlags("---s--"); // "stopped"
 * ```
 */
export function runStateOfFlags(flags: string): DomainRunState {
  if (/[scd]/.test(flags)) return "stopped";
  if (flags.includes("p")) return "paused";
  return "running";
}

/**
 * Parses `xl list` output (the header and one row per domain).
 *
 * @example
 * ```ts
 * parseXlList("Name  ID   Mem VCPUs\tState\tTime(s)\nvm1    3   512     2     -b----      12.0\n");
 * // [{ name: "vm1", domid: 3, memoryMiB: 512, vcpus: 2, flags: "-b----", state: "running" }]
 * ```
 */
export function parseXlList(stdout: string): XlListEntry[] {
  const entries: XlListEntry[] = [];
  for (const line of stdout.split("\n")) {
    const match = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([-rbpscd]{6})\s/.exec(line);
    if (match === null) continue;
    const flags = match[5] as string;
    entries.push({
      name: match[1] as string,
      domid: Number(match[2]),
      memoryMiB: Number(match[3]),
      vcpus: Number(match[4]),
      flags,
      state: runStateOfFlags(flags),
    });
  }
  return entries;
}

/**
 * A disk a live domain has attached, from `xl list -l`.
 *
 * @example
 * ```ts
 * attachedDisks(stdout).some((disk: AttachedDisk) => disk.path === "/dev/vg0/vm1-disk");
 * ```
 */
export interface AttachedDisk {
  readonly domain: string;
  readonly vdev: string;
  readonly path: string;
}

interface LongListDomain {
  readonly config?: {
    readonly c_info?: { readonly name?: unknown };
    readonly disks?: readonly { readonly pdev_path?: unknown; readonly vdev?: unknown }[];
  };
}

/**
 * The disks every live domain uses, from `xl list -l` (libxl's JSON): what a
 * restore must not overwrite.
 *
 * @example
 * ```ts
 * attachedDisks('[{"domid":1,"config":{"c_info":{"name":"vm1"},"disks":[{"pdev_path":"/dev/vg0/vm1","vdev":"xvda"}]}}]');
 * // [{ domain: "vm1", vdev: "xvda", path: "/dev/vg0/vm1" }]
 * ```
 */
export function attachedDisks(longListJson: string): AttachedDisk[] {
  const trimmed = longListJson.trim();
  if (trimmed === "") return [];
  const parsed = JSON.parse(trimmed) as unknown;
  const domains = (Array.isArray(parsed) ? parsed : [parsed]) as LongListDomain[];
  return domains.flatMap((domain) => {
    const name = domain.config?.c_info?.name;
    return (domain.config?.disks ?? []).flatMap((disk) =>
      typeof disk.pdev_path === "string" && typeof name === "string"
        ? [{ domain: name, vdev: typeof disk.vdev === "string" ? disk.vdev : "", path: disk.pdev_path }]
        : [],
    );
  });
}
