import { formatClassId } from "../class-id.js";
import { IPTABLES_CHAIN } from "../live/parse-iptables.js";
import type { IptablesOperation, IptablesRuleSpec } from "../operations.js";
import { FW_MARK_MASK } from "../strategy.js";

function ruleWords(rule: IptablesRuleSpec, handle: number): string[] {
  const target =
    rule.target.kind === "classify"
      ? ["CLASSIFY", "--set-class", formatClassId(handle, rule.target.minor)]
      : ["MARK", "--set-xmark", `0x${rule.target.mark.toString(16)}/0x${FW_MARK_MASK.toString(16)}`];
  return ["-m", "physdev", "--physdev-in", rule.vif, "-j", ...target];
}

/**
 * The argv (after the program, `iptables` or `ip6tables`) of single commands
 * for one operation.
 *
 * @example
 * ```ts
 * iptablesCommandWords({ op: "iptables-remove", family: 4, removeJump: true, why: "" }, 0xd0);
 * // [["-t","mangle","-D","FORWARD","-j","DOM0KIT-SHAPE"], ["-t","mangle","-F","DOM0KIT-SHAPE"], ["-t","mangle","-X","DOM0KIT-SHAPE"]]
 * ```
 */
export function iptablesCommandWords(operation: IptablesOperation, handle: number): string[][] {
  const mangle = (...words: string[]): string[] => ["-t", "mangle", ...words];
  if (operation.op === "iptables-remove") {
    return [
      ...(operation.removeJump ? [mangle("-D", "FORWARD", "-j", IPTABLES_CHAIN)] : []),
      mangle("-F", IPTABLES_CHAIN),
      mangle("-X", IPTABLES_CHAIN),
    ];
  }
  return [
    operation.chainExists ? mangle("-F", IPTABLES_CHAIN) : mangle("-N", IPTABLES_CHAIN),
    ...operation.rules.map((rule) => mangle("-A", IPTABLES_CHAIN, ...ruleWords(rule, handle))),
    // First in FORWARD, so an earlier ACCEPT cannot skip the classification.
    ...(operation.addJump ? [mangle("-I", "FORWARD", "1", "-j", IPTABLES_CHAIN)] : []),
  ];
}

/**
 * An `iptables-restore --noflush` file for one family's operations: the
 * chain is declared (which flushes it) and refilled in one commit, so there
 * is no moment without rules.
 *
 * @example
 * ```ts
 * iptablesRestoreFile([{ op: "iptables-write", family: 4, chainExists: false, rules: [], addJump: true, why: "" }], 0xd0);
 * ```
 */
export function iptablesRestoreFile(operations: readonly IptablesOperation[], handle: number): string {
  if (operations.length === 0) return "";
  const lines = ["*mangle"];
  for (const operation of operations) {
    if (operation.op === "iptables-remove") {
      if (operation.removeJump) lines.push(`-D FORWARD -j ${IPTABLES_CHAIN}`);
      lines.push(`-F ${IPTABLES_CHAIN}`, `-X ${IPTABLES_CHAIN}`);
    } else {
      lines.push(`:${IPTABLES_CHAIN} - [0:0]`);
      for (const rule of operation.rules)
        lines.push(`-A ${IPTABLES_CHAIN} ${ruleWords(rule, handle).join(" ")}`);
      if (operation.addJump) lines.push(`-I FORWARD 1 -j ${IPTABLES_CHAIN}`);
    }
  }
  lines.push("COMMIT");
  return `${lines.join("\n")}\n`;
}
