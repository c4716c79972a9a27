import { formatClassId } from "../class-id.js";
import type { ResolvedShaping } from "../desired-state.js";
import type { LiveQdisc } from "../live/live-state.js";
import type { ForeignObject, TcOperation } from "../operations.js";
import { tbfDifferences } from "./compare.js";

/**
 * Describes a qdisc as `tc qdisc show` would name it.
 * @example
 * ```ts
 * describeQdisc({ dev: "vif1.0", kind: "sfq", major: 5, root: true }); // "sfq 5: at root"
 * ```
 */
export function describeQdisc(qdisc: LiveQdisc): string {
  return `${qdisc.kind} ${formatClassId(qdisc.major, 0)} at ${qdisc.root ? "root" : `parent ${qdisc.parent ?? "?"}`}`;
}

/**
 * True for the qdiscs the kernel attaches by itself (handle 0:), which dom0kit may replace.
 * @example
 * ```ts
 * isKernelDefault({ dev: "eth0", kind: "noqueue", major: 0, root: true }); // true
 * ```
 */
export function isKernelDefault(qdisc: LiveQdisc): boolean {
  return qdisc.major === 0;
}

/**
 * The TBF changes toward each domU: replace a kernel-default or out-of-date
 * root qdisc on each vif, delete dom0kit TBFs on vifs no longer shaped, and
 * report (never touch) a root qdisc someone else put on a vif.
 * @example
 * ```ts
 * diffTbf(desired, rootByDev, new Set(live.devices)).operations;
 * ```
 */
export function diffTbf(
  desired: ResolvedShaping,
  rootByDev: ReadonlyMap<string, LiveQdisc>,
  devices: ReadonlySet<string>,
): { operations: TcOperation[]; deletions: TcOperation[]; foreign: ForeignObject[]; notes: string[] } {
  const operations: TcOperation[] = [];
  const deletions: TcOperation[] = [];
  const foreign: ForeignObject[] = [];
  const notes: string[] = [];
  const shaped = new Set<string>();

  for (const domain of desired.domains) {
    if (domain.in === undefined) continue;
    shaped.add(domain.vif);
    if (!devices.has(domain.vif)) {
      notes.push(
        `${domain.vif} (${domain.name}) does not exist; its TBF is added when you apply again after the domU starts`,
      );
      continue;
    }
    const root = rootByDev.get(domain.vif);
    if (root === undefined || isKernelDefault(root)) {
      operations.push({
        op: "tbf-add",
        dev: domain.vif,
        params: domain.in,
        why: `shape traffic toward ${domain.name}`,
      });
    } else if (root.major === desired.handle && root.kind === "tbf") {
      const reasons = tbfDifferences(domain.in, root.tbf);
      if (reasons.length > 0) {
        operations.push({
          op: "tbf-change",
          dev: domain.vif,
          params: domain.in,
          why: `${domain.name}: ${reasons.join(", ")} changed`,
        });
      }
    } else {
      foreign.push({
        kind: "qdisc",
        dev: domain.vif,
        description: describeQdisc(root),
        effect: `${domain.name} is not shaped toward it (dom0kit does not replace qdiscs it did not create)`,
      });
    }
  }

  for (const [dev, root] of rootByDev) {
    if (dev === desired.uplink.interface || shaped.has(dev)) continue;
    if (root.major === desired.handle && root.kind === "tbf") {
      deletions.push({ op: "qdisc-delete", dev, why: `${dev} is no longer shaped` });
    }
  }
  return { operations, deletions, foreign, notes };
}
