import { isIP } from "node:net";

/**
 * Domain names: safe as file names (/etc/xen/NAME), sudoers arguments and LV names;
 * not all digits (xl would read those as a domain id).
 */
export const DOMAIN_NAME = /^(?![0-9]+$)[a-z0-9][a-z0-9_-]{0,31}$/;
/** Host names (RFC 1123 labels). */
export const HOST_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** Linux interface names: 1–15 bytes, no slash, colon or whitespace. */
export const INTERFACE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;
/** Unix user names (Debian's default NAME_REGEX, at most 32 characters). */
export const USER_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
/** Xen virtual disk names: xvda, sda, hda, xvdaa, with an optional partition number. */
export const VDEV = /^(xvd|sd|hd)[a-z]{1,2}[0-9]{0,2}$/;
/** A unicast MAC address in lowercase hex with colons. */
export const MAC = /^[0-9a-f][02468ace](:[0-9a-f]{2}){5}$/;
/** Absolute paths made of safe characters only (no spaces, quotes, commas or colons). */
export const SAFE_PATH = /^\/[A-Za-z0-9_.+@/-]*$/;
/** LVM-style sizes: a whole number and a binary unit (K, M, G, T). */
export const SIZE = /^[1-9][0-9]*[KMGT]$/;

/** The rate units iproute2 accepts (DOMAIN.md "tc units"): bits, or bytes for the `bps` family. */
export const RATE_UNITS = [
  "bit",
  "kbit",
  "mbit",
  "gbit",
  "tbit",
  "kibit",
  "mibit",
  "gibit",
  "tibit",
  "bps",
  "kbps",
  "mbps",
  "gbps",
  "tbps",
  "kibps",
  "mibps",
  "gibps",
  "tibps",
] as const;
/** A tc rate such as `10mbit` or `1.5gbit` (a unit is required; `bps` means bytes). */
export const RATE = new RegExp(`^(?:[0-9]+(?:\\.[0-9]+)?)(?:${RATE_UNITS.join("|")})$`, "i");

/** SSH public key types OpenSSH accepts in authorized_keys. */
export const SSH_KEY_TYPES = [
  "ssh-ed25519",
  "ssh-rsa",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
] as const;
/** One public key line: type, base64 blob, optional comment — and no options in front. */
export const SSH_PUBLIC_KEY = new RegExp(
  `^(?:${SSH_KEY_TYPES.map((type) => type.replaceAll(".", "\\.")).join("|")}) [A-Za-z0-9+/]+={0,3}(?: [\\x20-\\x7e]*)?$`,
);

/** True for an IPv4 or IPv6 address. */
export function isIpAddress(text: string): boolean {
  return isIP(text) !== 0;
}

/** True for `ADDRESS` or `ADDRESS/PREFIX` (IPv4 or IPv6), as sshd's `from=` accepts. */
export function isAddressOrCidr(text: string): boolean {
  const [address = "", prefix, extra] = text.split("/");
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^[0-9]{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const SIZE_FACTORS = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 } as const;

/**
 * Bytes in an LVM-style size (`4G` = 4 GiB).
 *
 * @example
 * ```ts
 * sizeInBytes("512M"); // 536870912
 * ```
 */
export function sizeInBytes(size: string): number {
  const unit = size.at(-1) as keyof typeof SIZE_FACTORS;
  return Number(size.slice(0, -1)) * SIZE_FACTORS[unit];
}
