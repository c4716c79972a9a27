import { createCipheriv, createHash } from "node:crypto";
import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import { parseLvPath } from "../fs/lv-path.js";
import { parseByteSize } from "../size.js";
import { SimHost, type SimHostOptions } from "../sim-host.js";
import type { InventoryLike } from "./inventory-like.js";

type InventoryDomain = InventoryLike["domains"][number];

const DEFAULT_DISK_BYTES = 1024 ** 3;
const RESCUE_DISK = "256M";

function quote(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** The vcpus an inventory domain boots with: as given, else one per 1 GiB of memory (at least one). */
function vcpusOf(domain: InventoryDomain): number {
  return domain.vcpus ?? Math.max(1, Math.min(8, Math.round(domain.memory / 1024)));
}

/**
 * The xl.cfg a simulated host creates an inventory domain from: name, type,
 * memory, vcpus, weight (default: memory in MiB), cap, pinning, disks (the
 * host's rescue disk read-only last), vifs, and the boot loader.
 *
 * @example
 * ```ts
 * xlConfigForDomain(inventory.domains[0], inventory.host);
 * // 'name = "horatio"\ntype = "pv"\nmemory = 1024\n…'
 * ```
 */
export function xlConfigForDomain(domain: InventoryDomain, host: InventoryLike["host"]): string {
  const lines = [
    `name = ${quote(domain.name)}`,
    `type = ${quote(domain.type ?? "pv")}`,
    `memory = ${String(domain.memory)}`,
  ];
  if (domain.maxmem !== undefined) lines.push(`maxmem = ${String(domain.maxmem)}`);
  lines.push(`vcpus = ${String(vcpusOf(domain))}`);
  if (domain.maxvcpus !== undefined) lines.push(`maxvcpus = ${String(domain.maxvcpus)}`);
  lines.push(`cpu_weight = ${String(domain.weight ?? Math.min(65535, domain.memory))}`);
  if (domain.cap !== undefined) lines.push(`cap = ${String(domain.cap)}`);
  if (domain.cpus !== undefined && domain.cpus.length > 0)
    lines.push(`cpus = [${domain.cpus.map((cpu) => quote(String(cpu))).join(", ")}]`);
  const disks = domain.disks.map(
    (disk) =>
      `format=${disk.format ?? "raw"}, vdev=${disk.vdev}, access=${disk.access ?? "rw"}, target=${disk.source}`,
  );
  const rescue = host.boot?.rescueDisk;
  if (rescue !== undefined && domain.boot.rescue !== false && domain.boot.loader !== "kernel") {
    const used = new Set(domain.disks.map((disk) => disk.vdev));
    const vdev = ["xvdz", "xvdy", "xvdx"].find((candidate) => !used.has(candidate)) ?? "xvdw";
    disks.push(`format=raw, vdev=${vdev}, access=ro, target=${rescue}`);
  }
  lines.push(`disk = [ ${disks.map(quote).join(", ")} ]`);
  const vifs = (domain.network ?? []).map((vif) =>
    [
      `mac=${vif.mac}`,
      `bridge=${vif.bridge ?? host.network.bridge ?? "xenbr0"}`,
      `vifname=${vif.vifname}`,
      ...(vif.ips !== undefined && vif.ips.length > 0 ? [`ip=${vif.ips.join(" ")}`] : []),
    ].join(","),
  );
  if (vifs.length > 0) lines.push(`vif = [ ${vifs.map(quote).join(", ")} ]`);
  const boot = domain.boot;
  if (boot.loader === "pygrub") lines.push(`bootloader = "pygrub"`);
  if (boot.loader === "pv-grub") {
    lines.push(
      `kernel = ${quote(`${host.boot?.pvGrubDir ?? "/usr/lib/xen/boot"}/pv-grub-${boot.arch ?? "x86_64"}.gz`)}`,
    );
    lines.push(`extra = "(hd0,0)/boot/grub/menu.lst"`);
  }
  if (boot.loader === "kernel") {
    if (boot.kernel !== undefined) lines.push(`kernel = ${quote(boot.kernel)}`);
    if (boot.ramdisk !== undefined) lines.push(`ramdisk = ${quote(boot.ramdisk)}`);
    if (boot.extra !== undefined) lines.push(`extra = ${quote(boot.extra)}`);
  }
  lines.push(`on_poweroff = "destroy"`, `on_reboot = "restart"`, `on_crash = "restart"`);
  return `${lines.join("\n")}\n`;
}

/**
 * Recognisable content for a simulated disk: a boot sector naming the disk
 * (with the 0x55AA signature) and 1 MiB of pseudo-random data at 1 MiB, so
 * backups copy, compress and checksum real, disk-specific bytes.
 */
export function diskContent(domain: string, vdev: string): { offset: number; bytes: Buffer }[] {
  const sector = Buffer.alloc(512);
  sector.write(`dom0kit-sim disk ${domain} ${vdev}\n`, 0, "ascii");
  sector[510] = 0x55;
  sector[511] = 0xaa;
  // AES-128-CTR over zeros, keyed by the disk's name: deterministic, incompressible and fast.
  const key = createHash("sha256").update(`${domain}/${vdev}`).digest().subarray(0, 16);
  const noise = createCipheriv("aes-128-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(1024 * 1024));
  return [
    { offset: 0, bytes: sector },
    { offset: 1024 * 1024, bytes: noise },
  ];
}

async function writeDisk(
  path: string,
  size: number,
  content: readonly { offset: number; bytes: Buffer }[],
  isLv: boolean,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, isLv ? "r+" : "w");
  try {
    if (!isLv) await file.truncate(size);
    for (const piece of content)
      if (piece.offset + piece.bytes.length <= size)
        await file.write(piece.bytes, 0, piece.bytes.length, piece.offset);
  } finally {
    await file.close();
  }
}

function volumeGroupsOf(inventory: InventoryLike): { name: string; size: number }[] {
  const sources = [
    ...inventory.domains.flatMap((domain) => domain.disks.map((disk) => disk.source)),
    ...(inventory.host.boot?.rescueDisk === undefined ? [] : [inventory.host.boot.rescueDisk]),
  ];
  const names = new Set<string>();
  for (const source of sources) {
    const match = /^\/dev\/([^/]+)\/[^/]+$/.exec(source);
    if (match !== null && match[1] !== "mapper") names.add(match[1] as string);
  }
  if (names.size === 0) names.add("vg0");
  return [...names].map((name) => ({ name, size: 1024 ** 4 }));
}

/** Options of {@link initFromInventory}. */
export interface InitFromInventoryOptions extends SimHostOptions {
  /** Replace a simulated host already in the directory. @default false */
  readonly replace?: boolean;
  /** Start the domains (`xl create`) after creating their disks. @default true */
  readonly start?: boolean;
  /**
   * Write each domain's xl.cfg (and start it unless `start` is false). False
   * leaves a host with its volume groups and disks only, for a tool that writes
   * the configs and creates the domains itself (`dom0kit apply`). @default true
   */
  readonly domains?: boolean;
}

/**
 * Builds a simulated dom0 from an inventory: the host's CPUs, memory,
 * scheduler, dom0, NIC and bridge; a volume group per `/dev/VG/…` disk source;
 * every disk (LV or image file) as a sparse file with recognisable content;
 * each domain's xl.cfg in `/etc/xen/NAME.cfg`, created with `xl create`.
 *
 * @example
 * ```ts
 * const sim = await initFromInventory("/tmp/dom0", await loadInventory("dom0kit.yaml"), { replace: true });
 * ```
 */
export async function initFromInventory(
  dir: string,
  inventory: InventoryLike,
  options: InitFromInventoryOptions = {},
): Promise<SimHost> {
  const host = inventory.host;
  const sim = await SimHost.create(dir, {
    ...options,
    host: {
      hostname: host.name,
      cpus: host.cpus,
      memoryMiB: host.memory,
      ...(host.scheduler === undefined ? {} : { scheduler: host.scheduler }),
      dom0: {
        memoryMiB: host.dom0?.memory ?? 1024,
        weight: host.dom0?.weight ?? 256,
        vcpus: Math.min(2, host.cpus),
      },
      volumeGroups: volumeGroupsOf(inventory),
      nics: [host.network.interface],
      bridges: [host.network.bridge ?? "xenbr0"],
    },
    replace: options.replace ?? false,
  });
  const vgs = volumeGroupsOf(inventory).map((vg) => vg.name);
  const made = new Set<string>();
  const makeDisk = async (source: string, size: string, owner: string, vdev: string): Promise<void> => {
    if (made.has(source)) return;
    made.add(source);
    const bytes = parseByteSize(size) ?? DEFAULT_DISK_BYTES;
    const lv = parseLvPath(source, vgs);
    if (lv !== undefined) {
      await sim.run({ file: "lvcreate", args: ["-L", `${String(bytes)}b`, "-n", lv.name, lv.vg] });
    }
    await writeDisk(await sim.hostPath(source), bytes, diskContent(owner, vdev), lv !== undefined);
  };
  if (host.boot?.rescueDisk !== undefined)
    await makeDisk(host.boot.rescueDisk, RESCUE_DISK, "rescue", "rescue");
  for (const domain of inventory.domains) {
    for (const disk of domain.disks) await makeDisk(disk.source, disk.size ?? "1G", domain.name, disk.vdev);
    if (options.domains === false) continue;
    const configPath = `/etc/xen/${domain.name}.cfg`;
    await sim.writeFile(configPath, xlConfigForDomain(domain, host));
    if (options.start !== false) await sim.run({ file: "xl", args: ["create", configPath] });
  }
  return sim;
}
