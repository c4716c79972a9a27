import { applyPlan, type ApplyReport, type CommandRunner, type Plan } from "@dom0kit/runner";
import { formatClassId } from "./class-id.js";
import { describeQdisc } from "./diff/diff-tbf.js";
import type { LiveState } from "./live/live-state.js";
import { readLiveState } from "./live/read-live-state.js";
import type { ChangeSet, IptablesOperation, NftOperation, TcOperation } from "./operations.js";
import { renderShapingPlan, type PlanForm } from "./render/render-plan.js";
import { strategyInUse } from "./strategy-in-use.js";

/**
 * Where dom0kit's shaping lives on a host.
 * @example
 * ```ts
 * const scope: TeardownScope = { uplink: "peth0" };
 * ```
 */
export interface TeardownScope {
  readonly uplink: string;
  /** @default 0xd0 */
  readonly handle?: number;
}

/**
 * The changes that remove exactly what dom0kit created, found in the live
 * state: its root qdiscs (handle `d0:` — the HTB on the uplink with its
 * classes and filters, the TBF on each vif), its nftables table and its
 * iptables/ip6tables chains. Nothing else is touched; the bridge-netfilter
 * sysctls are left as they are (other rules may rely on them).
 *
 * @example
 * ```ts
 * const changes = teardownChanges(await readLiveState(runner, { uplink: "peth0" }), { uplink: "peth0" });
 * ```
 */
export function teardownChanges(live: LiveState, scope: TeardownScope): ChangeSet {
  const handle = scope.handle ?? 0xd0;
  const tc: TcOperation[] = live.qdiscs
    .filter((qdisc) => qdisc.root && qdisc.major === handle && (qdisc.kind === "tbf" || qdisc.kind === "htb"))
    .map((qdisc) => ({
      op: "qdisc-delete",
      dev: qdisc.dev,
      why: `remove dom0kit's ${describeQdisc(qdisc)} on ${qdisc.dev}`,
    }));
  const nft: NftOperation[] =
    live.nft === undefined ? [] : [{ op: "nft-delete-table", why: "remove dom0kit's nftables table" }];
  const iptables: IptablesOperation[] = [];
  for (const [family, chain] of [
    [4, live.iptables.v4],
    [6, live.iptables.v6],
  ] as const) {
    if (chain?.exists === true) {
      iptables.push({
        op: "iptables-remove",
        family,
        removeJump: chain.jump,
        why: `remove dom0kit's ${family === 4 ? "iptables" : "ip6tables"} chain`,
      });
    }
  }
  return {
    strategy: strategyInUse(live) ?? "nft",
    handle,
    uplink: scope.uplink,
    sysctl: [],
    tc,
    nft,
    iptables,
    foreign: [],
    notes:
      tc.length + nft.length + iptables.length === 0
        ? [`nothing of dom0kit's (handle ${formatClassId(handle, 0)}) is on this host`]
        : [],
  };
}

/**
 * Reads the host and plans the removal of everything dom0kit created on it.
 *
 * @example
 * ```ts
 * const { plan } = await planTeardown(runner, { uplink: "peth0" });
 * console.log(renderScript(plan));
 * ```
 */
export async function planTeardown(
  runner: CommandRunner,
  scope: TeardownScope,
  form: PlanForm = "batch",
): Promise<{ live: LiveState; changes: ChangeSet; plan: Plan }> {
  const live = await readLiveState(runner, {
    uplink: scope.uplink,
    handle: scope.handle ?? 0xd0,
    iptables: true,
  });
  const changes = teardownChanges(live, scope);
  return {
    live,
    changes,
    plan: renderShapingPlan(changes, form, `remove dom0kit's shaping from ${scope.uplink} and its vifs`),
  };
}

/**
 * Removes everything dom0kit created on a host (see {@link teardownChanges}).
 *
 * @example
 * ```ts
 * const { report } = await teardownShaping(runner, { uplink: "peth0" });
 * ```
 */
export async function teardownShaping(
  runner: CommandRunner,
  scope: TeardownScope,
  form: PlanForm = "batch",
): Promise<{ changes: ChangeSet; plan: Plan; report?: ApplyReport }> {
  const { changes, plan } = await planTeardown(runner, scope, form);
  if (plan.steps.length === 0) return { changes, plan };
  return { changes, plan, report: await applyPlan(plan, runner) };
}
