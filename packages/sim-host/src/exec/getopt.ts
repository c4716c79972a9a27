/** One option as parsed: its canonical name (short letter or long name) and value. */
export interface ParsedOption {
  readonly name: string;
  readonly value?: string;
}

/** Result of {@link getopt}. */
export interface GetoptResult {
  readonly options: readonly ParsedOption[];
  readonly operands: readonly string[];
  /** The first problem, like getopt reports it. */
  readonly error?: { readonly kind: "unknown" | "missing-value"; readonly option: string };
}

/** Long options: name → [takes a value, canonical name (usually the short letter)]. */
export type LongOptions = Readonly<Record<string, readonly [boolean, string]>>;

/**
 * GNU getopt_long semantics: clustered short options (`-lv`), attached values
 * (`-w512`, `--weight=512`), unambiguous long-option prefixes, `--` ending
 * options, and operands permuted after options unless `shortSpec` starts with
 * `+` (then the first operand ends option parsing, as for wrappers).
 *
 * @example
 * ```ts
 * getopt(["-d", "vm1", "-w512"], "d:w:c:", { domain: [true, "d"] }).options;
 * // [{ name: "d", value: "vm1" }, { name: "w", value: "512" }]
 * ```
 */
export function getopt(
  args: readonly string[],
  shortSpec: string,
  longOptions: LongOptions = {},
): GetoptResult {
  const stopAtOperand = shortSpec.startsWith("+");
  const spec = stopAtOperand ? shortSpec.slice(1) : shortSpec;
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  const takesValue = (letter: string): boolean | undefined => {
    const at = spec.indexOf(letter);
    if (at < 0 || letter === ":") return undefined;
    return spec[at + 1] === ":";
  };

  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "--") {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const [rawName, inline] = splitOnce(arg.slice(2), "=");
      const exact = longOptions[rawName];
      const candidates =
        exact === undefined ? Object.keys(longOptions).filter((name) => name.startsWith(rawName)) : [rawName];
      const chosen = candidates.length === 1 ? (candidates[0] as string) : undefined;
      const definition = chosen === undefined ? undefined : longOptions[chosen];
      if (definition === undefined) return { options, operands, error: { kind: "unknown", option: arg } };
      const [needsValue, canonical] = definition;
      if (!needsValue) {
        options.push({ name: canonical });
        continue;
      }
      if (inline !== undefined) {
        options.push({ name: canonical, value: inline });
        continue;
      }
      const next = args[index + 1];
      if (next === undefined) return { options, operands, error: { kind: "missing-value", option: arg } };
      options.push({ name: canonical, value: next });
      index += 1;
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      for (let at = 1; at < arg.length; at += 1) {
        const letter = arg[at] as string;
        const needsValue = takesValue(letter);
        if (needsValue === undefined)
          return { options, operands, error: { kind: "unknown", option: letter } };
        if (!needsValue) {
          options.push({ name: letter });
          continue;
        }
        const attached = arg.slice(at + 1);
        if (attached !== "") {
          options.push({ name: letter, value: attached });
        } else {
          const next = args[index + 1];
          if (next === undefined)
            return { options, operands, error: { kind: "missing-value", option: letter } };
          options.push({ name: letter, value: next });
          index += 1;
        }
        break;
      }
      continue;
    }
    if (stopAtOperand) {
      operands.push(...args.slice(index));
      break;
    }
    operands.push(arg);
  }
  return { options, operands };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** The last value given for option `name`, if any. */
export function optionValue(result: GetoptResult, name: string): string | undefined {
  return result.options.filter((option) => option.name === name).at(-1)?.value;
}

/** True when option `name` was given. */
export function hasOption(result: GetoptResult, name: string): boolean {
  return result.options.some((option) => option.name === name);
}
