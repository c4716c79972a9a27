import { isIPv4, isIPv6 } from "node:net";

/** Most `from=` entries accepted for one customer. */
export const MAX_SOURCE_ADDRESSES = 64;

function ipv4Bytes(address: string): number[] {
  return address.split(".").map(Number);
}

function ipv6Bytes(address: string): number[] {
  let text = address;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tail = ipv4Bytes(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = "", rest] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill("0"), ...right];
  const bytes = groups.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
  return tail.length === 0 ? bytes : [...bytes.slice(0, 12), ...tail];
}

function hostBitsSet(bytes: readonly number[], prefix: number): boolean {
  return bytes.some((byte, index) => {
    const networkBits = Math.min(8, Math.max(0, prefix - index * 8));
    const hostMask = 0xff >> networkBits;
    return (byte & hostMask) !== 0;
  });
}

/**
 * Why `entry` cannot be used in an authorized_keys `from=` list, or `undefined`
 * when it can. Accepted: an IPv4 or IPv6 address, or a network in CIDR form
 * whose host bits are zero (`203.0.113.0/24`, `2001:db8::/32`). Host names and
 * wildcards are refused: they depend on reverse DNS, which the customer may
 * control.
 *
 * @example
 * ```ts
 * sourceAddressProblem("203.0.113.0/24"); // undefined
 * sourceAddressProblem("203.0.113.7/24"); // "… host bits set …"
 * sourceAddressProblem("*.example.com");  // "… not an IP address or network …"
 * ```
 */
export function sourceAddressProblem(entry: string): string | undefined {
  const accepted = "accepted: an IPv4 or IPv6 address, or a network such as 203.0.113.0/24 or 2001:db8::/32";
  const [address = "", prefixText, extra] = entry.split("/");
  const v4 = isIPv4(address);
  const v6 = !v4 && isIPv6(address) && !address.includes("%");
  if (extra !== undefined || (!v4 && !v6)) {
    return `${JSON.stringify(entry.slice(0, 80))} is not an IP address or network; ${accepted}`;
  }
  if (prefixText === undefined) return undefined;
  const maxPrefix = v4 ? 32 : 128;
  if (!/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
    return `${entry} has an invalid prefix length; accepted: 0 to ${String(maxPrefix)}`;
  }
  const bytes = v4 ? ipv4Bytes(address) : ipv6Bytes(address);
  if (hostBitsSet(bytes, Number(prefixText))) {
    return `${entry} has host bits set, which sshd treats as no match at all; give the network address`;
  }
  return undefined;
}
