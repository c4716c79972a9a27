import { plan, step, type Plan, type Step } from "@dom0kit/runner";
import type { ChangeSet, IptablesOperation, SysctlOperation } from "../operations.js";
import { iptablesCommandWords, iptablesRestoreFile } from "./iptables-text.js";
import { nftCommandWords, nftFile } from "./nft-text.js";
import { tcWords } from "./tc-words.js";

/**
 * How a change set becomes commands: `commands` — one process per rule (what
 * the field method does, easy to read); `batch` — one `tc -batch` and one
 * `nft -f` (or `iptables-restore --noflush` per family): two or three
 * processes in total, whatever the number of domUs.
 *
 * @example
 * ```ts
 * const form: PlanForm = "batch";
 * ```
 */
export type PlanForm = "commands" | "batch";

/**
 * The files of the batch form, as text: give them to `tc -batch FILE`,
 * `nft -f FILE`, `iptables-restore --noflush FILE`, `ip6tables-restore
 * --noflush FILE`. Absent when there is nothing to do.
 *
 * @example
 * ```ts
 * const files: BatchFiles = { tc: "qdisc add dev vif1.0 root handle d0: tbf rate 10mbit burst 5000 latency 50ms\n" };
 * ```
 */
export interface BatchFiles {
  readonly tc?: string;
  readonly nft?: string;
  readonly iptables?: string;
  readonly ip6tables?: string;
}

/**
 * Renders a change set's batch files.
 *
 * @example
 * ```ts
 * const { tc, nft } = renderBatchFiles(changes);
 * if (tc !== undefined) await writeFile("shaping.tc", tc);
 * ```
 */
export function renderBatchFiles(changes: ChangeSet): BatchFiles {
  const tc = changes.tc.map((operation) => tcWords(operation, changes.handle).join(" "));
  const nft = nftFile(changes.nft, changes.handle);
  const family = (which: 4 | 6): IptablesOperation[] =>
    changes.iptables.filter((operation) => operation.family === which);
  const v4 = iptablesRestoreFile(family(4), changes.handle);
  const v6 = iptablesRestoreFile(family(6), changes.handle);
  return {
    ...(tc.length === 0 ? {} : { tc: `${tc.join("\n")}\n` }),
    ...(nft === "" ? {} : { nft }),
    ...(v4 === "" ? {} : { iptables: v4 }),
    ...(v6 === "" ? {} : { ip6tables: v6 }),
  };
}

function sysctlSteps(operations: readonly SysctlOperation[]): Step[] {
  return operations.flatMap((operation) => [
    ...(operation.loadModule
      ? [step("load br_netfilter, so bridged packets can reach iptables", ["modprobe", "br_netfilter"])]
      : []),
    step(`turn on bridge-nf-call-iptables and -ip6tables: ${operation.why}`, [
      "sysctl",
      "-q",
      "-w",
      "net.bridge.bridge-nf-call-iptables=1",
      "net.bridge.bridge-nf-call-ip6tables=1",
    ]),
  ]);
}

function count(n: number, what: string): string {
  return `${String(n)} ${what}${n === 1 ? "" : "s"}`;
}

function batchSteps(changes: ChangeSet): Step[] {
  const files = renderBatchFiles(changes);
  const steps: Step[] = [];
  if (files.tc !== undefined) {
    steps.push(
      step(`apply ${count(changes.tc.length, "tc change")} in one batch`, ["tc", "-batch", "-"], {
        input: files.tc,
      }),
    );
  }
  if (files.nft !== undefined) {
    steps.push(
      step(`apply ${count(changes.nft.length, "nftables change")} in one transaction`, ["nft", "-f", "-"], {
        input: files.nft,
      }),
    );
  }
  if (files.iptables !== undefined) {
    steps.push(
      step("rewrite dom0kit's iptables chain in one commit", ["iptables-restore", "--noflush"], {
        input: files.iptables,
      }),
    );
  }
  if (files.ip6tables !== undefined) {
    steps.push(
      step("rewrite dom0kit's ip6tables chain in one commit", ["ip6tables-restore", "--noflush"], {
        input: files.ip6tables,
      }),
    );
  }
  return steps;
}

function commandSteps(changes: ChangeSet): Step[] {
  const steps: Step[] = [];
  for (const operation of changes.tc) {
    const [first, ...rest] = tcWords(operation, changes.handle);
    steps.push(step(operation.why, ["tc", first ?? "", ...rest]));
  }
  for (const operation of changes.nft) {
    for (const words of nftCommandWords(operation, changes.handle))
      steps.push(step(operation.why, ["nft", ...words]));
  }
  for (const operation of changes.iptables) {
    const program = operation.family === 4 ? "iptables" : "ip6tables";
    for (const words of iptablesCommandWords(operation, changes.handle))
      steps.push(step(operation.why, [program, ...words]));
  }
  return steps;
}

/**
 * Turns a change set into a {@link Plan} to print, render as a script
 * (`renderScript`) or run (`applyPlan`). The batch form passes its files on
 * standard input (`tc -batch -`, `nft -f -`), so it runs the same through a
 * local, SSH or simulated runner — nothing is written to the host's disk.
 * An empty change set gives an empty plan.
 *
 * @example
 * ```ts
 * const shaping = renderShapingPlan(changes, "batch");
 * console.log(renderScript(shaping));
 * ```
 */
export function renderShapingPlan(changes: ChangeSet, form: PlanForm = "batch", title?: string): Plan {
  const steps = [
    ...sysctlSteps(changes.sysctl),
    ...(form === "batch" ? batchSteps(changes) : commandSteps(changes)),
  ];
  return plan(title ?? `shape domU traffic on ${changes.uplink} (${changes.strategy} classification)`, steps);
}
