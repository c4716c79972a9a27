import { z } from "zod";
import {
  DOMAIN_NAME,
  HOST_NAME,
  INTERFACE_NAME,
  MAC,
  RATE,
  RATE_UNITS,
  SAFE_PATH,
  SIZE,
  SSH_KEY_TYPES,
  SSH_PUBLIC_KEY,
  USER_NAME,
  VDEV,
  isAddressOrCidr,
  isIpAddress,
} from "./patterns.js";

const pattern = (regex: RegExp, accepted: string) =>
  z.string({ error: `expected text: ${accepted}` }).regex(regex, { error: `expected ${accepted}` });

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number({ error: `expected ${what}: a whole number from ${String(min)} to ${String(max)}` })
    .int({ error: `expected ${what}: a whole number from ${String(min)} to ${String(max)}` })
    .min(min, { error: `expected ${what} of at least ${String(min)}` })
    .max(max, { error: `expected ${what} of at most ${String(max)}` });

const domainName = pattern(
  DOMAIN_NAME,
  "a domain name: lowercase letters, digits, '-' and '_', at most 32, starting with a letter or digit, not all digits",
);
const interfaceName = pattern(INTERFACE_NAME, "an interface name: 1-15 letters, digits, '_', '.' or '-'");
const absolutePath = pattern(SAFE_PATH, "an absolute path of letters, digits and _ . + @ / -");
const rate = pattern(
  RATE,
  `a tc rate such as 10mbit: a number and one of ${RATE_UNITS.join(", ")} (bps units are bytes)`,
);
const size = pattern(SIZE, "a size such as 512M or 4G: a whole number and K, M, G or T (binary units)");
const memoryMiB = wholeNumber("memory in MiB", 16, 16 * 1024 * 1024);

/** The scheduler settings of dom0 itself. */
export const dom0Schema = z.strictObject({
  /** dom0's credit weight: high, so it never starves of I/O servicing. @default 6000 */
  weight: wholeNumber("a credit weight", 1, 65535).default(6000),
  /** Memory reserved for dom0, in MiB. @default 1024 */
  memory: memoryMiB.default(1024),
  /** A physical CPU reserved for dom0 alone (then no domU is pinned to it). */
  dedicatedCpu: wholeNumber("a physical CPU number", 0, 4095).optional(),
});

/** The host's network: the physical NIC, the bridge, the uplink rate. */
export const hostNetworkSchema = z.strictObject({
  /** The physical interface traffic leaves on (HTB goes here). */
  interface: interfaceName,
  /** The bridge the vifs join. @default "xenbr0" */
  bridge: interfaceName.default("xenbr0"),
  /** The uplink's rate (the HTB parent class). */
  uplink: rate,
});

/** Host-wide backup settings. */
export const hostBackupSchema = z.strictObject({
  /** Where archives go: `<dir>/<domain>/<timestamp>/`. */
  dir: absolutePath,
  /** I/O priority of the copy (best-effort level 0..7; 7 is lowest). @default 7 */
  ioniceLevel: wholeNumber("a best-effort I/O level", 0, 7).default(7),
  /** Cap on the copy's read rate, as a tc-style rate (`400mbit`, `50mibps`). */
  bandwidth: rate.optional(),
});

/** Defaults for PV-GRUB and the rescue disk. */
export const hostBootSchema = z.strictObject({
  /** Directory holding pv-grub-x86_64.gz and pv-grub-x86_32.gz. @default "/usr/lib/xen/boot" */
  pvGrubDir: absolutePath.default("/usr/lib/xen/boot"),
  /** The read-only rescue image attached to every domU that asks for it. */
  rescueDisk: absolutePath.optional(),
  /** The filesystem label the rescue image boots by. @default "RESCUE" */
  rescueLabel: pattern(
    /^[A-Za-z0-9_-]{1,16}$/,
    "a filesystem label of 1-16 letters, digits, '_' or '-'",
  ).default("RESCUE"),
});

/** The dom0 itself. */
export const hostSchema = z.strictObject({
  name: pattern(HOST_NAME, "a host name: lowercase letters, digits and '-', labels joined by '.'"),
  /** Physical CPUs Xen schedules. */
  cpus: wholeNumber("a number of physical CPUs", 1, 4096),
  /** Total memory in MiB. */
  memory: memoryMiB,
  toolstack: z
    .enum(["xl", "xm"], { error: "expected xl (Xen 4.5 and later) or xm (legacy hosts)" })
    .default("xl"),
  scheduler: z.enum(["credit", "credit2"], { error: "expected credit or credit2" }).default("credit2"),
  dom0: dom0Schema.default({ weight: 6000, memory: 1024 }),
  network: hostNetworkSchema,
  backup: hostBackupSchema.optional(),
  boot: hostBootSchema.default({ pvGrubDir: "/usr/lib/xen/boot", rescueLabel: "RESCUE" }),
});

/** One virtual disk of a domU. */
export const diskSchema = z.strictObject({
  /** The backing store: `/dev/VG/LV`, another block device, or an image file. */
  source: absolutePath,
  /** The device the guest sees. */
  vdev: pattern(VDEV, "a virtual device name such as xvda, xvdb1 or sda"),
  access: z.enum(["rw", "ro"], { error: "expected rw or ro" }).default("rw"),
  format: z.enum(["raw", "qcow2", "vhd", "qed"], { error: "expected raw, qcow2, vhd or qed" }).default("raw"),
  /** Size, used when creating the disk (a simulated host, a new LV). */
  size: size.optional(),
});

/** Bandwidth for one interface. */
export const rateSchema = z.strictObject({
  /** Toward the domU (a TBF qdisc on its vif). */
  in: rate.optional(),
  /** Away from the domU, guaranteed (its HTB class rate). */
  out: rate.optional(),
  /** Away from the domU, the most it may borrow (HTB ceil). @default the `out` rate */
  ceil: rate.optional(),
});

/** One network interface of a domU. */
export const interfaceSchema = z.strictObject({
  /** The vif's name in dom0. */
  vifname: interfaceName,
  mac: pattern(MAC, "a unicast MAC address in lowercase, such as 00:16:3e:5a:01:02"),
  ips: z
    .array(z.string().refine(isIpAddress, { error: "expected an IPv4 or IPv6 address" }), {
      error: "expected a list of IP addresses",
    })
    .default([]),
  /** @default the host's bridge */
  bridge: interfaceName.optional(),
  rate: rateSchema.optional(),
});

/** How a domU boots. */
export const bootSchema = z.strictObject({
  loader: z.enum(["pygrub", "pv-grub", "kernel"], { error: "expected pygrub, pv-grub or kernel" }),
  /** The guest's architecture; PV-GRUB's must match it. @default "x86_64" */
  arch: z.enum(["x86_64", "x86_32"], { error: "expected x86_64 or x86_32" }).default("x86_64"),
  /** Attach the host's read-only rescue disk. @default true */
  rescue: z.boolean({ error: "expected true or false" }).default(true),
  /** For `loader: kernel`: the kernel, initrd and command line. */
  kernel: absolutePath.optional(),
  ramdisk: absolutePath.optional(),
  extra: z
    .string()
    .regex(/^[\x20-\x7e]*$/, { error: "expected printable ASCII without newlines" })
    .optional(),
});

/** How many backups to keep. */
export const retentionSchema = z.strictObject({
  last: wholeNumber("a count", 0, 1000).default(3),
  daily: wholeNumber("a count", 0, 1000).default(0),
  weekly: wholeNumber("a count", 0, 1000).default(0),
  monthly: wholeNumber("a count", 0, 1000).default(0),
});

/** A domU's backup policy. */
export const backupPolicySchema = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }).default(true),
  /** consistent: save -p, snapshot, unpause; legacy: save, snapshot, restore; live: snapshots only. */
  mode: z
    .enum(["consistent", "legacy", "live"], { error: "expected consistent, legacy or live" })
    .default("consistent"),
  compression: z
    .enum(["zstd", "pigz", "gzip", "none"], { error: "expected zstd, pigz, gzip or none" })
    .default("zstd"),
  /** Size of each LVM snapshot (copy-on-write space while the copy runs). @default "1G" */
  snapshotSize: size.default("1G"),
  keep: retentionSchema.default({ last: 3, daily: 0, weekly: 0, monthly: 0 }),
});

/** One customer domain. */
export const domainSchema = z.strictObject({
  name: domainName,
  /** Memory in MiB. */
  memory: memoryMiB,
  maxmem: memoryMiB.optional(),
  type: z.enum(["pv", "pvh", "hvm"], { error: "expected pv, pvh or hvm" }).default("pv"),
  /** Virtual CPUs at boot. @default computed in proportion to memory */
  vcpus: wholeNumber("a number of vcpus", 1, 512).optional(),
  maxvcpus: wholeNumber("a number of vcpus", 1, 512).optional(),
  /** Credit weight (Xen counts it once per busy vcpu). @default memory in MiB ÷ vcpus, so the domain as a whole weighs its RAM */
  weight: wholeNumber("a credit weight", 1, 65535).optional(),
  /** CPU cap in % of one physical CPU; 0 = none. @default 0 */
  cap: wholeNumber("a cap in percent of one CPU", 0, 409600).optional(),
  /** Pin vcpu N to physical CPU cpus[N]. */
  cpus: z
    .array(wholeNumber("a physical CPU number", 0, 4095), {
      error: "expected a list of physical CPU numbers",
    })
    .optional(),
  disks: z
    .array(diskSchema, { error: "expected a list of disks" })
    .min(1, { error: "a domain needs at least one disk" }),
  network: z.array(interfaceSchema, { error: "expected a list of network interfaces" }).default([]),
  boot: bootSchema,
  backup: backupPolicySchema.default({
    enabled: true,
    mode: "consistent",
    compression: "zstd",
    snapshotSize: "1G",
    keep: { last: 3, daily: 0, weekly: 0, monthly: 0 },
  }),
});

/** What a customer may do from the console menu. */
export const CONSOLE_ACTIONS = ["status", "console", "start", "shutdown", "destroy", "reboot"] as const;

/** A customer with SSH access to their domains' consoles. */
export const userSchema = z.strictObject({
  name: pattern(
    USER_NAME,
    "a Unix user name: lowercase letters, digits, '_' and '-', at most 32, starting with a letter",
  ),
  keys: z
    .array(
      pattern(
        SSH_PUBLIC_KEY,
        `an SSH public key line without options: TYPE BASE64 [COMMENT], TYPE one of ${SSH_KEY_TYPES.join(", ")}`,
      ),
      { error: "expected a list of SSH public keys" },
    )
    .min(1, { error: "a user needs at least one SSH public key" }),
  domains: z
    .array(domainName, { error: "expected a list of domain names" })
    .min(1, { error: "a user needs at least one domain" }),
  actions: z
    .array(z.enum(CONSOLE_ACTIONS, { error: `expected one of ${CONSOLE_ACTIONS.join(", ")}` }))
    .default([...CONSOLE_ACTIONS]),
  /** Addresses the user may connect from (authorized_keys `from=`). */
  from: z
    .array(z.string().refine(isAddressOrCidr, { error: "expected an IP address or ADDRESS/PREFIX" }))
    .optional(),
});

/** The whole inventory file. */
export const inventorySchema = z.strictObject({
  host: hostSchema,
  domains: z.array(domainSchema, { error: "expected a list of domains" }).default([]),
  users: z.array(userSchema, { error: "expected a list of users" }).default([]),
});

export type Inventory = z.output<typeof inventorySchema>;
export type InventoryInput = z.input<typeof inventorySchema>;
export type InventoryHost = Inventory["host"];
export type InventoryDomain = Inventory["domains"][number];
export type InventoryDisk = InventoryDomain["disks"][number];
export type InventoryInterface = InventoryDomain["network"][number];
export type InventoryUser = Inventory["users"][number];
export type BackupPolicy = InventoryDomain["backup"];
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];
