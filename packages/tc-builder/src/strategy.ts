/**
 * How packets from a domU are put in its HTB class on the uplink:
 * - `nft`: an nftables bridge-family map `meta priority set iifname map { vif : class }`
 *   — one atomic transaction, one hash lookup, every ethertype (IPv4, IPv6, ARP …);
 * - `classify`: iptables/ip6tables `-m physdev --physdev-in VIF -j CLASSIFY --set-class`;
 * - `fw`: the field method, iptables/ip6tables `-j MARK` plus one tc `fw` filter per domU, `protocol all`;
 * - `u32`: tc `u32` filters on each domU's source addresses (breaks when addresses change).
 *
 * Traffic no strategy classifies (other ethertypes under iptables, unknown
 * addresses under u32) goes to the default class — it is never unshaped.
 *
 * @example
 * ```ts
 * const strategy: ClassificationStrategy = "nft";
 * ```
 */
export type ClassificationStrategy = "nft" | "classify" | "fw" | "u32";

/**
 * Every strategy, best first: the order auto-detection prefers.
 * @example
 * ```ts
 * STRATEGIES[0]; // "nft", the first choice
 * ```
 */
export const STRATEGIES: readonly ClassificationStrategy[] = ["nft", "classify", "u32", "fw"];

/**
 * Whether a strategy classifies with iptables (and so needs bridge-nf-call-iptables).
 * @example
 * ```ts
 * usesIptables("classify"); // true
 * ```
 */
export function usesIptables(strategy: ClassificationStrategy): boolean {
  return strategy === "classify" || strategy === "fw";
}

/**
 * tc filter priorities dom0kit uses on its HTB qdisc.
 * @example
 * ```ts
 * FILTER_PRIO.u32v4; // 20
 * ```
 */
export const FILTER_PRIO = { fw: 10, u32v4: 20, u32v6: 21 } as const;

/**
 * The mask of the packet mark the `fw` strategy uses (the low 16 bits: the class minor id).
 * @example
 * ```ts
 * `0x2a/0x${FW_MARK_MASK.toString(16)}`; // "0x2a/0xffff"
 * ```
 */
export const FW_MARK_MASK = 0xffff;
