import type { Inventory } from "@dom0kit/inventory";
import { DEFAULT_MENU_CHOICES, domainBootLayout, menuDomains } from "../boot-menus.js";
import type { AreaInput, AreaPlan, HostArea, InstalledFile } from "./area.js";
import { plan } from "@dom0kit/runner";

const ROLE = {
  "boot-menu": "PyGRUB boot menu",
  "rescue-menu": "rescue disk's menu",
  "customer-menu": "customer's default menu",
} as const;

function pvGrubImages(inventory: Inventory): string[] {
  const images = inventory.domains
    .filter((domain) => domain.boot.loader === "pv-grub")
    .map((domain) => `${inventory.host.boot.pvGrubDir}/pv-grub-${domain.boot.arch}.gz`);
  return [...new Set(images)];
}

async function planBoot({ inventory, runner }: AreaInput): Promise<AreaPlan> {
  const notes: string[] = [];
  for (const image of pvGrubImages(inventory)) {
    const test = await runner.run({ file: "test", args: ["-f", image], okExitCodes: [0, 1] });
    if (test.exitCode !== 0)
      notes.push(`${image} is missing: PV-GRUB domains cannot boot until it is installed`);
  }
  const count = menuDomains(inventory).length;
  if (count > 0) {
    notes.push(
      `${String(count)} boot menus live inside guests and on the rescue disk: write them with \`dom0kit render --out DIR\` (the boot fields are in each domain's config)`,
    );
  }
  return { area: "boot", title: bootArea.title, plan: plan("boot loaders", []), notes };
}

/** PyGRUB and PV-GRUB menus, with the read-only rescue disk. */
export const bootArea: HostArea = {
  name: "boot",
  title: "Boot: PyGRUB / PV-GRUB menus and the rescue disk",
  applied: true,
  plan: planBoot,
  async files(inventory: Inventory): Promise<readonly InstalledFile[]> {
    return menuDomains(inventory).flatMap((domain) =>
      domainBootLayout(inventory, domain, DEFAULT_MENU_CHOICES).files.map((file) => ({
        path: `guests/${domain.name}/${file.disk}${file.path}`,
        text: file.text,
        mode: 0o644,
        description: `${domain.name}: the ${ROLE[file.role]} on ${file.disk}`,
      })),
    );
  },
};
