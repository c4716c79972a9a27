import { z } from "zod";
import { BackupError } from "./errors.js";
import { isSafePath, VDEV_PATTERN } from "./names.js";

/**
 * What backs a domU disk: an LVM logical volume, another block device, or an image file.
 *
 * @example
 * ```ts
 * const kind: DiskKind = "lv";
 * ```
 */
export type DiskKind = "lv" | "device" | "file";

/**
 * One disk of a domain, as the backup sees it.
 *
 * @example
 * ```ts
 * const disk: DomainDisk = { vdev: "xvda", source: "/dev/vg0/vm1-disk", kind: "lv", vg: "vg0", lv: "vm1-disk" };
 * ```
 */
export interface DomainDisk {
  /** The device the guest sees (`xvda`); names the archive. */
  readonly vdev: string;
  /** The backing store on the host: `/dev/VG/LV`, `/dev/loop3`, `/srv/xen/vm1.img`. */
  readonly source: string;
  readonly kind: DiskKind;
  /** For `lv`: the volume group and logical volume. */
  readonly vg?: string;
  readonly lv?: string;
  /** Read-only disks are copied like the others (they are part of the domain). */
  readonly access?: "rw" | "ro";
  /** Size in bytes, when known (shown in progress and used for the free-space check). */
  readonly sizeBytes?: number;
  /** Bytes actually allocated on the host (sparse files), when known. */
  readonly allocatedBytes?: number;
}

const LVM_NAME = /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/;

/**
 * A disk list entry as callers give it (validated by {@link parseDomainDisks}).
 *
 * @example
 * ```ts
 * domainDiskSchema.parse({ vdev: "xvdb", source: "/srv/xen/vm1.img", kind: "file" });
 * ```
 */
export const domainDiskSchema = z
  .strictObject({
    vdev: z
      .string()
      .regex(VDEV_PATTERN, { error: "expected a virtual device name such as xvda, xvdb1 or sda" }),
    source: z.string().refine(isSafePath, {
      error: "expected an absolute path of letters, digits and _ . + @ / - (no . or .. parts)",
    }),
    kind: z.enum(["lv", "device", "file"], { error: "expected lv, device or file" }),
    vg: z.string().regex(LVM_NAME, { error: "expected an LVM volume group name" }).optional(),
    lv: z.string().regex(LVM_NAME, { error: "expected an LVM logical volume name" }).optional(),
    access: z.enum(["rw", "ro"]).optional(),
    sizeBytes: z.number().int().nonnegative().optional(),
    allocatedBytes: z.number().int().nonnegative().optional(),
  })
  .superRefine((disk, context) => {
    if (disk.kind === "lv" && (disk.vg === undefined || disk.lv === undefined)) {
      context.addIssue({ code: "custom", path: ["vg"], message: "an lv disk needs vg and lv" });
    }
  });

/**
 * Validates a disk list: safe paths, vdev names, no vdev twice.
 *
 * @throws {@link BackupError} `BACKUP_INPUT_INVALID` naming the entry and field.
 * @example
 * ```ts
 * parseDomainDisks([{ vdev: "xvda", source: "/dev/vg0/vm1-disk", kind: "lv", vg: "vg0", lv: "vm1-disk" }]);
 * ```
 */
export function parseDomainDisks(input: unknown): DomainDisk[] {
  const result = z.array(domainDiskSchema).safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) =>
      `disks[${issue.path.map(String).join("].")}: ${issue.message}`.replace("].]", "]."),
    );
    throw new BackupError("BACKUP_INPUT_INVALID", `invalid disk list:\n  ${lines.join("\n  ")}`, {
      cause: result.error,
    });
  }
  const seen = new Set<string>();
  for (const disk of result.data) {
    if (seen.has(disk.vdev)) {
      throw new BackupError("BACKUP_INPUT_INVALID", `invalid disk list: vdev ${disk.vdev} appears twice`);
    }
    seen.add(disk.vdev);
  }
  return result.data as DomainDisk[];
}

/**
 * Classifies a disk's backing path using the host's logical volumes: a path
 * LVM reports (`/dev/VG/LV`, `/dev/mapper/VG-LV`) is an LV, any other `/dev/`
 * path a block device, anything else an image file.
 *
 * @example
 * ```ts
 * classifyDisk("xvda", "/dev/vg0/vm1-disk", [{ vg: "vg0", name: "vm1-disk" }]);
 * // { vdev: "xvda", source: "/dev/vg0/vm1-disk", kind: "lv", vg: "vg0", lv: "vm1-disk" }
 * ```
 */
export function classifyDisk(
  vdev: string,
  source: string,
  volumes: readonly { readonly vg: string; readonly name: string }[],
): DomainDisk {
  const mapper = (vg: string, name: string) =>
    `/dev/mapper/${vg.replaceAll("-", "--")}-${name.replaceAll("-", "--")}`;
  const volume = volumes.find(
    (each) => source === `/dev/${each.vg}/${each.name}` || source === mapper(each.vg, each.name),
  );
  if (volume !== undefined) return { vdev, source, kind: "lv", vg: volume.vg, lv: volume.name };
  return { vdev, source, kind: source.startsWith("/dev/") ? "device" : "file" };
}
