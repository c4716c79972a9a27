import { isIPv4, isIPv6 } from "node:net";
import type { DomainAddress } from "./desired-state.js";

/**
 * Parses `192.0.2.10`, `192.0.2.0/24`, `2001:db8::5` or `2001:db8::/64`;
 * `undefined` when it is none of these. A missing prefix means one host.
 *
 * @example
 * ```ts
 * parseDomainAddress("192.0.2.10"); // { family: 4, address: "192.0.2.10", prefix: 32 }
 * ```
 */
export function parseDomainAddress(text: string): DomainAddress | undefined {
  const [address = "", prefixText, extra] = text.split("/");
  if (extra !== undefined) return undefined;
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (family === undefined) return undefined;
  const maximum = family === 4 ? 32 : 128;
  if (prefixText === undefined) return { family, address, prefix: maximum };
  if (!/^\d{1,3}$/u.test(prefixText)) return undefined;
  const prefix = Number.parseInt(prefixText, 10);
  return prefix > maximum ? undefined : { family, address, prefix };
}

/** The 16 bytes of an IPv6 address (which must be valid). */
function ipv6Bytes(address: string): number[] {
  const [head = "", tail] = address.split("::");
  const groups = (part: string): string[] => (part === "" ? [] : part.split(":"));
  const expand = (part: string[]): number[] =>
    part.flatMap((group) => {
      if (group.includes(".")) return group.split(".").map((octet) => Number.parseInt(octet, 10));
      const value = Number.parseInt(group, 16);
      return [value >> 8, value & 0xff];
    });
  const front = expand(groups(head));
  const back = tail === undefined ? [] : expand(groups(tail));
  return [...front, ...new Array<number>(16 - front.length - back.length).fill(0), ...back];
}

/**
 * The address as 32-bit words, masked to its prefix — how the u32 classifier
 * stores a `match ip src` / `match ip6 src` key (one word for IPv4, four for
 * IPv6), with each word's mask.
 *
 * @example
 * ```ts
 * addressWords({ family: 4, address: "10.0.0.5", prefix: 32 }); // [{ value: 0x0a000005, mask: 0xffffffff }]
 * ```
 */
export function addressWords(address: DomainAddress): { value: number; mask: number }[] {
  const bytes =
    address.family === 4
      ? address.address.split(".").map((octet) => Number.parseInt(octet, 10))
      : ipv6Bytes(address.address);
  const words: { value: number; mask: number }[] = [];
  for (let index = 0; index < bytes.length; index += 4) {
    const value =
      (((bytes[index] ?? 0) << 24) |
        ((bytes[index + 1] ?? 0) << 16) |
        ((bytes[index + 2] ?? 0) << 8) |
        (bytes[index + 3] ?? 0)) >>>
      0;
    const bitsBefore = index * 8;
    const bitsHere = Math.min(Math.max(address.prefix - bitsBefore, 0), 32);
    const mask = bitsHere === 0 ? 0 : bitsHere === 32 ? 0xffffffff : (0xffffffff << (32 - bitsHere)) >>> 0;
    words.push({ value: (value & mask) >>> 0, mask });
  }
  // tc omits words whose mask is zero (an IPv6 /64 matches two words).
  return words.filter((word) => word.mask !== 0);
}

/**
 * Whether `text` is a MAC address `aa:bb:cc:dd:ee:ff`.
 *
 * @example
 * ```ts
 * isMacAddress("00:16:3e:00:00:01"); // true
 * ```
 */
export function isMacAddress(text: string): boolean {
  return /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/u.test(text);
}
