/**
 * Kernel counters of a qdisc or class, as `tc -s` reports them.
 *
 * @example
 * ```ts
 * const counters: Counters = { bytes: 1500, packets: 1, drops: 0, overlimits: 0 };
 * ```
 */
export interface Counters {
  readonly bytes: number;
  readonly packets: number;
  readonly drops: number;
  readonly overlimits: number;
}

/**
 * A number read back from tc, with how far it may be from the value that was
 * set: sizes come back through timer ticks (`32kb` reads as 32767) and text
 * output rounds (`4100` prints as `4Kb`).
 * @example
 * ```ts
 * const burst: LiveNumber = { value: 32_767, slack: 3 }; // 32kb as read back
 * ```
 */
export interface LiveNumber {
  readonly value: number;
  /** How far the true value may be from `value`, in the same unit. */
  readonly slack: number;
}

/**
 * One qdisc from `tc -s -j qdisc show`.
 * @example
 * ```ts
 * const tbf: LiveQdisc = { dev: "vif1.0", kind: "tbf", major: 0xd0, root: true, tbf: { rate: 625_000, burst: { value: 5000, slack: 4 } } };
 * ```
 */
export interface LiveQdisc {
  readonly dev: string;
  readonly kind: string;
  /** The major handle (0 for the kernel's default qdiscs, printed `0:`). */
  readonly major: number;
  /** True for the root qdisc of the device. */
  readonly root: boolean;
  /** The parent, as printed, for non-root qdiscs. */
  readonly parent?: string;
  /** TBF parameters, when `kind` is `tbf`. */
  readonly tbf?: {
    readonly rate: number;
    readonly burst: LiveNumber;
    readonly latency?: LiveNumber;
    /** `"unprinted"` when tc printed a minburst but no peakrate (iproute2 6.1's JSON omits it). */
    readonly peakrate?: number | "unprinted";
    readonly minburst?: LiveNumber;
  };
  /** HTB parameters, when `kind` is `htb`. */
  readonly htb?: { readonly defaultMinor: number; readonly directPackets: number };
  readonly counters?: Counters;
}

/**
 * One class of an HTB qdisc, from `tc -s -d class show dev …`.
 * @example
 * ```ts
 * const leaf: LiveClass = parseClasses(text, "peth0")[0]!;
 * ```
 */
export interface LiveClass {
  readonly kind: string;
  readonly major: number;
  readonly minor: number;
  /** Parent minor id, or `"root"` for a top-level class. */
  readonly parent: number | "root";
  readonly rate: LiveNumber;
  readonly ceil: LiveNumber;
  readonly burst: LiveNumber;
  readonly cburst: LiveNumber;
  /** Printed for leaf classes only. */
  readonly quantum?: number;
  /** Printed for leaf classes only. */
  readonly prio?: number;
  readonly counters?: Counters;
}

/**
 * One classifier entry from `tc -j filter show dev … parent …`.
 * @example
 * ```ts
 * const filter: LiveFilter = { kind: "u32", protocol: "ip", prio: 20, handle: "800::800", flowid: { major: 0xd0, minor: 0x2a } };
 * ```
 */
export interface LiveFilter {
  readonly kind: string;
  readonly protocol: string;
  readonly prio: number;
  /** The filter handle (`800::800` for u32 nodes, the mark for fw). */
  readonly handle?: string;
  /** The class it sends packets to. */
  readonly flowid?: { readonly major: number; readonly minor: number };
  /** u32 key words (value/mask at byte offset), in order. */
  readonly matches?: readonly { readonly value: number; readonly mask: number; readonly offset: number }[];
  /** fw mark and mask. */
  readonly fw?: { readonly mark: number; readonly mask: number };
}

/**
 * dom0kit's nftables table (`bridge dom0kit`), if present.
 * @example
 * ```ts
 * const table: LiveNftTable = { complete: true, elements: new Map([["vif1.0", { major: 0xd0, minor: 0x2a }]]) };
 * ```
 */
export interface LiveNftTable {
  /** The vif → class map, as the kernel holds it. */
  readonly elements: ReadonlyMap<string, { readonly major: number; readonly minor: number }>;
  /** False when the table lacks the map, the chain or the rule dom0kit creates (it will be rebuilt). */
  readonly complete: boolean;
}

/**
 * A rule of dom0kit's iptables chain.
 * @example
 * ```ts
 * const rule: LiveIptablesRule = { vif: "vif1.0", target: { kind: "classify", major: 0xd0, minor: 0x2a } };
 * ```
 */
export interface LiveIptablesRule {
  readonly vif: string;
  readonly target:
    | { readonly kind: "classify"; readonly major: number; readonly minor: number }
    | { readonly kind: "mark"; readonly mark: number; readonly mask: number };
}

/**
 * dom0kit's chain in one iptables family's mangle table.
 * @example
 * ```ts
 * const chain: LiveIptablesChain = parseIptablesSave(iptablesSaveOutput);
 * ```
 */
export interface LiveIptablesChain {
  /** Whether the chain exists. */
  readonly exists: boolean;
  /** Whether FORWARD jumps to it. */
  readonly jump: boolean;
  readonly rules: readonly LiveIptablesRule[];
  /** Rules in the chain dom0kit does not recognise (it will be rewritten). */
  readonly unrecognised: readonly string[];
}

/**
 * Everything dom0kit may have created on a host, read back through a runner.
 *
 * @example
 * ```ts
 * const live = await readLiveState(runner, { uplink: "peth0", handle: 0xd0 });
 * live.qdiscs.filter((q) => q.major === 0xd0);
 * ```
 */
export interface LiveState {
  /** Network interfaces that exist (`ip -br -j link show`); `undefined` when `ip` could not be run. */
  readonly devices?: readonly string[];
  /** Every visible qdisc (the kernel hides the built-in `noop` of interfaces that are down). */
  readonly qdiscs: readonly LiveQdisc[];
  /** Classes on the uplink (empty when it has no HTB qdisc). */
  readonly classes: readonly LiveClass[];
  /** Filters attached to dom0kit's HTB qdisc on the uplink. */
  readonly filters: readonly LiveFilter[];
  /** `undefined` when the table does not exist (or nft is not installed). */
  readonly nft?: LiveNftTable;
  readonly iptables: { readonly v4?: LiveIptablesChain; readonly v6?: LiveIptablesChain };
  /** bridge-nf-call-iptables / -ip6tables; `undefined` when br_netfilter is not loaded. */
  readonly bridgeNetfilter?: { readonly iptables: boolean; readonly ip6tables: boolean };
}
