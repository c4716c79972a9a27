import { addressWords } from "../address.js";
import { formatClassId } from "../class-id.js";
import type { DomainAddress, ResolvedShaping } from "../desired-state.js";
import type { LiveFilter, LiveIptablesChain, LiveState } from "../live/live-state.js";
import type {
  ForeignObject,
  IptablesOperation,
  IptablesRuleSpec,
  NftOperation,
  SysctlOperation,
  TcOperation,
  VifClass,
} from "../operations.js";
import { FILTER_PRIO, FW_MARK_MASK, usesIptables, type ClassificationStrategy } from "../strategy.js";

/**
 * The classification changes, by where they are applied.
 * @example
 * ```ts
 * const { nft, iptables } = diffClassification(desired, live, "nft", { owned: true, fresh: false });
 * ```
 */
export interface ClassificationDiff {
  readonly filterDeletes: TcOperation[];
  readonly filterAdds: TcOperation[];
  readonly nft: NftOperation[];
  readonly iptables: IptablesOperation[];
  readonly sysctl: SysctlOperation[];
  readonly foreign: ForeignObject[];
}

interface ShapedDomain {
  readonly name: string;
  readonly vif: string;
  readonly minor: number;
  readonly ips: readonly DomainAddress[];
}

function shapedDomains(desired: ResolvedShaping): ShapedDomain[] {
  const shaped: ShapedDomain[] = [];
  for (const { name, vif, minor, ips } of desired.domains) {
    if (minor !== undefined) shaped.push({ name, vif, minor, ips });
  }
  return shaped;
}

function diffNft(
  desired: ResolvedShaping,
  domains: readonly ShapedDomain[],
  live: LiveState,
  active: boolean,
): NftOperation[] {
  if (!active)
    return live.nft === undefined ? [] : [{ op: "nft-delete-table", why: "the nft strategy is not in use" }];
  const wanted: VifClass[] = domains.map(({ vif, minor }) => ({ vif, minor }));
  if (live.nft === undefined)
    return [{ op: "nft-create", elements: wanted, replace: false, why: "classify by vif" }];
  if (!live.nft.complete) {
    return [
      {
        op: "nft-create",
        elements: wanted,
        replace: true,
        why: "the table lacks the map, chain or rule dom0kit creates",
      },
    ];
  }
  const liveElements = live.nft.elements;
  const missing = wanted.filter((each) => {
    const current = liveElements.get(each.vif);
    return current === undefined || current.major !== desired.handle || current.minor !== each.minor;
  });
  // An element is stale when no shaped vif wants it as it is: every live element matched by a
  // wanted one is current, so only look further when some are left over.
  const stale: string[] = [];
  if (liveElements.size !== wanted.length - missing.length) {
    const wantedByVif = new Map(wanted.map((each) => [each.vif, each]));
    for (const [vif, classId] of liveElements) {
      const want = wantedByVif.get(vif);
      if (want === undefined || classId.major !== desired.handle || classId.minor !== want.minor) {
        stale.push(vif);
      }
    }
  }
  const operations: NftOperation[] = [];
  if (stale.length > 0) {
    operations.push({
      op: "nft-delete-elements",
      vifs: stale,
      why: "vifs removed or moved to another class",
    });
  }
  if (missing.length > 0)
    operations.push({ op: "nft-add-elements", elements: missing, why: "vifs added or moved" });
  return operations;
}

function sameRules(live: LiveIptablesChain, wanted: readonly IptablesRuleSpec[], handle: number): boolean {
  if (live.unrecognised.length > 0 || live.rules.length !== wanted.length) return false;
  return live.rules.every((rule, index) => {
    const want = wanted[index];
    if (want === undefined || rule.vif !== want.vif) return false;
    if (rule.target.kind === "classify" && want.target.kind === "classify") {
      return rule.target.major === handle && rule.target.minor === want.target.minor;
    }
    if (rule.target.kind === "mark" && want.target.kind === "mark") {
      return rule.target.mark === want.target.mark && rule.target.mask === FW_MARK_MASK;
    }
    return false;
  });
}

function diffIptables(
  desired: ResolvedShaping,
  domains: readonly ShapedDomain[],
  live: LiveState,
  strategy: ClassificationStrategy,
): IptablesOperation[] {
  const operations: IptablesOperation[] = [];
  const rules: IptablesRuleSpec[] = domains.map(({ vif, minor }) => ({
    vif,
    target: strategy === "fw" ? { kind: "mark", mark: minor } : { kind: "classify", minor },
  }));
  for (const family of [4, 6] as const) {
    const chain = family === 4 ? live.iptables.v4 : live.iptables.v6;
    if (!usesIptables(strategy)) {
      if (chain?.exists === true) {
        operations.push({
          op: "iptables-remove",
          family,
          removeJump: chain.jump,
          why: `the ${strategy} strategy does not use iptables`,
        });
      }
      continue;
    }
    if (chain?.exists === true && chain.jump && sameRules(chain, rules, desired.handle)) continue;
    operations.push({
      op: "iptables-write",
      family,
      chainExists: chain?.exists === true,
      rules,
      addJump: chain?.jump !== true,
      why: chain?.exists === true ? "rules changed" : "classify by physdev",
    });
  }
  return operations;
}

function wordsKey(words: readonly { value: number; mask: number; offset: number }[]): string {
  return words
    .map((word) => `${word.value.toString(16)}/${word.mask.toString(16)}@${String(word.offset)}`)
    .join(" ");
}

function u32Key(address: DomainAddress): string {
  const base = address.family === 4 ? 12 : 8;
  return wordsKey(addressWords(address).map((word, index) => ({ ...word, offset: base + 4 * index })));
}

function isOurs(filter: LiveFilter): boolean {
  if (filter.prio === FILTER_PRIO.fw) return filter.kind === "fw" && filter.protocol === "all";
  if (filter.prio === FILTER_PRIO.u32v4) return filter.kind === "u32" && filter.protocol === "ip";
  if (filter.prio === FILTER_PRIO.u32v6) return filter.kind === "u32" && filter.protocol === "ipv6";
  return false;
}

function diffFilters(
  desired: ResolvedShaping,
  domains: readonly ShapedDomain[],
  liveFilters: readonly LiveFilter[],
  strategy: ClassificationStrategy,
): { deletes: TcOperation[]; adds: TcOperation[]; foreign: ForeignObject[] } {
  const dev = desired.uplink.interface;
  const deletes: TcOperation[] = [];
  const adds: TcOperation[] = [];
  const foreign: ForeignObject[] = [];
  const reported = new Set<string>();
  for (const filter of liveFilters) {
    if (isOurs(filter)) continue;
    const key = `${filter.kind} ${filter.protocol} ${String(filter.prio)}`;
    if (reported.has(key)) continue;
    reported.add(key);
    foreign.push({
      kind: "filter",
      dev,
      description: `${filter.kind} filter, protocol ${filter.protocol}, prio ${String(filter.prio)} on ${formatClassId(desired.handle, 0)}`,
      effect: "left in place; it may classify packets before dom0kit's rules do",
    });
  }
  const ours = liveFilters.filter(isOurs);
  const entries = ours.filter(
    (filter) => filter.handle !== undefined || filter.matches !== undefined || filter.fw !== undefined,
  );
  const instanceAt = (prio: number): LiveFilter | undefined => ours.find((filter) => filter.prio === prio);
  const dropInstance = (prio: number, protocol: string, kind: string, why: string): void => {
    if (instanceAt(prio) !== undefined) deletes.push({ op: "filter-delete", dev, protocol, prio, kind, why });
  };

  if (strategy === "fw") {
    const live = new Map(entries.filter((f) => f.prio === FILTER_PRIO.fw).map((f) => [f.fw?.mark ?? -1, f]));
    for (const [mark, filter] of live) {
      const wanted = domains.find((domain) => domain.minor === mark);
      if (
        wanted === undefined ||
        filter.flowid?.minor !== wanted.minor ||
        filter.flowid.major !== desired.handle ||
        filter.fw?.mask !== FW_MARK_MASK
      ) {
        deletes.push({
          op: "filter-delete",
          dev,
          protocol: "all",
          prio: FILTER_PRIO.fw,
          kind: "fw",
          handle: `0x${mark.toString(16)}`,
          why: "fw mark no longer wanted",
        });
        live.delete(mark);
      }
    }
    for (const domain of domains) {
      if (live.has(domain.minor)) continue;
      adds.push({
        op: "fw-add",
        dev,
        prio: FILTER_PRIO.fw,
        mark: domain.minor,
        mask: FW_MARK_MASK,
        minor: domain.minor,
        why: `packets marked by ${domain.vif} go to ${domain.name}'s class`,
      });
    }
  } else dropInstance(FILTER_PRIO.fw, "all", "fw", `the ${strategy} strategy does not use fw filters`);

  if (strategy === "u32") {
    for (const [family, prio, protocol] of [
      [4, FILTER_PRIO.u32v4, "ip"],
      [6, FILTER_PRIO.u32v6, "ipv6"],
    ] as const) {
      const wanted = domains.flatMap((domain) =>
        domain.ips
          .filter((ip) => ip.family === family)
          .map((address) => ({ domain, address, key: `${u32Key(address)}>${String(domain.minor)}` })),
      );
      const liveEntries = entries.filter((f) => f.prio === prio && f.matches !== undefined);
      const liveKeys = new Map<string, LiveFilter>();
      for (const filter of liveEntries) {
        const key = `${wordsKey(filter.matches ?? [])}>${String(filter.flowid?.major === desired.handle ? filter.flowid.minor : -1)}`;
        if (liveKeys.has(key) || !wanted.some((each) => each.key === key)) {
          deletes.push({
            op: "filter-delete",
            dev,
            protocol,
            prio,
            kind: "u32",
            ...(filter.handle === undefined ? {} : { handle: filter.handle }),
            why: "address no longer wanted",
          });
        } else liveKeys.set(key, filter);
      }
      for (const { domain, address, key } of wanted) {
        if (liveKeys.has(key)) continue;
        liveKeys.set(key, { kind: "u32", protocol, prio });
        adds.push({
          op: "u32-add",
          dev,
          prio,
          address,
          minor: domain.minor,
          why: `packets from ${address.address} go to ${domain.name}'s class`,
        });
      }
    }
  } else {
    dropInstance(FILTER_PRIO.u32v4, "ip", "u32", `the ${strategy} strategy does not use u32 filters`);
    dropInstance(FILTER_PRIO.u32v6, "ipv6", "u32", `the ${strategy} strategy does not use u32 filters`);
  }
  return { deletes, adds, foreign };
}

/**
 * The classification changes for `strategy`: its own rules brought up to
 * date, and dom0kit's rules of every other strategy removed (so switching
 * strategy is one apply). Filters dom0kit did not create are reported.
 * @example
 * ```ts
 * diffClassification(desired, live, "u32", { owned: true, fresh: false }).filterAdds.length;
 * ```
 */
export function diffClassification(
  desired: ResolvedShaping,
  live: LiveState,
  strategy: ClassificationStrategy,
  htb: { readonly owned: boolean; readonly fresh: boolean },
): ClassificationDiff {
  const domains = shapedDomains(desired);
  const filters = htb.owned && !htb.fresh ? live.filters : [];
  const tc = htb.owned
    ? diffFilters(desired, domains, filters, strategy)
    : { deletes: [], adds: [], foreign: [] };
  const sysctl: SysctlOperation[] =
    usesIptables(strategy) &&
    (live.bridgeNetfilter?.iptables !== true || live.bridgeNetfilter.ip6tables !== true)
      ? [
          {
            op: "bridge-netfilter-on",
            loadModule: live.bridgeNetfilter === undefined,
            why: "bridged packets must traverse iptables for physdev rules to see them",
          },
        ]
      : [];
  return {
    filterDeletes: tc.deletes,
    filterAdds: tc.adds,
    nft: diffNft(desired, domains, live, strategy === "nft"),
    iptables: diffIptables(desired, domains, live, strategy),
    sysctl,
    foreign: tc.foreign,
  };
}
