import { formatClassId, UPLINK_MINOR } from "../class-id.js";
import type { DesiredClass, ResolvedShaping } from "../desired-state.js";
import type { LiveClass, LiveQdisc } from "../live/live-state.js";
import type { ForeignObject, TcOperation } from "../operations.js";
import { classDifferences } from "./compare.js";
import { describeQdisc, isKernelDefault } from "./diff-tbf.js";

/**
 * The uplink's HTB tree: what to add, change and delete; or why it is left alone.
 * @example
 * ```ts
 * const { classAdds, classDeletes } = diffHtb(desired, uplinkRoot, live.classes);
 * ```
 */
export interface HtbDiff {
  /** Whether dom0kit's HTB qdisc is (or will be) on the uplink; false when a foreign qdisc is there. */
  readonly owned: boolean;
  /** True when the qdisc is created now (so classification starts from nothing). */
  readonly fresh: boolean;
  readonly qdisc: TcOperation[];
  readonly classAdds: TcOperation[];
  readonly classDeletes: TcOperation[];
  readonly foreign: ForeignObject[];
}

function addAll(desired: ResolvedShaping, why: string): TcOperation[] {
  return desired.classes.map((wanted) => classOperation("class-add", desired, wanted, why));
}

function classOperation(
  op: "class-add" | "class-change",
  desired: ResolvedShaping,
  wanted: DesiredClass,
  why: string,
): TcOperation {
  const params = {
    rate: wanted.rate,
    ceil: wanted.ceil,
    burst: wanted.burst,
    cburst: wanted.cburst,
    quantum: wanted.quantum,
    prio: wanted.prio,
  };
  return { op, dev: desired.uplink.interface, minor: wanted.minor, parent: wanted.parent, params, why };
}

function roleText(wanted: DesiredClass): string {
  if (wanted.role === "uplink") return "the uplink class";
  if (wanted.role === "default") return "the default class";
  return wanted.role;
}

/**
 * Compares the uplink's HTB qdisc and classes with the desired tree. A
 * kernel-default root qdisc is replaced by dom0kit's HTB; dom0kit's own is
 * kept when its default class is right (else rebuilt); anything else is
 * reported and left alone.
 * @example
 * ```ts
 * diffHtb(desired, live.qdiscs.find((q) => q.dev === "peth0" && q.root), live.classes).classAdds;
 * ```
 */
export function diffHtb(
  desired: ResolvedShaping,
  uplinkRoot: LiveQdisc | undefined,
  liveClasses: readonly LiveClass[],
): HtbDiff {
  const dev = desired.uplink.interface;
  const none = { classDeletes: [], foreign: [] };
  if (uplinkRoot === undefined || isKernelDefault(uplinkRoot)) {
    return {
      owned: true,
      fresh: true,
      qdisc: [
        { op: "htb-add", dev, defaultMinor: desired.defaultMinor, why: `shape traffic leaving on ${dev}` },
      ],
      classAdds: addAll(desired, "create the class"),
      ...none,
    };
  }
  if (uplinkRoot.major !== desired.handle || uplinkRoot.kind !== "htb") {
    return {
      owned: false,
      fresh: false,
      qdisc: [],
      classAdds: [],
      classDeletes: [],
      foreign: [
        {
          kind: "qdisc",
          dev,
          description: describeQdisc(uplinkRoot),
          effect: `no domU is shaped away from it on ${dev} (dom0kit does not replace qdiscs it did not create)`,
        },
      ],
    };
  }
  if (uplinkRoot.htb?.defaultMinor !== desired.defaultMinor) {
    return {
      owned: true,
      fresh: true,
      qdisc: [
        {
          op: "qdisc-delete",
          dev,
          why: `its default class is not ${formatClassId(desired.handle, desired.defaultMinor)}`,
        },
        { op: "htb-add", dev, defaultMinor: desired.defaultMinor, why: `shape traffic leaving on ${dev}` },
      ],
      classAdds: addAll(desired, "rebuild the class"),
      ...none,
    };
  }

  const ours = new Map(
    liveClasses.filter((each) => each.major === desired.handle).map((each) => [each.minor, each]),
  );
  const classAdds: TcOperation[] = [];
  const classDeletes: TcOperation[] = [];
  for (const wanted of desired.classes) {
    const live = ours.get(wanted.minor);
    if (live === undefined) {
      classAdds.push(classOperation("class-add", desired, wanted, `create ${roleText(wanted)}`));
      continue;
    }
    const reasons = classDifferences(wanted, live);
    if (reasons.includes("parent")) {
      classDeletes.push({
        op: "class-delete",
        dev,
        minor: wanted.minor,
        why: `${roleText(wanted)} moves to a new parent`,
      });
      classAdds.push(
        classOperation("class-add", desired, wanted, `${roleText(wanted)} moves to a new parent`),
      );
    } else if (reasons.length > 0) {
      classAdds.push(
        classOperation("class-change", desired, wanted, `${roleText(wanted)}: ${reasons.join(", ")} changed`),
      );
    }
  }
  const wantedMinors = new Set(desired.classes.map((each) => each.minor));
  const stale = [...ours.values()].filter((each) => !wantedMinors.has(each.minor));
  // Children before parents: leaves first, the uplink class (if ever stale) last.
  stale.sort((a, b) => Number(a.minor === UPLINK_MINOR) - Number(b.minor === UPLINK_MINOR));
  for (const each of stale) {
    classDeletes.push({
      op: "class-delete",
      dev,
      minor: each.minor,
      why: `class ${formatClassId(each.major, each.minor)} is no longer in the inventory`,
    });
  }
  return { owned: true, fresh: false, qdisc: [], classAdds, classDeletes, foreign: [] };
}
