/**
 * Why Debian's shadow tools (4.13, with Debian's relaxed names) refuse `name`
 * as a user or group name, or undefined when they accept it: not empty, at
 * most 32 characters, not `.` or `..`, not all digits, no leading `-`, `+` or
 * `~`, and no `:`, `,`, `/`, whitespace or control characters.
 *
 * @example
 * ```ts
 * accountNameProblem("alice");    // undefined
 * accountNameProblem("Bad Name"); // "contains whitespace or a control character"
 * ```
 */
export function accountNameProblem(name: string): string | undefined {
  if (name === "" || name.length > 32) return "must be 1 to 32 characters";
  if (name === "." || name === "..") return "may not be . or ..";
  if (/^\d+$/.test(name)) return "may not be all digits";
  if (/^[-+~]/.test(name)) return "may not start with -, + or ~";
  if (/[:,/]/.test(name)) return "may not contain :, , or /";
  if (/[\s\x00-\x1f\x7f]/.test(name)) return "contains whitespace or a control character";
  return undefined;
}
