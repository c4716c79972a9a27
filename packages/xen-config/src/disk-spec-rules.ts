/**
 * The token rules of xl's disk-spec scanner (libxlutil's `libxlu_disk_l.l`, as
 * in Xen 4.17), re-expressed as matchers. Like flex, the scanner takes the
 * longest match at each position and, on a tie, the rule listed first; rules
 * with trailing context count the context for the length but only consume
 * their head.
 */

/** What a rule matched at a position. */
export interface DiskRuleMatch {
  /** Characters that count for longest-match (head plus trailing context). */
  readonly total: number;
  /** Characters consumed (the token text). */
  readonly consumed: number;
}

/** Rule identifiers, in flex's order of precedence. */
export type DiskRuleName =
  | "whitespace"
  | "format"
  | "cdrom"
  | "devtype-cdrom"
  | "devtype-disk"
  | "devtype-other"
  | "access"
  | "backend"
  | "backendtype"
  | "specification"
  | "vdev"
  | "script"
  | "direct-io-safe"
  | "discard"
  | "no-discard"
  | "colo"
  | "no-colo"
  | "colo-host"
  | "colo-port"
  | "colo-export"
  | "active-disk"
  | "hidden-disk"
  | "target"
  | "unknown-parameter"
  | "format-prefix"
  | "script-prefix"
  | "ignored-prefix"
  | "unknown-prefix"
  | "positional";

interface DiskRule {
  readonly name: DiskRuleName;
  readonly match: (text: string, at: number) => DiskRuleMatch | undefined;
}

/** Offset of the next newline at or after `at` (`.` stops there), or the end. */
function lineEnd(text: string, at: number): number {
  const newline = text.indexOf("\n", at);
  return newline < 0 ? text.length : newline;
}

/** `word,?` — a keyword, optionally followed by one comma. */
function keyword(word: string): (text: string, at: number) => DiskRuleMatch | undefined {
  return (text, at) => {
    if (!text.startsWith(word, at)) return undefined;
    const length = word.length + (text.charAt(at + word.length) === "," ? 1 : 0);
    return { total: length, consumed: length };
  };
}

/** `prefix[^,]*,?` — a keyed parameter whose value runs to the next comma. */
function keyed(prefix: string): (text: string, at: number) => DiskRuleMatch | undefined {
  return (text, at) => {
    if (!text.startsWith(prefix, at)) return undefined;
    const comma = text.indexOf(",", at + prefix.length);
    const length = comma < 0 ? text.length - at : comma + 1 - at;
    return { total: length, consumed: length };
  };
}

/** `(alternatives):/.*` — a legacy prefix whose trailing context takes the rest of the line. */
function prefix(alternatives: readonly string[]): (text: string, at: number) => DiskRuleMatch | undefined {
  return (text, at) => {
    let best: DiskRuleMatch | undefined;
    for (const word of alternatives) {
      const head = `${word}:`;
      if (!text.startsWith(head, at)) continue;
      const match = { total: lineEnd(text, at + head.length) - at, consumed: head.length };
      if (!best || match.total > best.total) best = match;
    }
    return best;
  };
}

const isLower = (char: string): boolean => char >= "a" && char <= "z";
const isDigit = (char: string): boolean => char >= "0" && char <= "9";

const RULES: readonly DiskRule[] = [
  {
    // [ \t\n]+/([^ \t\n].*)?  — blanks before a parameter are skipped
    name: "whitespace",
    match: (text, at) => {
      let end = at;
      while (end < text.length && " \t\n".includes(text.charAt(end))) end += 1;
      if (end === at) return undefined;
      const total = end < text.length ? lineEnd(text, end) - at : end - at;
      return { total, consumed: end - at };
    },
  },
  { name: "format", match: keyed("format=") },
  { name: "cdrom", match: keyword("cdrom") },
  { name: "devtype-cdrom", match: keyword("devtype=cdrom") },
  { name: "devtype-disk", match: keyword("devtype=disk") },
  { name: "devtype-other", match: keyed("devtype=") },
  { name: "access", match: keyed("access=") },
  { name: "backend", match: keyed("backend=") },
  { name: "backendtype", match: keyed("backendtype=") },
  { name: "specification", match: keyed("specification=") },
  { name: "vdev", match: keyed("vdev=") },
  { name: "script", match: keyed("script=") },
  { name: "direct-io-safe", match: keyword("direct-io-safe") },
  { name: "discard", match: keyword("discard") },
  { name: "no-discard", match: keyword("no-discard") },
  { name: "colo", match: keyword("colo") },
  { name: "no-colo", match: keyword("no-colo") },
  { name: "colo-host", match: keyed("colo-host=") },
  { name: "colo-port", match: keyed("colo-port=") },
  { name: "colo-export", match: keyed("colo-export=") },
  { name: "active-disk", match: keyed("active-disk=") },
  { name: "hidden-disk", match: keyed("hidden-disk=") },
  {
    // target=.*  — takes the rest of the line
    name: "target",
    match: (text, at) => {
      if (!text.startsWith("target=", at)) return undefined;
      const length = lineEnd(text, at + 7) - at;
      return { total: length, consumed: length };
    },
  },
  {
    // [a-z][-a-z0-9]*=[^,],?
    name: "unknown-parameter",
    match: (text, at) => {
      if (!isLower(text.charAt(at))) return undefined;
      let end = at + 1;
      while (
        end < text.length &&
        (isLower(text.charAt(end)) || isDigit(text.charAt(end)) || text.charAt(end) === "-")
      )
        end += 1;
      if (text.charAt(end) !== "=" || end + 1 >= text.length || text.charAt(end + 1) === ",")
        return undefined;
      const length = end + 2 - at + (text.charAt(end + 2) === "," ? 1 : 0);
      return { total: length, consumed: length };
    },
  },
  { name: "format-prefix", match: prefix(["raw", "qcow", "qcow2", "vhd"]) },
  { name: "script-prefix", match: prefix(["iscsi", "nbd", "enbd", "drbd"]) },
  { name: "ignored-prefix", match: prefix(["tapdisk"]) },
  { name: "ignored-prefix", match: prefix(["tap", "tap2"]) },
  { name: "ignored-prefix", match: prefix(["aio"]) },
  { name: "ignored-prefix", match: prefix(["ioemu"]) },
  { name: "ignored-prefix", match: prefix(["file"]) },
  { name: "ignored-prefix", match: prefix(["phy"]) },
  {
    // [a-z][a-z0-9]*:/([^a-z0-9].*)?
    name: "unknown-prefix",
    match: (text, at) => {
      if (!isLower(text.charAt(at))) return undefined;
      let end = at + 1;
      while (end < text.length && (isLower(text.charAt(end)) || isDigit(text.charAt(end)))) end += 1;
      if (text.charAt(end) !== ":") return undefined;
      const head = end + 1 - at;
      const next = text.charAt(end + 1);
      if (next === "" || isLower(next) || isDigit(next)) return { total: head, consumed: head };
      return { total: lineEnd(text, end + 2) - at, consumed: head };
    },
  },
  {
    // [^=,]*,|[^=,]+,?
    name: "positional",
    match: (text, at) => {
      let end = at;
      while (end < text.length && text.charAt(end) !== "=" && text.charAt(end) !== ",") end += 1;
      if (text.charAt(end) === ",") return { total: end + 1 - at, consumed: end + 1 - at };
      return end > at ? { total: end - at, consumed: end - at } : undefined;
    },
  },
];

/** The rule flex would pick at `at`, or undefined when none matches (a lexical error). */
export function matchDiskRule(
  text: string,
  at: number,
): { name: DiskRuleName; consumed: number } | undefined {
  let best: { name: DiskRuleName; total: number; consumed: number } | undefined;
  for (const rule of RULES) {
    const match = rule.match(text, at);
    if (match && (!best || match.total > best.total)) best = { name: rule.name, ...match };
  }
  return best && { name: best.name, consumed: best.consumed };
}
