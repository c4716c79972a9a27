/**
 * Domain names dom0kit backs up: safe as a directory name, an LV name suffix
 * and a lock name (letters, digits, `_`, `.`, `-`; at most 64; no leading dot
 * or dash).
 *
 * @example
 * ```ts
 * DOMAIN_NAME_PATTERN.test("vm1"); // true
 * ```
 */
export const DOMAIN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Absolute paths of safe characters only: no spaces, quotes, colons or commas, no `.`/`..` segments.
 *
 * @example
 * ```ts
 * SAFE_PATH_PATTERN.test("/dev/vg0/vm1-disk"); // true
 * ```
 */
export const SAFE_PATH_PATTERN = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9_.+@-]+)+\/?$|^\/$/;

/**
 * Xen virtual disk names: `xvda`, `sdb`, `hda1`, `xvdaa`.
 *
 * @example
 * ```ts
 * VDEV_PATTERN.test("xvda"); // true
 * ```
 */
export const VDEV_PATTERN = /^(?:xvd|sd|hd)[a-z]{1,2}[0-9]{0,2}$/;

/**
 * True for a domain name that is safe to use in paths and commands.
 *
 * @example
 * ```ts
 * isDomainName("vm1"); // true
 * isDomainName("../etc"); // false
 * ```
 */
export function isDomainName(name: string): boolean {
  return DOMAIN_NAME_PATTERN.test(name);
}

/**
 * True for an absolute path made only of safe characters, with no `.` or `..` segment.
 *
 * @example
 * ```ts
 * isSafePath("/dev/vg0/vm1-disk"); // true
 * isSafePath("/srv/../etc/shadow"); // false
 * ```
 */
export function isSafePath(path: string): boolean {
  return SAFE_PATH_PATTERN.test(path) && !path.includes("//");
}
