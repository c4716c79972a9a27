/**
 * Customer account names: a lower-case letter, then lower-case letters, digits,
 * `_` or `-`, at most 32 in all. No `.` (sudo would skip a sudoers.d file named
 * after it), no upper case, nothing a shell, sudoers or sshd treats specially.
 */
export const USER_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * Xen domain names: a letter or digit, then letters, digits, `_`, `.` or `-`, at
 * most 64 in all. Nothing that sudoers matches as a wildcard (`*?[]`) or treats
 * as syntax (`,:=\` and spaces), nothing that starts like an option.
 */
export const DOMAIN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Accounts that exist on every Debian host and must never become customers. */
const RESERVED_USER_NAMES = new Set([
  "root",
  "daemon",
  "bin",
  "sys",
  "sync",
  "games",
  "man",
  "lp",
  "mail",
  "news",
  "uucp",
  "proxy",
  "www-data",
  "backup",
  "list",
  "irc",
  "gnats",
  "nobody",
  "sshd",
  "messagebus",
  "xen",
  "admin",
  "sudo",
]);

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Why `name` cannot be a customer account, or `undefined` when it can.
 *
 * @example
 * ```ts
 * userNameProblem("alice"); // undefined
 * userNameProblem("root");  // "root is reserved for the system; …"
 * ```
 */
export function userNameProblem(name: string): string | undefined {
  if (!USER_NAME_PATTERN.test(name)) {
    return `${JSON.stringify(name)} is not an accepted user name; accepted: a lower-case letter, then up to 31 lower-case letters, digits, "_" or "-"`;
  }
  if (RESERVED_USER_NAMES.has(name) || name.startsWith("systemd-")) {
    return `${name} is reserved for the system; customers need accounts of their own`;
  }
  return undefined;
}

/**
 * Why `name` cannot be granted to a customer as a domain, or `undefined` when it
 * can. Besides the pattern: names `xl` would read as a domain id (all digits) or
 * a UUID, and Domain-0 (dom0 itself), are refused.
 *
 * @example
 * ```ts
 * domainNameProblem("web1.example.com"); // undefined
 * domainNameProblem("0");                // "… xl reads it as domain id 0 …"
 * ```
 */
export function domainNameProblem(name: string): string | undefined {
  if (!DOMAIN_NAME_PATTERN.test(name)) {
    return `${JSON.stringify(name)} is not an accepted domain name; accepted: a letter or digit, then up to 63 letters, digits, "_", "." or "-"`;
  }
  if (/^[0-9]+$/.test(name)) {
    return `${name} is all digits: xl reads it as domain id ${name}, which may be anyone's domain`;
  }
  if (UUID_SHAPE.test(name)) {
    return `${name} has the shape of a UUID, which xl may resolve to another domain`;
  }
  if (name.toLowerCase() === "domain-0") {
    return `${name} is dom0 itself; its console is a root login on the host`;
  }
  return undefined;
}
