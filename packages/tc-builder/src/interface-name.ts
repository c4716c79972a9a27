/**
 * The longest interface name Linux accepts, in bytes (IFNAMSIZ − 1).
 * @example
 * ```ts
 * Buffer.byteLength("vif1.0") <= MAX_INTERFACE_NAME_BYTES; // true
 * ```
 */
export const MAX_INTERFACE_NAME_BYTES = 15;

/** Names every check below passes: 1–15 ASCII letters, digits and . _ - @ + =. */
const PLAIN_NAME = /^[A-Za-z0-9._@+=-]{1,15}$/u;

/**
 * Why `name` cannot be used as a network interface name here, or `undefined`
 * when it can. Follows the kernel's `dev_valid_name` (1–15 bytes, not `.` or
 * `..`, no `/`, `:` or white space) and, because names travel through
 * `tc -batch` and `nft -f` files, also refuses quotes, `#`, `\` and control
 * characters, which those formats would misread.
 *
 * @example
 * ```ts
 * interfaceNameProblem("vif1.0");           // undefined
 * interfaceNameProblem("vif-with-a-long-name"); // "is 20 bytes; Linux allows at most 15"
 * ```
 */
export function interfaceNameProblem(name: string): string | undefined {
  // The common case in one test (a dom0 names thousands of vifs): short, plain, not "." or "..".
  if (PLAIN_NAME.test(name) && name !== "." && name !== "..") return undefined;
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes === 0) return "is empty";
  if (bytes > MAX_INTERFACE_NAME_BYTES) {
    return `is ${String(bytes)} bytes; Linux allows at most ${String(MAX_INTERFACE_NAME_BYTES)}`;
  }
  if (name === "." || name === "..") return `cannot be "${name}"`;
  if (name.includes("/")) return 'contains "/", which Linux does not allow';
  if (name.includes(":")) return 'contains ":", which Linux does not allow';
  if (/\s/u.test(name)) return "contains white space, which Linux does not allow";
  const unsafe = /["'#\\`$]|[\u0000-\u001f\u007f-\u009f]/u.exec(name);
  if (unsafe !== null) {
    return `contains ${JSON.stringify(unsafe[0])}, which tc batch and nft files cannot carry; use letters, digits and . _ - @ + =`;
  }
  return undefined;
}
