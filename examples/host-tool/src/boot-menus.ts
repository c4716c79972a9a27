import type { Inventory, InventoryDomain } from "@dom0kit/inventory";
import {
  nextFreeVdev,
  pvGrubLayout,
  pygrubLayout,
  type BootLayout,
  type DomainDiskInput,
  type MenuFormat,
} from "@dom0kit/grub-menu";
import { CliError } from "./cli-error.js";

/** What the inventory does not say about a guest's kernels: command-line choices with defaults. */
export interface MenuChoices {
  /** The distro kernel inside the guest. @default "/boot/vmlinuz" (Debian's symlink) */
  readonly kernel: string;
  /** Its initrd; `""` for none. @default "/boot/initrd.img" */
  readonly initrd: string;
  /** The guest's root filesystem for `root=`. @default derived from the disks */
  readonly root?: string;
  /** Kernel arguments besides `root=… ro`. @default "console=hvc0" */
  readonly args: string;
  /** pygrub domains only. @default "menu.lst" */
  readonly format: MenuFormat;
}

/** The defaults of {@link MenuChoices}. */
export const DEFAULT_MENU_CHOICES: MenuChoices = {
  kernel: "/boot/vmlinuz",
  initrd: "/boot/initrd.img",
  args: "console=hvc0",
  format: "menu.lst",
};

/** The domains whose boot menus dom0kit writes: those booted by pygrub or PV-GRUB. */
export function menuDomains(inventory: Inventory): InventoryDomain[] {
  return inventory.domains.filter((domain) => domain.boot.loader !== "kernel");
}

interface Disks {
  readonly disks: DomainDiskInput[];
  readonly rescue: string;
}

function disksOf(inventory: Inventory, domain: InventoryDomain): Disks {
  const disks: DomainDiskInput[] = domain.disks.map((disk) => ({
    target: disk.source,
    vdev: disk.vdev,
    access: disk.access,
    format: disk.format,
  }));
  if (domain.boot.rescue) {
    const image = inventory.host.boot.rescueDisk;
    if (image === undefined) {
      throw new CliError(
        `domain ${domain.name} wants the rescue disk but host.boot.rescueDisk is not set`,
        "set host.boot.rescueDisk in the inventory, or boot.rescue: false for this domain",
      );
    }
    const vdev = nextFreeVdev(disks.map((disk) => disk.vdev));
    disks.push({ target: image, vdev, access: "ro" });
    return { disks, rescue: vdev };
  }
  const own = domain.disks.filter((disk) => disk.access === "ro").at(-1);
  if (own === undefined) {
    throw new CliError(
      `domain ${domain.name} has no rescue disk: boot.rescue is false and none of its disks is read-only`,
      "set boot.rescue: true to attach the host's rescue image, or add the domain's own read-only rescue disk",
    );
  }
  return { disks, rescue: own.vdev };
}

/** `root=` for the guest: the first writable disk after the /boot disk, else the /boot disk's first partition. */
function rootDevice(domain: InventoryDomain, choices: MenuChoices): string {
  if (choices.root !== undefined) return choices.root;
  const writable = domain.disks.filter((disk) => disk.access === "rw");
  const data = domain.boot.loader === "pygrub" ? writable[1] : undefined;
  const first = writable[0]?.vdev ?? "xvda";
  return data === undefined ? `/dev/${/[0-9]$/.test(first) ? first : `${first}1`}` : `/dev/${data.vdev}`;
}

function kernelEntry(title: string, choices: MenuChoices, args: string) {
  return {
    title,
    kernel: choices.kernel,
    args,
    ...(choices.initrd === "" ? {} : { initrd: choices.initrd }),
  };
}

/**
 * The boot layout of one domain, from the inventory and the command line's
 * choices: PyGRUB (menu on the first disk, rescue-disk entry by label) or
 * PV-GRUB (rescue menu on the read-only rescue disk, falling through to the
 * customer's own menu.lst).
 *
 * @example
 * ```ts
 * const layout = domainBootLayout(inventory, horatio, DEFAULT_MENU_CHOICES);
 * layout.config.extra; // "(hd1)/boot/grub/menu.lst"
 * ```
 */
export function domainBootLayout(
  inventory: Inventory,
  domain: InventoryDomain,
  choices: MenuChoices,
): BootLayout {
  const { disks, rescue } = disksOf(inventory, domain);
  const label = inventory.host.boot.rescueLabel;
  const root = `root=${rootDevice(domain, choices)} ro`;
  const args = choices.args === "" ? root : `${root} ${choices.args}`;
  if (domain.boot.loader === "pygrub") {
    return pygrubLayout({
      disks,
      rescueDisk: rescue,
      format: choices.format,
      distro: kernelEntry(`${domain.name} (distro kernel)`, choices, args),
      rescue: {
        kernel: choices.kernel,
        ...(choices.initrd === "" ? {} : { initrd: choices.initrd }),
        label,
        args: choices.args,
      },
    });
  }
  const rescueArgs = [`root=LABEL=${label}`, "ro", choices.args].filter((part) => part !== "").join(" ");
  return pvGrubLayout({
    guestArch: domain.boot.arch,
    disks,
    rescueDisk: rescue,
    pvGrubKernel: `${inventory.host.boot.pvGrubDir}/pv-grub-${domain.boot.arch}.gz`,
    rescueMenu: { entries: [kernelEntry("rescue image", choices, rescueArgs)] },
    customerMenu: { entries: [kernelEntry(domain.name, choices, args)] },
  });
}
