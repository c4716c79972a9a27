import type { NftExpression } from "./expression.js";

/** An nftables set or map. */
export interface NftSet {
  readonly name: string;
  readonly handle: number;
  /** Element type, e.g. `ipv4_addr`, `ifname`, or `ipv4_addr . inet_service`. */
  readonly type: string;
  /** Data type of a map (`classid`, `verdict`, …); undefined for a set. */
  readonly map?: string;
  readonly flags: string[];
  /** Elements in insertion order: JSON values as `nft -j` prints them. */
  elements: NftSetElement[];
}

/** A set element (`key`) or map element (`key` and `value`). */
export interface NftSetElement {
  readonly key: NftExpression;
  readonly value?: NftExpression;
  /** The source text, for `nft list`. */
  readonly keyText: string;
  readonly valueText?: string;
}

/** A rule: its statements as libnftables JSON expressions and as text. */
export interface NftRule {
  readonly handle: number;
  readonly expr: NftExpression[];
  readonly text: string;
  readonly comment?: string;
}

/** A chain; base chains carry type, hook, priority and policy. */
export interface NftChain {
  readonly name: string;
  readonly handle: number;
  base?: { type: string; hook: string; prio: number; prioText: string; policy: string; device?: string };
  rules: NftRule[];
}

/** A table of one address family. */
export interface NftTable {
  readonly family: string;
  readonly name: string;
  readonly handle: number;
  chains: NftChain[];
  sets: NftSet[];
  /** Next object handle in this table (chains, sets, rules, anonymous sets share it). */
  nextHandle: number;
}

/** The whole simulated nftables ruleset. */
export interface NftState {
  tables: NftTable[];
  /** Next table handle (per family in the kernel; one counter here). */
  nextTableHandle: number;
}
