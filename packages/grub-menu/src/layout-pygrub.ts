import { z } from "zod";
import type { BootEntry, BootMenu } from "./boot-entry.js";
import type { BootLayout } from "./boot-layout.js";
import { checkPygrubDisks, type DiskReference } from "./check-boot-disks.js";
import { domainDiskInputSchema, toDomainDisk } from "./domain-disk.js";
import { DiskLayoutError, InvalidMenuInputError, UnsafeMenuTextError } from "./errors.js";
import type { GrubDevice } from "./grub-device.js";
import {
  argsFromInput,
  argsInputSchema,
  bootEntryInputSchema,
  deviceFromInput,
  deviceInputSchema,
  entryFromInput,
  fileFromInput,
  fileInputSchema,
  parseWithSchema,
} from "./menu-input.js";
import { PYGRUB_CONFIG_PATHS, pygrubFormatAt } from "./pygrub-config-paths.js";
import { renderGrubCfg } from "./render-grub-cfg.js";
import { validateBootMenu } from "./validate-menu.js";
import { renderMenuLst } from "./render-menu-lst.js";
import { renderXlBootFields, xlDiskSpec } from "./xl-boot-fields.js";

const kernelEntrySchema = z.strictObject({
  title: z.string().optional(),
  kernel: fileInputSchema,
  initrd: fileInputSchema.optional(),
  args: argsInputSchema.optional(),
});

/** The input of {@link pygrubLayout}. */
export const pygrubLayoutInputSchema = z.strictObject({
  /** The domain's disks, in config order. */
  disks: z.array(domainDiskInputSchema).min(1).readonly(),
  /** vdev of the disk holding /boot. @default the first disk */
  bootDisk: z.string().optional(),
  /** vdev of the read-only rescue disk. */
  rescueDisk: z.string(),
  /** The `bootloader` value. @default "pygrub" (xl finds it in its libexec dir; "/usr/bin/pygrub" is deprecated) */
  bootloader: z.string().optional(),
  /** Which file to write. @default "menu.lst" */
  format: z.enum(["menu.lst", "grub.cfg"]).optional(),
  /** Path of the menu inside the /boot disk. @default "/boot/grub/menu.lst" (or "/boot/grub/grub.cfg") */
  menuPath: z.string().optional(),
  /** The `root` of every entry. @default "(hd0,0)" */
  root: deviceInputSchema.optional(),
  /** @default 5 */
  timeout: z.number().int().min(0).optional(),
  /** @default 0 (the distro kernel) */
  default: z.number().int().min(0).optional(),
  /** The distro kernel, the default entry. `title` @default "distro kernel" */
  distro: kernelEntrySchema,
  /** A generic Xen kernel kept as a fallback. `title` @default "generic kernel" */
  generic: kernelEntrySchema.optional(),
  /** The rescue entry: a kernel on /boot that mounts the rescue image by label. */
  rescue: z.strictObject({
    /** @default "rescue-disk" */
    title: z.string().optional(),
    kernel: fileInputSchema,
    initrd: fileInputSchema.optional(),
    /** Filesystem label of the rescue image. @default "RESCUE" */
    label: z.string().optional(),
    /** Arguments before `root=LABEL=… ro`. @default "console=hvc0" */
    args: argsInputSchema.optional(),
  }),
  /** More entries, after the rescue entry. */
  extraEntries: z.array(bootEntryInputSchema).readonly().optional(),
  /** A comment for the top of the menu. */
  comment: z.string().optional(),
});

/** The input of {@link pygrubLayout}; see {@link pygrubLayoutInputSchema}. */
export type PygrubLayoutInput = z.input<typeof pygrubLayoutInputSchema>;

const DEFAULT_COMMENT =
  "Boot menu read by pygrub from dom0. Edit freely, but keep the rescue-disk entry:\n" +
  "it boots the read-only rescue image so you can always repair this system.";

/**
 * Checks a filesystem label for `root=LABEL=…`: it must survive the kernel
 * command line (no spaces) and fit every common filesystem's label field.
 *
 * @example
 * ```ts
 * checkRescueLabel("RESCUE", "rescue.label"); // ok
 * checkRescueLabel("MY RESCUE", "rescue.label"); // throws UnsafeMenuTextError
 * ```
 */
export function checkRescueLabel(label: string, path: string): void {
  if (!/^[A-Za-z0-9._-]{1,16}$/.test(label)) {
    throw new UnsafeMenuTextError(
      path,
      `${JSON.stringify(label)} is not a usable filesystem label; use 1–16 characters from A–Z a–z 0–9 . _ -`,
    );
  }
}

function rescueArgs(args: string, label: string, path: string): string {
  if (/(^|\s)root=/.test(args)) {
    throw new InvalidMenuInputError([
      { path, message: `the rescue entry sets root=LABEL=${label} itself; leave root= out of its args` },
    ]);
  }
  return [args, `root=LABEL=${label}`, "ro"].filter((part) => part !== "").join(" ");
}

function kernelEntry(
  input: z.infer<typeof kernelEntrySchema>,
  defaultTitle: string,
  root: GrubDevice,
  path: string,
): BootEntry {
  return {
    title: input.title ?? defaultTitle,
    root,
    kernel: fileFromInput(input.kernel, `${path}.kernel`),
    args: argsFromInput(input.args, `${path}.args`),
    modules: [],
    ...(input.initrd === undefined ? {} : { initrd: fileFromInput(input.initrd, `${path}.initrd`) }),
  };
}

/**
 * The PyGRUB layout: pygrub (in dom0) reads the menu on the domain's first
 * disk, which holds /boot. The menu has the distro kernel (default), a
 * generic kernel, and a `rescue-disk` entry that boots a kernel from /boot
 * with `root=LABEL=RESCUE ro`, mounting the read-only rescue image. Returns
 * the config fields (`bootloader = "pygrub"`, the /boot disk first) and the
 * menu file; checks the disk list (throws {@link DiskLayoutError}) and every
 * text (typed errors from {@link defineBootMenu}'s family).
 *
 * @example
 * ```ts
 * const layout = pygrubLayout({
 *   disks: [
 *     { target: "/dev/verona/lsc_boot", vdev: "xvda", access: "rw" },
 *     { target: "/dev/verona_left/lsc", vdev: "xvdb", access: "rw" },
 *     { target: "/var/images/centos_ro_rescue.img", vdev: "xvdd", access: "ro" },
 *   ],
 *   rescueDisk: "xvdd",
 *   distro: { title: "centos", kernel: "/boot/vmlinuz-2.6.18-53.1.6.el5xen", args: "console=hvc0 root=/dev/xvdb ro" },
 *   rescue: { kernel: "/boot/vmlinuz-2.6.18-53.1.6.el5xen" },
 * });
 * layout.configText; // bootloader = "pygrub"\ndisk = [ … ]
 * layout.files[0]?.text; // the menu.lst for /boot
 * ```
 */
export function pygrubLayout(input: PygrubLayoutInput): BootLayout {
  const parsed = parseWithSchema(pygrubLayoutInputSchema, input);
  const disks = parsed.disks.map(toDomainDisk);
  const bootDisk = parsed.bootDisk ?? disks[0]?.vdev ?? "";
  const root = deviceFromInput(parsed.root ?? "(hd0,0)", "root");
  const label = parsed.rescue.label ?? "RESCUE";
  checkRescueLabel(label, "rescue.label");

  const references: DiskReference[] = [{ path: "root", device: root, vdev: bootDisk }];
  const problems = checkPygrubDisks(disks, { boot: bootDisk, rescue: parsed.rescueDisk }, references);
  if (problems.length > 0) throw new DiskLayoutError(problems);

  const entries: BootEntry[] = [kernelEntry(parsed.distro, "distro kernel", root, "distro")];
  const entryPaths = ["distro"];
  if (parsed.generic !== undefined) {
    entries.push(kernelEntry(parsed.generic, "generic kernel", root, "generic"));
    entryPaths.push("generic");
  }
  const rescue = kernelEntry(
    { ...parsed.rescue, args: argsFromInput(parsed.rescue.args ?? "console=hvc0", "rescue.args") },
    "rescue-disk",
    root,
    "rescue",
  );
  entries.push({ ...rescue, args: rescueArgs(rescue.args, label, "rescue.args") });
  entryPaths.push("rescue");
  (parsed.extraEntries ?? []).forEach((entry, i) => {
    entries.push(entryFromInput(entry, `extraEntries[${String(i)}]`));
    entryPaths.push(`extraEntries[${String(i)}]`);
  });

  const menu: BootMenu = { default: parsed.default ?? 0, timeout: parsed.timeout ?? 5, entries };
  const format = parsed.format ?? "menu.lst";
  validateBootMenu(menu, format, entryPaths);
  const menuPath = parsed.menuPath ?? (format === "grub.cfg" ? "/boot/grub/grub.cfg" : "/boot/grub/menu.lst");
  if (pygrubFormatAt(menuPath) !== format) {
    throw new InvalidMenuInputError([
      {
        path: "menuPath",
        message: `pygrub does not read a ${format} at "${menuPath}"; use one of ${PYGRUB_CONFIG_PATHS.filter(
          (p) => p.format === format,
        )
          .map((p) => p.path)
          .join(", ")}`,
      },
    ]);
  }
  const comment = parsed.comment ?? DEFAULT_COMMENT;
  const text = format === "grub.cfg" ? renderGrubCfg(menu, { comment }) : renderMenuLst(menu, { comment });
  const config = {
    bootloader: parsed.bootloader ?? "pygrub",
    disk: disks.map((disk, i) => xlDiskSpec(disk, `disks[${String(i)}]`)),
  };
  return {
    loader: "pygrub",
    config,
    configText: renderXlBootFields(config),
    files: [
      {
        role: "boot-menu",
        disk: bootDisk,
        path: menuPath,
        format,
        menu,
        text,
      },
    ],
    notes:
      format === "menu.lst"
        ? [
            "pygrub looks for grub.cfg before menu.lst: if the customer installs GRUB 2 and a /boot/grub/grub.cfg appears, pygrub boots from it and this menu (with its rescue-disk entry) is no longer used",
          ]
        : [],
  };
}
