import type { CommandPattern } from "./fault-spec.js";

/**
 * True when `argv` (program base name first) starts with the pattern's prefix
 * and, if the pattern has one, its regular expression matches the argv joined
 * by single spaces.
 *
 * @example
 * ```ts
 * matchesCommand({ argvPrefix: ["xl", "save"] }, ["xl", "save", "-p", "vm1", "/tmp/vm1.save"]); // true
 * ```
 */
export function matchesCommand(pattern: CommandPattern, argv: readonly string[]): boolean {
  if (pattern.argvPrefix.length > argv.length) return false;
  if (!pattern.argvPrefix.every((word, index) => argv[index] === word)) return false;
  return pattern.argvRegex === undefined || new RegExp(pattern.argvRegex).test(argv.join(" "));
}
