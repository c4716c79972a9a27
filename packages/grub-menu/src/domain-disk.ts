import { z } from "zod";

/**
 * One disk of a domain, in the order of the config's `disk = [...]` list:
 * what this package needs to place boot menus and check them.
 *
 * @example
 * ```ts
 * const disks: DomainDisk[] = [
 *   { target: "/dev/vg0/horatio", vdev: "xvda", access: "rw" },
 *   { target: "/dev/vg0/rescue", vdev: "xvde", access: "ro" },
 * ];
 * ```
 */
export interface DomainDisk {
  /** The backing path (`/dev/vg0/horatio`, `/var/images/rescue.img`). */
  readonly target: string;
  /** The guest device name (`xvda`, `sdb`, `hda`, `d0p1`, or a number). */
  readonly vdev: string;
  readonly access: "ro" | "rw";
  /** Disk format. @default "raw" */
  readonly format?: string;
}

/** A disk as people write it: access may be xl's `r`/`w` spellings too. */
export const domainDiskInputSchema = z.strictObject({
  target: z.string().min(1),
  vdev: z.string().min(1),
  access: z.enum(["ro", "rw", "r", "w"]),
  format: z.string().min(1).optional(),
});

/** A disk as people write it (see {@link domainDiskInputSchema}). */
export type DomainDiskInput = z.input<typeof domainDiskInputSchema>;

/**
 * Normalises a disk written by a person: `r` → `ro`, `w` → `rw`.
 *
 * @example
 * ```ts
 * toDomainDisk({ target: "/dev/vg0/rescue", vdev: "xvde", access: "r" }); // access "ro"
 * ```
 */
export function toDomainDisk(input: z.infer<typeof domainDiskInputSchema>): DomainDisk {
  const access = input.access === "r" || input.access === "ro" ? "ro" : "rw";
  return {
    target: input.target,
    vdev: input.vdev,
    access,
    ...(input.format === undefined ? {} : { format: input.format }),
  };
}
