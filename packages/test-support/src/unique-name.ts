import { randomBytes } from "node:crypto";

/**
 * A short name unique to this run, for shared kernel objects tests create
 * (network namespaces, interfaces, loop files): `prefix` plus 6 hex digits.
 * Keep `prefix` short: interface names are limited to 15 bytes.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(3).toString("hex")}`;
}
