import { z } from "zod";
import type { BootEntry, BootMenu } from "./boot-entry.js";
import { formatBootFile } from "./boot-file.js";
import type { BootLayout } from "./boot-layout.js";
import { checkPvGrubDisks, diskDevice, type DiskReference } from "./check-boot-disks.js";
import { domainDiskInputSchema, toDomainDisk, type DomainDisk } from "./domain-disk.js";
import {
  DiskLayoutError,
  InvalidMenuInputError,
  RelativeBootPathError,
  UnsafeMenuTextError,
  type DiskLayoutProblem,
} from "./errors.js";
import { formatGrubDevice, type GrubDevice } from "./grub-device.js";
import { unsafeTextReason } from "./menu-text.js";
import { bootEntryInputSchema, entryFromInput, parseWithSchema } from "./menu-input.js";
import { assertPvGrubArch, defaultPvGrubKernel, guestArch, type GuestArch } from "./pv-grub-arch.js";
import { pvGrubDiskOrder } from "./pv-grub-disk-order.js";
import { renderMenuLst } from "./render-menu-lst.js";
import { validateBootMenu } from "./validate-menu.js";
import { renderXlBootFields, xlDiskSpec } from "./xl-boot-fields.js";

const index = z.number().int().min(0);

/** The input of {@link pvGrubLayout}. */
export const pvGrubLayoutInputSchema = z.strictObject({
  /** The guest kernel's architecture: x86_64 (amd64) or x86_32 (i386, i686). */
  guestArch: z.string(),
  /** The domain's disks, in config order. */
  disks: z.array(domainDiskInputSchema).min(1).readonly(),
  /** vdev of the customer's disk. @default the first disk */
  customerDisk: z.string().optional(),
  /** vdev of the read-only rescue disk. */
  rescueDisk: z.string(),
  /** Partition of the customer's disk holding /boot; null for an unpartitioned disk. @default 0 */
  customerPartition: index.nullable().optional(),
  /** Partition of the rescue disk; null when the image is one filesystem. @default null */
  rescuePartition: index.nullable().optional(),
  /** PV-GRUB in dom0 (the `kernel` field). @default "/usr/lib/xen/boot/pv-grub-<arch>.gz" */
  pvGrubKernel: z.string().optional(),
  /** Architecture of `pvGrubKernel` when its name does not say. */
  pvGrubKernelArch: z.string().optional(),
  /** Path of both menus inside their filesystems. @default "/boot/grub/menu.lst" */
  menuPath: z.string().optional(),
  /** The rescue disk's menu, which PV-GRUB loads first. */
  rescueMenu: z.strictObject({
    /** PV-GRUB on the rescue disk, chain-loaded by entry 0. @default "/boot/pv-grub-<arch>.gz" */
    pvGrubImage: z.string().optional(),
    /** Architecture of `pvGrubImage` when its name does not say. */
    pvGrubImageArch: z.string().optional(),
    /** Title of entry 0. @default "Xen domain boot" */
    bootTitle: z.string().optional(),
    /** @default 5 */
    timeout: index.optional(),
    /** Rescue and installer entries (root defaults to the rescue disk). */
    entries: z.array(bootEntryInputSchema).readonly(),
    comment: z.string().optional(),
  }),
  /** The customer's own menu.lst, which they may edit. */
  customerMenu: z.strictObject({
    /** @default 5 */
    timeout: index.optional(),
    /** @default 0 */
    default: index.optional(),
    /** Their kernels (root defaults to the customer's /boot partition). */
    entries: z.array(bootEntryInputSchema).min(1).readonly(),
    comment: z.string().optional(),
  }),
});

/** The input of {@link pvGrubLayout}; see {@link pvGrubLayoutInputSchema}. */
export type PvGrubLayoutInput = z.input<typeof pvGrubLayoutInputSchema>;

const RESCUE_COMMENT =
  "Rescue disk menu, loaded first by PV-GRUB. Entry 0 chain-loads PV-GRUB on your own\n" +
  "/boot/grub/menu.lst; the other entries boot the read-only rescue and installer images.";
const CUSTOMER_COMMENT =
  "Your boot menu, read by PV-GRUB inside your domain. Edit it freely: if it breaks,\n" +
  "choose a rescue entry from the menu shown before this one.";

function readArch(text: string, path: string): GuestArch {
  const arch = guestArch(text);
  if (arch === undefined) {
    throw new InvalidMenuInputError([
      {
        path,
        message: `"${text}" is not an architecture PV-GRUB exists for; use x86_64 (amd64) or x86_32 (i386)`,
      },
    ]);
  }
  return arch;
}

function checkAbsolute(path: string, where: string): void {
  if (!path.startsWith("/")) {
    throw new RelativeBootPathError(where, `"${path}" is not absolute; give the full path`);
  }
  const reason = unsafeTextReason(path, "path", "menu.lst");
  if (reason !== undefined) throw new UnsafeMenuTextError(where, reason);
}

function deviceOf(disks: readonly DomainDisk[], vdev: string, partition: number | null): GrubDevice {
  return diskDevice(disks, vdev, "pv-grub", partition ?? undefined) ?? { disk: 0 };
}

function existingDiskProblems(menu: BootMenu, count: number, where: string): DiskLayoutProblem[] {
  return menu.entries.flatMap((entry, i) =>
    [entry.root, entry.kernel.device, entry.initrd?.device].flatMap((device): DiskLayoutProblem[] =>
      device !== undefined && device.disk >= count
        ? [
            {
              code: "DISK_MISSING",
              path: `${where}.entries[${String(i)}]`,
              message: `${formatGrubDevice(device)} names a disk the domain does not have (it has ${String(count)})`,
            },
          ]
        : [],
    ),
  );
}

function orderNotes(disks: readonly DomainDisk[]): string[] {
  return pvGrubDiskOrder(disks)
    .filter((numbered) => numbered.hd !== numbered.position)
    .map(
      (numbered) =>
        `PV-GRUB numbers disks by vdev, not by list position: ${numbered.disk.vdev} (position ${String(numbered.position)}) is hd${String(numbered.hd)}`,
    );
}

/**
 * The PV-GRUB layout with an indestructible rescue menu. The domain boots
 * PV-GRUB from dom0 (`kernel = …/pv-grub-<arch>.gz`), which loads the menu on
 * the read-only rescue disk (`extra = "(hdR)/boot/grub/menu.lst"`). Its entry
 * 0 chain-loads PV-GRUB again on the customer's `(hdC,0)/boot/grub/menu.lst`;
 * the other entries boot rescue and installer images — so however badly the
 * customer breaks their own menu, the rescue menu still comes first.
 *
 * Checks the architecture of both PV-GRUB images against the guest
 * ({@link PvGrubArchMismatchError}), the disk list ({@link DiskLayoutError}:
 * rescue disk read-only, every `(hdN)` naming the intended disk in PV-GRUB's
 * vdev-sorted numbering) and every text.
 *
 * @example
 * ```ts
 * const layout = pvGrubLayout({
 *   guestArch: "x86_64",
 *   disks: [
 *     { target: "/dev/denmark/horatio", vdev: "xvda", access: "rw" },
 *     { target: "/dev/denmark/rescue", vdev: "xvde", access: "ro" },
 *   ],
 *   rescueDisk: "xvde",
 *   rescueMenu: {
 *     entries: [{ title: "CentOS rescue", kernel: "/boot/vmlinuz-rescue", args: "ro root=LABEL=RESCUE" }],
 *   },
 *   customerMenu: {
 *     entries: [{ title: "CentOS", kernel: "/boot/vmlinuz", args: "console=hvc0 root=LABEL=PRGMRDISK1 ro" }],
 *   },
 * });
 * layout.config.extra; // "(hd1)/boot/grub/menu.lst"
 * ```
 */
export function pvGrubLayout(input: PvGrubLayoutInput): BootLayout {
  const parsed = parseWithSchema(pvGrubLayoutInputSchema, input);
  const arch = readArch(parsed.guestArch, "guestArch");
  const disks = parsed.disks.map(toDomainDisk);
  const customerDisk = parsed.customerDisk ?? disks[0]?.vdev ?? "";
  const menuPath = parsed.menuPath ?? "/boot/grub/menu.lst";
  checkAbsolute(menuPath, "menuPath");

  const pvGrubKernel = parsed.pvGrubKernel ?? defaultPvGrubKernel(arch);
  checkAbsolute(pvGrubKernel, "pvGrubKernel");
  assertPvGrubArch(
    pvGrubKernel,
    arch,
    "pvGrubKernel",
    parsed.pvGrubKernelArch === undefined ? undefined : readArch(parsed.pvGrubKernelArch, "pvGrubKernelArch"),
  );
  const pvGrubImage = parsed.rescueMenu.pvGrubImage ?? `/boot/pv-grub-${arch}.gz`;
  checkAbsolute(pvGrubImage, "rescueMenu.pvGrubImage");
  assertPvGrubArch(
    pvGrubImage,
    arch,
    "rescueMenu.pvGrubImage",
    parsed.rescueMenu.pvGrubImageArch === undefined
      ? undefined
      : readArch(parsed.rescueMenu.pvGrubImageArch, "rescueMenu.pvGrubImageArch"),
  );

  const roles = { customer: customerDisk, rescue: parsed.rescueDisk };
  const early = checkPvGrubDisks(disks, roles);
  if (early.length > 0) throw new DiskLayoutError(early);

  const rescueDevice = deviceOf(disks, parsed.rescueDisk, parsed.rescuePartition ?? null);
  const customerDevice = deviceOf(disks, customerDisk, parsed.customerPartition ?? 0);
  const extra = formatBootFile({ device: rescueDevice, path: menuPath });

  const withRoot = (entry: BootEntry, root: GrubDevice): BootEntry =>
    entry.root === undefined ? { ...entry, root } : entry;
  const chainLoad: BootEntry = {
    title: parsed.rescueMenu.bootTitle ?? "Xen domain boot",
    root: rescueDevice,
    kernel: { path: pvGrubImage },
    args: formatBootFile({ device: customerDevice, path: menuPath }),
    modules: [],
  };
  const rescueMenu: BootMenu = {
    default: 0,
    timeout: parsed.rescueMenu.timeout ?? 5,
    entries: [
      chainLoad,
      ...parsed.rescueMenu.entries.map((entry, i) =>
        withRoot(entryFromInput(entry, `rescueMenu.entries[${String(i)}]`), rescueDevice),
      ),
    ],
  };
  const customerMenu: BootMenu = {
    default: parsed.customerMenu.default ?? 0,
    timeout: parsed.customerMenu.timeout ?? 5,
    entries: parsed.customerMenu.entries.map((entry, i) =>
      withRoot(entryFromInput(entry, `customerMenu.entries[${String(i)}]`), customerDevice),
    ),
  };

  const references: DiskReference[] = [
    { path: "extra", device: rescueDevice, vdev: parsed.rescueDisk },
    { path: "rescueMenu.entries[0].args", device: customerDevice, vdev: customerDisk },
  ];
  const problems = [
    ...checkPvGrubDisks(disks, roles, references),
    ...existingDiskProblems(rescueMenu, disks.length, "rescueMenu"),
    ...existingDiskProblems(customerMenu, disks.length, "customerMenu"),
  ];
  if (problems.length > 0) throw new DiskLayoutError(problems);

  validateBootMenu(rescueMenu, "menu.lst", [
    "rescueMenu.bootTitle",
    ...parsed.rescueMenu.entries.map((_, i) => `rescueMenu.entries[${String(i)}]`),
  ]);
  validateBootMenu(
    customerMenu,
    "menu.lst",
    parsed.customerMenu.entries.map((_, i) => `customerMenu.entries[${String(i)}]`),
  );
  const rescueText = renderMenuLst(rescueMenu, { comment: parsed.rescueMenu.comment ?? RESCUE_COMMENT });
  const customerText = renderMenuLst(customerMenu, {
    comment: parsed.customerMenu.comment ?? CUSTOMER_COMMENT,
  });
  const config = {
    kernel: pvGrubKernel,
    extra,
    disk: disks.map((disk, i) => xlDiskSpec(disk, `disks[${String(i)}]`)),
  };
  return {
    loader: "pv-grub",
    config,
    configText: renderXlBootFields(config),
    files: [
      {
        role: "rescue-menu",
        disk: parsed.rescueDisk,
        path: menuPath,
        format: "menu.lst",
        menu: rescueMenu,
        text: rescueText,
      },
      {
        role: "customer-menu",
        disk: customerDisk,
        path: menuPath,
        format: "menu.lst",
        menu: customerMenu,
        text: customerText,
      },
    ],
    notes: orderNotes(disks),
  };
}
