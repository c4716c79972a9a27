import { PvGrubArchMismatchError } from "./errors.js";

/** A PV guest's word size: Xen builds the domain 32- or 64-bit and cannot switch. */
export type GuestArch = "x86_64" | "x86_32";

const ALIASES: Record<string, GuestArch> = {
  x86_64: "x86_64",
  amd64: "x86_64",
  x64: "x86_64",
  "64": "x86_64",
  x86_32: "x86_32",
  x86_32p: "x86_32",
  i386: "x86_32",
  i486: "x86_32",
  i586: "x86_32",
  i686: "x86_32",
  x86: "x86_32",
  "32": "x86_32",
};

/**
 * Reads a guest architecture written any common way.
 *
 * @example
 * ```ts
 * guestArch("amd64"); // "x86_64"
 * guestArch("i686"); // "x86_32"
 * guestArch("arm64"); // undefined
 * ```
 */
export function guestArch(text: string): GuestArch | undefined {
  return ALIASES[text.toLowerCase()];
}

/**
 * The architecture a PV-GRUB image is built for, read from its file name:
 * `pv-grub-x86_64.gz` / `pv-grub-x86_32.gz` (Xen's stubdom PV-GRUB) or
 * `grub-x86_64-xen.bin` / `grub-i386-xen.bin` (GRUB 2's pvgrub2).
 * `undefined` when the name does not say.
 *
 * @example
 * ```ts
 * pvGrubImageArch("/usr/lib/xen/boot/pv-grub-x86_32.gz"); // "x86_32"
 * pvGrubImageArch("/usr/lib/grub-xen/grub-x86_64-xen.bin"); // "x86_64"
 * ```
 */
export function pvGrubImageArch(path: string): GuestArch | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const has64 = /x86_64|amd64/.test(name);
  const has32 = /x86_32|i[3-6]86/.test(name);
  if (has64 === has32) return undefined;
  return has64 ? "x86_64" : "x86_32";
}

/**
 * Where Xen installs PV-GRUB for an architecture.
 *
 * @example
 * ```ts
 * defaultPvGrubKernel("x86_64"); // "/usr/lib/xen/boot/pv-grub-x86_64.gz"
 * ```
 */
export function defaultPvGrubKernel(arch: GuestArch): string {
  return `/usr/lib/xen/boot/pv-grub-${arch}.gz`;
}

/**
 * Throws {@link PvGrubArchMismatchError} unless the PV-GRUB image at `path` is
 * built for `arch` (from `declared`, or else from the file name).
 *
 * @example
 * ```ts
 * assertPvGrubArch("/usr/lib/xen/boot/pv-grub-x86_64.gz", "x86_32", "kernel"); // throws
 * ```
 */
export function assertPvGrubArch(path: string, arch: GuestArch, where: string, declared?: GuestArch): void {
  const image = declared ?? pvGrubImageArch(path);
  if (image === undefined) {
    throw new PvGrubArchMismatchError(
      where,
      `cannot tell whether "${path}" is a 32- or 64-bit PV-GRUB; name it pv-grub-x86_64.gz / pv-grub-x86_32.gz ` +
        `(or grub-x86_64-xen.bin / grub-i386-xen.bin), or declare its architecture`,
    );
  }
  if (image !== arch) {
    throw new PvGrubArchMismatchError(
      where,
      `"${path}" is a ${image === "x86_64" ? "64" : "32"}-bit PV-GRUB but the guest is declared ${arch}; ` +
        `Xen builds a PV domain 32- or 64-bit for good, so use pv-grub-${arch}.gz`,
    );
  }
}
