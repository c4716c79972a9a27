import { z } from "zod";

/**
 * Shaping of traffic toward a domU (it leaves dom0 on the domU's vif): a TBF
 * qdisc. Rates, sizes and times are tc text (`10mbit`, `32kb`, `50ms`).
 *
 * @example
 * ```ts
 * const toward: TbfInput = { rate: "10mbit", latency: "50ms" };
 * ```
 */
export const TbfInputSchema = z
  .object({
    /** Token rate: what the domU receives at most. */
    rate: z.string(),
    /** Bucket size. @default the larger of rate/HZ and MTU + 14, as the kernel needs */
    burst: z.string().optional(),
    /** How long a packet may wait; sets the queue limit. Give this or `limit`. @default "50ms" */
    latency: z.string().optional(),
    /** Queue length in bytes, instead of `latency`. */
    limit: z.string().optional(),
    /** Short-term ceiling above `rate`; needs `mtu`. */
    peakrate: z.string().optional(),
    /** Bucket size of the peak rate (at least MTU + 14); required with `peakrate`. */
    mtu: z.string().optional(),
  })
  .strict();
/**
 * @see {@link TbfInputSchema}
 * @example
 * ```ts
 * const toward: TbfInput = { rate: "10mbit", latency: "50ms" };
 * ```
 */
export type TbfInput = z.infer<typeof TbfInputSchema>;

/**
 * Shaping of traffic away from a domU (it leaves dom0 on the uplink): one HTB
 * class, a child of the uplink class, so it can borrow idle capacity.
 *
 * @example
 * ```ts
 * const away: HtbInput = { rate: "5mbit", ceil: "20mbit" };
 * ```
 */
export const HtbInputSchema = z
  .object({
    /** Guaranteed rate. */
    rate: z.string(),
    /** Ceiling the class may borrow up to when others are idle. @default rate (no borrowing) */
    ceil: z.string().optional(),
    /** @default rate/HZ + MTU + 14, rounded up to a whole KiB */
    burst: z.string().optional(),
    /** @default ceil/HZ + MTU + 14, rounded up to a whole KiB */
    cburst: z.string().optional(),
    /** Bytes served per DRR round; at least MTU + 14. @default rate/10 bytes, clamped to MTU + 14 … 200000 */
    quantum: z.number().int().positive().optional(),
    /** 0 (first) … 7 (last) when spare capacity is shared. @default 0 */
    prio: z.number().int().min(0).max(7).optional(),
  })
  .strict();
/**
 * @see {@link HtbInputSchema}
 * @example
 * ```ts
 * const away: HtbInput = { rate: "5mbit", ceil: "20mbit" };
 * ```
 */
export type HtbInput = z.infer<typeof HtbInputSchema>;

/**
 * One domU: its vif in dom0, its addresses, and its rates. A domU with neither
 * `in` nor `out` is listed but unshaped (its outgoing traffic uses the
 * default class).
 *
 * @example
 * ```ts
 * const vm: DomainShapingInput = {
 *   name: "vm1", vif: "vif-vm1", ips: ["192.0.2.10"],
 *   in: { rate: "10mbit" }, out: { rate: "5mbit", ceil: "20mbit" },
 * };
 * ```
 */
export const DomainShapingSchema = z
  .object({
    /** The domU's name; its class id is derived from it. */
    name: z.string().min(1),
    /** Its network interface in dom0 (`vifname=` in the xl config), at most 15 bytes. */
    vif: z.string(),
    /** Its IPv4/IPv6 addresses (optionally with a prefix); the u32 strategy classifies by them. @default [] */
    ips: z.array(z.string()).default([]),
    /** Its MAC address, for reports. */
    mac: z.string().optional(),
    /** Toward the domU: a TBF qdisc on its vif. */
    in: TbfInputSchema.optional(),
    /** Away from the domU: an HTB class on the uplink. */
    out: HtbInputSchema.optional(),
    /** Pins the class minor id (hex text like `"2a"` or a number, 2 … 0xfffe). @default derived from `name` */
    classId: z.union([z.number().int(), z.string()]).optional(),
  })
  .strict();
/**
 * @see {@link DomainShapingSchema}
 * @example
 * ```ts
 * const vm: DomainShapingInput = { name: "vm1", vif: "vif1.0", out: { rate: "5mbit" } };
 * ```
 */
export type DomainShapingInput = z.input<typeof DomainShapingSchema>;

/**
 * The default class: where traffic that matches no domU goes (ARP, dom0's
 * own traffic, a vif not in the inventory) — at its own rate, never unshaped.
 *
 * @example
 * ```ts
 * const fallback: DefaultClassInput = { rate: "10mbit", ceil: "100mbit" };
 * ```
 */
export const DefaultClassSchema = z
  .object({
    /** @default 1% of the uplink, at least 8kbit */
    rate: z.string().optional(),
    /** @default the uplink rate */
    ceil: z.string().optional(),
    /** @default 0 */
    prio: z.number().int().min(0).max(7).optional(),
  })
  .strict();
/**
 * @see {@link DefaultClassSchema}
 * @example
 * ```ts
 * const fallback: DefaultClassInput = { rate: "10mbit" };
 * ```
 */
export type DefaultClassInput = z.infer<typeof DefaultClassSchema>;

/**
 * Everything tc-builder needs to shape one dom0: the uplink (the physical
 * interface, e.g. `peth0`, and its rate) and each domU.
 *
 * @example
 * ```ts
 * const input: ShapingInput = {
 *   uplink: { interface: "peth0", rate: "1gbit" },
 *   domains: [{ name: "vm1", vif: "vif-vm1", in: { rate: "10mbit" }, out: { rate: "5mbit" } }],
 * };
 * ```
 */
export const ShapingInputSchema = z
  .object({
    uplink: z
      .object({
        /** The physical interface domU traffic leaves on (`peth0`, `eth0`, a bond). */
        interface: z.string(),
        /** Its usable rate: the parent class every domU borrows from. */
        rate: z.string(),
        /** The class for unclassified traffic. */
        default: DefaultClassSchema.optional(),
      })
      .strict(),
    domains: z.array(DomainShapingSchema),
    /** The kernel's timer frequency (CONFIG_HZ); default bursts cover one tick. @default 250 */
    hz: z.number().int().min(24).max(10_000).default(250),
    /** Link MTU of the vifs and the uplink; the Ethernet header (14) is added. @default 1500 */
    mtu: z.number().int().min(68).max(65_535).default(1500),
    /** Major handle of the qdiscs dom0kit creates; it marks them as dom0kit's. @default 0xd0 */
    handle: z.number().int().min(1).max(0xfffe).default(0xd0),
  })
  .strict();
/**
 * What callers pass (defaults may be omitted). @see {@link ShapingInputSchema}
 * @example
 * ```ts
 * const input: ShapingInput = { uplink: { interface: "peth0", rate: "1gbit" }, domains: [] };
 * ```
 */
export type ShapingInput = z.input<typeof ShapingInputSchema>;
/**
 * The input with defaults applied.
 * @example
 * ```ts
 * const parsed: ShapingInputParsed = ShapingInputSchema.parse(input); // hz, mtu and handle filled in
 * ```
 */
export type ShapingInputParsed = z.output<typeof ShapingInputSchema>;
