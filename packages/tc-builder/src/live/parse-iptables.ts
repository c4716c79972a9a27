import { parseClassId } from "../class-id.js";
import type { LiveIptablesChain, LiveIptablesRule } from "./live-state.js";

/**
 * dom0kit's chain in the mangle table; FORWARD jumps to it.
 * @example
 * ```ts
 * ["iptables", "-t", "mangle", "-S", IPTABLES_CHAIN];
 * ```
 */
export const IPTABLES_CHAIN = "DOM0KIT-SHAPE";

const RULE =
  /^-A DOM0KIT-SHAPE -m physdev --physdev-in (\S+) -j (?:CLASSIFY --set-class ([0-9a-f]+:[0-9a-f]+)|MARK --set-xmark (0x[0-9a-f]+)\/(0x[0-9a-f]+))$/iu;

function parseRule(line: string): LiveIptablesRule | undefined {
  const match = RULE.exec(line);
  if (match === null) return undefined;
  const vif = match[1] ?? "";
  if (match[2] !== undefined) {
    const classId = parseClassId(match[2]);
    if (classId === undefined || typeof classId === "string") return undefined;
    return { vif, target: { kind: "classify", major: classId.major, minor: classId.minor } };
  }
  return {
    vif,
    target: {
      kind: "mark",
      mark: Number.parseInt(match[3] ?? "0", 16),
      mask: Number.parseInt(match[4] ?? "0", 16),
    },
  };
}

/**
 * Reads dom0kit's chain out of `iptables-save -t mangle` (or
 * `ip6tables-save`): whether it exists, whether FORWARD jumps to it, its
 * physdev CLASSIFY / MARK rules, and any rule in it we do not recognise.
 *
 * @example
 * ```ts
 * parseIptablesSave("*mangle\n:DOM0KIT-SHAPE - [0:0]\n-A FORWARD -j DOM0KIT-SHAPE\nCOMMIT\n").jump; // true
 * ```
 */
export function parseIptablesSave(text: string): LiveIptablesChain {
  let inMangle = false;
  let exists = false;
  let jump = false;
  const rules: LiveIptablesRule[] = [];
  const unrecognised: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("*")) inMangle = line === "*mangle";
    if (!inMangle) continue;
    if (line === `:${IPTABLES_CHAIN} - [0:0]` || line.startsWith(`:${IPTABLES_CHAIN} `)) exists = true;
    else if (line === `-A FORWARD -j ${IPTABLES_CHAIN}`) jump = true;
    else if (line.startsWith(`-A ${IPTABLES_CHAIN} `)) {
      const rule = parseRule(line);
      if (rule === undefined) unrecognised.push(line);
      else rules.push(rule);
    }
  }
  return { exists, jump, rules, unrecognised };
}
