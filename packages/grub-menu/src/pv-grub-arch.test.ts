import { describe, expect, it } from "vitest";
import { assertPvGrubArch, defaultPvGrubKernel, guestArch, pvGrubImageArch } from "./pv-grub-arch.js";

describe("guestArch", () => {
  it.each([
    ["x86_64", "x86_64"],
    ["AMD64", "x86_64"],
    ["i686", "x86_32"],
    ["x86_32p", "x86_32"],
    ["arm64", undefined],
  ] as const)("reads %s", (text, arch) => {
    expect(guestArch(text)).toBe(arch);
  });
});

describe("pvGrubImageArch", () => {
  it.each([
    ["/usr/lib/xen/boot/pv-grub-x86_64.gz", "x86_64"],
    ["/usr/lib/xen-4.2/boot/pv-grub-x86_32.gz", "x86_32"],
    ["/usr/lib/grub-xen/grub-x86_64-xen.bin", "x86_64"],
    ["/usr/lib/grub-xen/grub-i386-xen.bin", "x86_32"],
    ["/usr/lib/xen/boot/pv-grub.gz", undefined],
    ["/x86_64/pv-grub.gz", undefined],
  ] as const)("reads %s", (path, arch) => {
    expect(pvGrubImageArch(path)).toBe(arch);
  });
});

describe("assertPvGrubArch", () => {
  it("passes a match and throws a mismatch with the fix", () => {
    expect(() => assertPvGrubArch(defaultPvGrubKernel("x86_32"), "x86_32", "kernel")).not.toThrow();
    expect(() => assertPvGrubArch(defaultPvGrubKernel("x86_64"), "x86_32", "kernel")).toThrow(
      'kernel: "/usr/lib/xen/boot/pv-grub-x86_64.gz" is a 64-bit PV-GRUB but the guest is declared x86_32; Xen builds a PV domain 32- or 64-bit for good, so use pv-grub-x86_32.gz',
    );
  });
});
