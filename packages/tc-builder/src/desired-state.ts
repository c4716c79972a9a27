/**
 * A TBF qdisc as the kernel holds it: rates in bytes/s, sizes in bytes,
 * times in µs. Exactly one of `limit` and `latency` is set.
 *
 * @example
 * ```ts
 * const tbf: TbfParameters = { rate: 1_250_000, burst: 5000, latency: 50_000 };
 * ```
 */
export interface TbfParameters {
  readonly rate: number;
  readonly burst: number;
  readonly latency?: number;
  readonly limit?: number;
  readonly peakrate?: number;
  readonly mtu?: number;
}

/**
 * One HTB class: rates in bytes/s, bursts and quantum in bytes.
 *
 * @example
 * ```ts
 * const cls: HtbClassParameters = { rate: 625_000, ceil: 2_500_000, burst: 4096, cburst: 11264, quantum: 62_500, prio: 0 };
 * ```
 */
export interface HtbClassParameters {
  readonly rate: number;
  readonly ceil: number;
  readonly burst: number;
  readonly cburst: number;
  readonly quantum: number;
  readonly prio: number;
}

/**
 * A class of the uplink's HTB tree, by minor id (the major is the qdisc handle).
 * @example
 * ```ts
 * const vm1: DesiredClass = { minor: 0x2a, parent: 1, role: "vm1", rate: 625_000, ceil: 2_500_000, burst: 4096, cburst: 12_288, quantum: 62_500, prio: 0 };
 * ```
 */
export interface DesiredClass extends HtbClassParameters {
  readonly minor: number;
  /** The parent's minor id, or `"root"` for the uplink class. */
  readonly parent: number | "root";
  /** Who the class is for: a domU name, `"uplink"` or `"default"`. */
  readonly role: string;
}

/**
 * An address of a domU, parsed.
 * @example
 * ```ts
 * const address: DomainAddress = { family: 6, address: "2001:db8::5", prefix: 128 };
 * ```
 */
export interface DomainAddress {
  readonly family: 4 | 6;
  /** The address as written, without the prefix. */
  readonly address: string;
  readonly prefix: number;
}

/**
 * One domU after validation: its class (if shaped away from it) and TBF (if shaped toward it).
 * @example
 * ```ts
 * const vm1: ResolvedDomain = { name: "vm1", vif: "vif1.0", ips: [], minor: 0x2a, in: { rate: 1_250_000, burst: 5000, latency: 50_000 } };
 * ```
 */
export interface ResolvedDomain {
  readonly name: string;
  readonly vif: string;
  readonly ips: readonly DomainAddress[];
  readonly mac?: string;
  /** The HTB class minor id, when the domU is shaped away from it. */
  readonly minor?: number;
  readonly in?: TbfParameters;
  readonly out?: HtbClassParameters;
}

/**
 * A non-fatal remark about the input (oversubscription, a ceiling above the uplink).
 * @example
 * ```ts
 * for (const warning of resolveShaping(input).warnings) console.warn(`${warning.path}: ${warning.message}`);
 * ```
 */
export interface ShapingWarning {
  readonly code: "TC_OVERSUBSCRIBED" | "TC_CEIL_ABOVE_UPLINK" | "TC_NO_ADDRESSES";
  readonly path: string;
  readonly message: string;
}

/**
 * The whole desired shaping of one dom0, in kernel units: what
 * {@link resolveShaping} makes of a {@link ShapingInput}.
 *
 * @example
 * ```ts
 * const desired = resolveShaping(input);
 * desired.classes.map((each) => each.minor.toString(16));
 * ```
 */
export interface ResolvedShaping {
  /** Major handle of dom0kit's qdiscs (0xd0 unless configured). */
  readonly handle: number;
  readonly uplink: { readonly interface: string; readonly rate: number };
  /** MTU + Ethernet header: the largest frame. */
  readonly frameSize: number;
  readonly hz: number;
  /** Minor id of the default class (always 0xffff). */
  readonly defaultMinor: number;
  /** Every HTB class: the uplink class, the default class, then one per shaped domU, by minor id. */
  readonly classes: readonly DesiredClass[];
  readonly domains: readonly ResolvedDomain[];
  readonly warnings: readonly ShapingWarning[];
}
