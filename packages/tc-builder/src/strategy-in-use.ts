import type { LiveState } from "./live/live-state.js";
import { FILTER_PRIO, type ClassificationStrategy } from "./strategy.js";

/**
 * The strategy dom0kit last applied on this host, read from what it left:
 * its nftables table, its iptables chain (CLASSIFY or MARK rules), or its
 * u32 filters. `undefined` on a host dom0kit has not shaped yet.
 *
 * @example
 * ```ts
 * strategyInUse(await readLiveState(runner, { uplink: "peth0" })); // "nft"
 * ```
 */
export function strategyInUse(live: LiveState): ClassificationStrategy | undefined {
  if (live.nft !== undefined) return "nft";
  const chain = live.iptables.v4 ?? live.iptables.v6;
  if (chain?.exists === true) {
    return chain.rules.some((rule) => rule.target.kind === "mark") ? "fw" : "classify";
  }
  if (live.filters.some((filter) => filter.kind === "fw" && filter.prio === FILTER_PRIO.fw)) return "fw";
  if (
    live.filters.some(
      (filter) =>
        filter.kind === "u32" && (filter.prio === FILTER_PRIO.u32v4 || filter.prio === FILTER_PRIO.u32v6),
    )
  ) {
    return "u32";
  }
  return undefined;
}
