import type { CommandRunner } from "@dom0kit/runner";
import { formatClassId } from "./class-id.js";
import { classDifferences, tbfDifferences } from "./diff/compare.js";
import type { DesiredClass, ResolvedShaping } from "./desired-state.js";
import type { Counters, LiveClass, LiveState } from "./live/live-state.js";
import { readLiveState } from "./live/read-live-state.js";
import type { ShapingInput } from "./model.js";
import { resolveShaping } from "./resolve.js";

/**
 * Rates in bytes/s.
 * @example
 * ```ts
 * const pair: RatePair = { rate: 625_000, ceil: 2_500_000 };
 * ```
 */
export interface RatePair {
  readonly rate: number;
  readonly ceil?: number;
}

/**
 * One direction of one domU: what was planned, what the kernel has, and its counters.
 * @example
 * ```ts
 * const away: DirectionStatus = { planned: { rate: 625_000 }, live: { rate: 625_000 }, inSync: true };
 * ```
 */
export interface DirectionStatus {
  readonly planned?: RatePair;
  readonly live?: RatePair;
  /** Bytes/packets/drops the kernel counted (TBF qdisc toward the domU, HTB class away from it). */
  readonly counters?: Counters;
  /** True when the live parameters match the plan (within tc's rounding). */
  readonly inSync: boolean;
}

/**
 * The shaping of one domU as planned and as it is.
 *
 * @example
 * ```ts
 * const row: DomainStatus = (await shapingStatus(runner, input)).domains[0]!;
 * console.log(row.name, row.in.live?.rate, row.out.counters?.drops);
 * ```
 */
export interface DomainStatus {
  readonly name: string;
  readonly vif: string;
  /** Its HTB class, when shaped away from it (`d0:2a`). */
  readonly classId?: string;
  /** Toward the domU (TBF on its vif). */
  readonly in: DirectionStatus;
  /** Away from the domU (its HTB class on the uplink). */
  readonly out: DirectionStatus;
}

/**
 * The whole picture `dom0kit net show` prints.
 * @example
 * ```ts
 * const status: ShapingStatus = await shapingStatus(runner, input);
 * ```
 */
export interface ShapingStatus {
  readonly uplink: string;
  readonly domains: readonly DomainStatus[];
  /** The default class (unclassified traffic). */
  readonly defaultClass: DirectionStatus;
  /** Packets HTB sent unshaped because no class took them (should stay 0: the default class exists). */
  readonly directPackets?: number;
}

function classStatus(wanted: DesiredClass | undefined, live: LiveClass | undefined): DirectionStatus {
  return {
    ...(wanted === undefined ? {} : { planned: { rate: wanted.rate, ceil: wanted.ceil } }),
    ...(live === undefined ? {} : { live: { rate: live.rate.value, ceil: live.ceil.value } }),
    ...(live?.counters === undefined ? {} : { counters: live.counters }),
    inSync:
      wanted === undefined
        ? live === undefined
        : live !== undefined && classDifferences(wanted, live).length === 0,
  };
}

/**
 * Compares a resolved plan with a live state, per domU (pure; see
 * {@link shapingStatus} to read the host).
 *
 * @example
 * ```ts
 * describeStatus(resolveShaping(input), live).domains.filter((row) => !row.out.inSync);
 * ```
 */
export function describeStatus(desired: ResolvedShaping, live: LiveState): ShapingStatus {
  const classes = new Map(
    live.classes.filter((each) => each.major === desired.handle).map((each) => [each.minor, each]),
  );
  const wantedClasses = new Map(desired.classes.map((each) => [each.minor, each]));
  const roots = new Map(live.qdiscs.filter((qdisc) => qdisc.root).map((qdisc) => [qdisc.dev, qdisc]));
  const uplinkRoot = roots.get(desired.uplink.interface);
  const domains = desired.domains.map((domain): DomainStatus => {
    const root = roots.get(domain.vif);
    const tbf = root?.major === desired.handle && root.kind === "tbf" ? root : undefined;
    const inbound: DirectionStatus = {
      ...(domain.in === undefined ? {} : { planned: { rate: domain.in.rate } }),
      ...(tbf?.tbf === undefined ? {} : { live: { rate: tbf.tbf.rate } }),
      ...(tbf?.counters === undefined ? {} : { counters: tbf.counters }),
      inSync:
        domain.in === undefined
          ? tbf === undefined
          : tbf !== undefined && tbfDifferences(domain.in, tbf.tbf).length === 0,
    };
    const minor = domain.minor;
    return {
      name: domain.name,
      vif: domain.vif,
      ...(minor === undefined ? {} : { classId: formatClassId(desired.handle, minor) }),
      in: inbound,
      out: minor === undefined ? { inSync: true } : classStatus(wantedClasses.get(minor), classes.get(minor)),
    };
  });
  return {
    uplink: desired.uplink.interface,
    domains,
    defaultClass: classStatus(wantedClasses.get(desired.defaultMinor), classes.get(desired.defaultMinor)),
    ...(uplinkRoot?.htb === undefined || uplinkRoot.major !== desired.handle
      ? {}
      : { directPackets: uplinkRoot.htb.directPackets }),
  };
}

/**
 * Reads the host and reports, per domU, the planned rates, the live rates
 * and the kernel's byte/packet/drop counters in each direction.
 *
 * @throws {@link ShapingInputError} for bad input.
 * @example
 * ```ts
 * const status = await shapingStatus(new ExecaRunner(), input);
 * for (const row of status.domains) console.log(row.name, row.out.counters?.bytes);
 * ```
 */
export async function shapingStatus(runner: CommandRunner, input: ShapingInput): Promise<ShapingStatus> {
  const desired = resolveShaping(input);
  const live = await readLiveState(runner, {
    uplink: desired.uplink.interface,
    handle: desired.handle,
    iptables: false,
    stats: true,
  });
  return describeStatus(desired, live);
}
