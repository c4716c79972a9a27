import type { ResolvedShaping } from "../desired-state.js";
import { ShapingConflictError } from "../errors.js";
import type { LiveQdisc, LiveState } from "../live/live-state.js";
import type { ChangeSet } from "../operations.js";
import type { ClassificationStrategy } from "../strategy.js";
import { diffClassification } from "./diff-classification.js";
import { diffHtb } from "./diff-htb.js";
import { diffTbf } from "./diff-tbf.js";

/**
 * What a freshly booted dom0 looks like to the diff: the uplink and every vif
 * with the kernel's default qdisc, nothing of dom0kit's. Diffing against it
 * gives the full plan, without reading a host.
 *
 * @example
 * ```ts
 * const changes = diffShaping(desired, freshLiveState(desired), "nft"); // everything to create
 * ```
 */
export function freshLiveState(desired: ResolvedShaping): LiveState {
  const devices = [desired.uplink.interface, ...desired.domains.map((domain) => domain.vif)];
  return {
    devices,
    qdiscs: devices.map((dev) => ({ dev, kind: "noqueue", major: 0, root: true })),
    classes: [],
    filters: [],
    iptables: {},
    bridgeNetfilter: { iptables: false, ip6tables: false },
  };
}

/**
 * Compares the desired shaping with the live state and returns only the
 * changes: TBFs replaced where their parameters differ, HTB classes added,
 * changed (`tc class change`) or deleted, classification entries added or
 * removed. Qdiscs and filters dom0kit did not create are reported in
 * `foreign`, never deleted.
 *
 * @throws {@link ShapingConflictError} when the uplink device does not exist.
 * @example
 * ```ts
 * const changes = diffShaping(resolveShaping(input), await readLiveState(runner, { uplink: "peth0" }), "nft");
 * ```
 */
export function diffShaping(
  desired: ResolvedShaping,
  live: LiveState,
  strategy: ClassificationStrategy,
): ChangeSet {
  const uplink = desired.uplink.interface;
  const devices = new Set(live.devices ?? live.qdiscs.map((qdisc) => qdisc.dev));
  if (!devices.has(uplink)) {
    throw new ShapingConflictError(`the uplink interface ${uplink} does not exist on this host`);
  }
  const rootByDev = new Map<string, LiveQdisc>();
  for (const qdisc of live.qdiscs) if (qdisc.root) rootByDev.set(qdisc.dev, qdisc);

  const tbf = diffTbf(desired, rootByDev, devices);
  const htb = diffHtb(desired, rootByDev.get(uplink), live.classes);
  const classification = diffClassification(desired, live, strategy, htb);

  return {
    strategy,
    handle: desired.handle,
    uplink,
    sysctl: classification.sysctl,
    tc: [
      ...classification.filterDeletes,
      ...htb.classDeletes,
      ...tbf.deletions,
      ...htb.qdisc,
      ...tbf.operations,
      ...htb.classAdds,
      ...classification.filterAdds,
    ],
    nft: classification.nft,
    iptables: classification.iptables,
    foreign: [...htb.foreign, ...tbf.foreign, ...classification.foreign],
    notes: tbf.notes,
  };
}
