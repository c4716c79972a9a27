/**
 * Minor id of the uplink (parent) class.
 * @example
 * ```ts
 * formatClassId(0xd0, UPLINK_MINOR); // "d0:1"
 * ```
 */
export const UPLINK_MINOR = 0x1;
/**
 * Minor id of the default class: unclassified traffic goes there.
 * @example
 * ```ts
 * formatClassId(0xd0, DEFAULT_MINOR); // "d0:ffff"
 * ```
 */
export const DEFAULT_MINOR = 0xffff;
/**
 * Lowest minor id a domU can get.
 * @example
 * ```ts
 * preferredMinor("vm1") >= FIRST_DOMAIN_MINOR; // true
 * ```
 */
export const FIRST_DOMAIN_MINOR = 0x2;
/**
 * Highest minor id a domU can get.
 * @example
 * ```ts
 * preferredMinor("vm1") <= LAST_DOMAIN_MINOR; // true
 * ```
 */
export const LAST_DOMAIN_MINOR = 0xfffe;
/**
 * How many domUs fit under one HTB qdisc: 16-bit minors minus 0, the uplink and the default class.
 * @example
 * ```ts
 * MAX_DOMAINS_PER_INTERFACE; // 65533
 * ```
 */
export const MAX_DOMAINS_PER_INTERFACE = LAST_DOMAIN_MINOR - FIRST_DOMAIN_MINOR + 1;

/**
 * Formats a tc handle as iproute2 prints it (`print_tc_classid`): lower-case
 * hex `major:minor`, `major:` when the minor is 0.
 *
 * @example
 * ```ts
 * formatClassId(0xd0, 0x2a); // "d0:2a"
 * formatClassId(0xd0, 0);    // "d0:"
 * ```
 */
export function formatClassId(major: number, minor: number): string {
  return minor === 0 ? `${major.toString(16)}:` : `${major.toString(16)}:${minor.toString(16)}`;
}

/**
 * Parses a tc handle as iproute2's `get_tc_classid` does (hex `major:minor`,
 * `major:`, `:minor`, `root`, `none`); `undefined` if it is not one.
 *
 * @example
 * ```ts
 * parseClassId("d0:2a"); // { major: 0xd0, minor: 0x2a }
 * parseClassId("00d0:002a"); // the same (iptables-save prints it so)
 * ```
 */
export function parseClassId(text: string): { major: number; minor: number } | "root" | "none" | undefined {
  if (text === "root") return "root";
  if (text === "none") return "none";
  // A loop, not a regular expression: a re-apply reads thousands of ids.
  const colon = text.indexOf(":");
  if (colon === -1) return undefined;
  const major = hexValue(text, 0, colon);
  const minor = hexValue(text, colon + 1, text.length);
  if (major === undefined || minor === undefined || major > 0xffff || minor > 0xffff) return undefined;
  return { major, minor };
}

/** The hex number in `text[start, end)` (0 when empty); `undefined` if any other character is there. */
function hexValue(text: string, start: number, end: number): number | undefined {
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    const digit =
      code >= 0x30 && code <= 0x39
        ? code - 0x30
        : code >= 0x61 && code <= 0x66
          ? code - 0x57
          : code >= 0x41 && code <= 0x46
            ? code - 0x37
            : -1;
    if (digit === -1) return undefined;
    value = value * 16 + digit;
  }
  return value;
}

/** 32-bit FNV-1a over the UTF-8 bytes of `text`. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  // An ASCII name's UTF-8 bytes are its char codes: no buffer needed (thousands of names per plan).
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0x80) return fnv1aBytes(text);
    hash = Math.imul(hash ^ code, 0x01000193) >>> 0;
  }
  return hash;
}

function fnv1aBytes(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/**
 * The class minor id a domU name hashes to, before collisions are resolved:
 * FNV-1a of the name, folded into 0x2 … 0xfffe. The same name always gives
 * the same id, whatever else is in the inventory.
 *
 * @example
 * ```ts
 * preferredMinor("vm1") === preferredMinor("vm1"); // true
 * ```
 */
export function preferredMinor(name: string): number {
  return FIRST_DOMAIN_MINOR + (fnv1a(name) % MAX_DOMAINS_PER_INTERFACE);
}

/**
 * Assigns class minor ids: pinned ids first, then each other domain, in
 * inventory order, its preferred id or the next free one after it. Ids depend
 * only on the inventory, so re-planning never reshuffles, and a domain
 * appended to the inventory never moves an existing one.
 *
 * @param domains names with an optional pinned minor, in inventory order
 * @returns the minor id of each domain, by position
 * @example
 * ```ts
 * assignMinors([{ name: "vm1" }, { name: "vm2", pinned: 0x10 }]); // [<hash of vm1>, 0x10]
 * ```
 */
export function assignMinors(domains: readonly { name: string; pinned?: number | undefined }[]): number[] {
  const taken = new Set<number>();
  const result: number[] = new Array<number>(domains.length).fill(0);
  domains.forEach((domain, index) => {
    if (domain.pinned !== undefined) {
      taken.add(domain.pinned);
      result[index] = domain.pinned;
    }
  });
  domains.forEach((domain, index) => {
    if (domain.pinned !== undefined) return;
    let candidate = preferredMinor(domain.name);
    for (let tries = 0; taken.has(candidate); tries += 1) {
      if (tries >= MAX_DOMAINS_PER_INTERFACE) throw new RangeError("no class ids left");
      candidate = candidate === LAST_DOMAIN_MINOR ? FIRST_DOMAIN_MINOR : candidate + 1;
    }
    taken.add(candidate);
    result[index] = candidate;
  });
  return result;
}
