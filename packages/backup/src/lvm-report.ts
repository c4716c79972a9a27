import type { Command } from "@dom0kit/runner";

/**
 * One logical volume as `lvs` reports it.
 *
 * @example
 * ```ts
 * (await readLogicalVolumes(runner)).filter((lv: LogicalVolumeInfo) => lv.origin !== undefined);
 * ```
 */
export interface LogicalVolumeInfo {
  readonly vg: string;
  readonly name: string;
  /** The ten-character `lv_attr`; the first is `s` for a snapshot, the fifth `I` for an invalid one. */
  readonly attr: string;
  readonly sizeBytes: number;
  /** For a snapshot: the LV it was taken of. */
  readonly origin?: string;
}

/**
 * One volume group as `vgs` reports it.
 *
 * @example
 * ```ts
 * (await readVolumeGroups(runner)).map((vg: VolumeGroupInfo) => vg.freeBytes);
 * ```
 */
export interface VolumeGroupInfo {
  readonly name: string;
  readonly freeBytes: number;
}

const REPORT = ["--noheadings", "--separator", "|", "--units", "b", "--nosuffix"];

/**
 * The `lvs` command {@link parseLvs} reads (all LVs, or the ones named).
 *
 * @example
 * ```ts
 * lvsCommand(["vg0/vm1-disk"]).args.at(-1); // "vg0/vm1-disk"
 * ```
 */
export function lvsCommand(names: readonly string[] = []): Command {
  return { file: "lvs", args: [...REPORT, "-o", "vg_name,lv_name,lv_attr,lv_size,origin", ...names] };
}

/**
 * The `vgs` command {@link parseVgs} reads.
 *
 * @example
 * ```ts
 * vgsCommand().file; // "vgs"
 * ```
 */
export function vgsCommand(): Command {
  return { file: "vgs", args: [...REPORT, "-o", "vg_name,vg_free"] };
}

/**
 * Parses the output of {@link lvsCommand}.
 *
 * @example
 * ```ts
 * parseLvs("  vg0|vm1-disk|-wi-ao----|1073741824|\n");
 * // [{ vg: "vg0", name: "vm1-disk", attr: "-wi-ao----", sizeBytes: 1073741824 }]
 * ```
 */
export function parseLvs(stdout: string): LogicalVolumeInfo[] {
  return stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .flatMap((line) => {
      const [vg = "", name = "", attr = "", size = "", origin = ""] = line
        .split("|")
        .map((part) => part.trim());
      if (vg === "" || name === "") return [];
      const volume: LogicalVolumeInfo = { vg, name, attr, sizeBytes: Number(size) };
      return [origin === "" ? volume : { ...volume, origin }];
    });
}

/**
 * Parses the output of {@link vgsCommand}.
 *
 * @example
 * ```ts
 * parseVgs("  vg0|4294967296\n"); // [{ name: "vg0", freeBytes: 4294967296 }]
 * ```
 */
export function parseVgs(stdout: string): VolumeGroupInfo[] {
  return stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [name = "", free = ""] = line.split("|").map((part) => part.trim());
      return { name, freeBytes: Number(free) };
    });
}

/**
 * True when an `lv_attr` marks an invalid snapshot: the fifth character is
 * `I` (the snapshot overflowed and no longer holds the origin's old data).
 *
 * @example
 * ```ts
 * isInvalidSnapshotAttr("swi-I-s---"); // true
 * isInvalidSnapshotAttr("swi-a-s---"); // false
 * ```
 */
export function isInvalidSnapshotAttr(attr: string): boolean {
  return attr.charAt(4) === "I";
}
