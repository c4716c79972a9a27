/** What backs a domU disk. */
export type DiskSourceKind = "lv" | "device" | "file";

/** A disk source path, classified. */
export type DiskSource =
  | {
      readonly kind: "lv";
      readonly path: string;
      readonly volumeGroup: string;
      readonly logicalVolume: string;
    }
  | { readonly kind: "device"; readonly path: string }
  | { readonly kind: "file"; readonly path: string };

const LV_PATH =
  /^\/dev\/(?!mapper\/|disk\/|loop|sd|hd|xvd|nvme|vd|md|dm-)([A-Za-z0-9+_.-]+)\/([A-Za-z0-9+_.-]+)$/;
const MAPPER_PATH =
  /^\/dev\/mapper\/([A-Za-z0-9+_.]+(?:--[A-Za-z0-9+_.]+)*)-([A-Za-z0-9+_.]+(?:--[A-Za-z0-9+_.]+)*)$/;

/**
 * Classifies a disk source: `/dev/VG/LV` (and `/dev/mapper/VG-LV`) are LVM logical
 * volumes that can be snapshotted; other `/dev/…` paths are block devices; anything
 * else is an image file.
 *
 * @example
 * ```ts
 * classifyDiskSource("/dev/denmark/horatio"); // { kind: "lv", volumeGroup: "denmark", logicalVolume: "horatio", … }
 * classifyDiskSource("/dev/loop3");           // { kind: "device", path: "/dev/loop3" }
 * classifyDiskSource("/srv/xen/vm.img");      // { kind: "file", path: "/srv/xen/vm.img" }
 * ```
 */
export function classifyDiskSource(path: string): DiskSource {
  const lv = LV_PATH.exec(path);
  if (lv !== null) return { kind: "lv", path, volumeGroup: lv[1] ?? "", logicalVolume: lv[2] ?? "" };
  const mapper = MAPPER_PATH.exec(path);
  if (mapper !== null) {
    const unescape = (part: string): string => part.replaceAll("--", "-");
    return {
      kind: "lv",
      path,
      volumeGroup: unescape(mapper[1] ?? ""),
      logicalVolume: unescape(mapper[2] ?? ""),
    };
  }
  if (path.startsWith("/dev/")) return { kind: "device", path };
  return { kind: "file", path };
}
