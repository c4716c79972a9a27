/** A logical volume named by a device path. */
export interface LvRef {
  readonly vg: string;
  readonly name: string;
}

/** Splits a device-mapper name (`vg0-vm1--disk`) into VG and LV; `--` stands for `-`. */
function splitMapperName(mapperName: string): LvRef | undefined {
  for (let index = 1; index < mapperName.length - 1; index += 1) {
    if (mapperName[index] !== "-") continue;
    if (mapperName[index + 1] === "-") {
      index += 1;
      continue;
    }
    const vg = mapperName.slice(0, index).replaceAll("--", "-");
    const name = mapperName.slice(index + 1).replaceAll("--", "-");
    return { vg, name };
  }
  return undefined;
}

/**
 * Recognises the paths LVM creates for a logical volume of one of `vgs`:
 * `/dev/VG/LV` and `/dev/mapper/VG-LV` (hyphens doubled).
 *
 * @example
 * ```ts
 * parseLvPath("/dev/mapper/vg0-vm1--disk", ["vg0"]); // { vg: "vg0", name: "vm1-disk" }
 * ```
 */
export function parseLvPath(path: string, vgs: readonly string[]): LvRef | undefined {
  const direct = /^\/dev\/([^/]+)\/([^/]+)$/.exec(path);
  if (direct !== null && vgs.includes(direct[1] as string))
    return { vg: direct[1] as string, name: direct[2] as string };
  const mapper = /^\/dev\/mapper\/([^/]+)$/.exec(path);
  if (mapper !== null) {
    const ref = splitMapperName(mapper[1] as string);
    if (ref !== undefined && vgs.includes(ref.vg)) return ref;
  }
  return undefined;
}

/** Parses `VG/LV` or a device path into an LV reference. */
export function parseLvName(text: string, vgs: readonly string[]): LvRef | undefined {
  if (text.startsWith("/dev/")) return parseLvPath(text, vgs);
  const match = /^([^/]+)\/([^/]+)$/.exec(text);
  if (match === null || !vgs.includes(match[1] as string)) return undefined;
  return { vg: match[1] as string, name: match[2] as string };
}
