/**
 * True when the command's locale (its own variables, else this process's) is
 * UTF-8, as coreutils' quoting follows.
 *
 * @example
 * ```ts
 * utf8Locale({ LC_ALL: "C" }); // false
 * ```
 */
export function utf8Locale(vars: Readonly<Record<string, string>>): boolean {
  const pick = (name: string): string | undefined => vars[name] ?? process.env[name];
  const locale = [pick("LC_ALL"), pick("LC_MESSAGES"), pick("LANG")].find(
    (value) => value !== undefined && value !== "",
  );
  return locale !== undefined && /utf-?8/i.test(locale);
}

/**
 * A name quoted in a coreutils message: `‘name’` in a UTF-8 locale, `'name'`
 * otherwise.
 *
 * @example
 * ```ts
 * quoteName({ LC_ALL: "C" }, "nofile"); // "'nofile'"
 * ```
 */
export function quoteName(vars: Readonly<Record<string, string>>, name: string): string {
  return utf8Locale(vars) ? `\u2018${name}\u2019` : `'${name}'`;
}

/**
 * The two lines coreutils prints for a usage error, and its exit code 1.
 *
 * @example
 * ```ts
 * usageLines("chmod", "missing operand"); // "chmod: missing operand\nTry 'chmod --help' …\n"
 * ```
 */
export function usageLines(program: string, message: string): string {
  return `${program}: ${message}\nTry '${program} --help' for more information.\n`;
}

/**
 * What a GNU program prints when getopt rejects an option (`invalid option --
 * 'q'`, `unrecognized option '--bogus'`, `option requires an argument -- 'm'`).
 *
 * @example
 * ```ts
 * getoptMessage("chmod", { kind: "unknown", option: "q" }); // "chmod: invalid option -- 'q'"
 * ```
 */
export function getoptMessage(
  program: string,
  error: { readonly kind: "unknown" | "missing-value"; readonly option: string },
): string {
  const long = error.option.startsWith("--");
  if (error.kind === "unknown")
    return long
      ? `${program}: unrecognized option '${error.option}'`
      : `${program}: invalid option -- '${error.option}'`;
  return long
    ? `${program}: option '${error.option}' requires an argument`
    : `${program}: option requires an argument -- '${error.option}'`;
}
