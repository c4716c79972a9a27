import { XenConfigSyntaxError, type XlSyntaxIssue } from "./errors.js";
import { analyseXlText } from "./xl-analyse.js";
import { XlConfig } from "./xl-config.js";
import { decodeXlInput, type XlConfigInput } from "./xl-text-input.js";

/**
 * Options for {@link parseXlConfig}.
 *
 * @example
 * ```ts
 * parseXlConfig(text, { file: "/etc/xen/web1" }); // errors say /etc/xen/web1:LINE:COL
 * ```
 */
export interface XlParseOptions {
  /** The file name to put in messages. @default "<config>" */
  readonly file?: string;
}

/**
 * The outcome of {@link safeParseXlConfig}.
 *
 * @example
 * ```ts
 * const result: XlParseResult = safeParseXlConfig(text);
 * if (result.ok) result.value.values(); else result.errors[0].message;
 * ```
 */
export type XlParseResult =
  | { readonly ok: true; readonly value: XlConfig; readonly warnings: readonly XlSyntaxIssue[] }
  | { readonly ok: false; readonly errors: readonly [XlSyntaxIssue, ...XlSyntaxIssue[]] };

/**
 * Parses an xl.cfg file exactly as Xen's libxlutil does, without throwing:
 * `{ ok: true, value }` for a file xl accepts, `{ ok: false, errors }` (every
 * error in the file) for one it rejects.
 *
 * @example
 * ```ts
 * const result = safeParseXlConfig(await readFile("/etc/xen/web1"), { file: "/etc/xen/web1" });
 * if (!result.ok) for (const e of result.errors) console.error(`${e.file}:${e.line}:${e.column}: ${e.message}`);
 * ```
 */
export function safeParseXlConfig(input: XlConfigInput, options: XlParseOptions = {}): XlParseResult {
  const { text, encoding } = decodeXlInput(input);
  const analysis = analyseXlText(text, options.file ?? "<config>", encoding);
  const [first, ...rest] = analysis.errors;
  if (first) return { ok: false, errors: [first, ...rest] };
  const value = new XlConfig(analysis);
  return { ok: true, value, warnings: value.warnings };
}

/**
 * Parses an xl.cfg file exactly as Xen's libxlutil does and returns its
 * lossless syntax tree with xl's values view. Throws
 * {@link XenConfigSyntaxError} (code `XL_SYNTAX`) carrying every error when
 * xl would reject the file; never throws anything else.
 *
 * Strings are parsed as the UTF-8 text they will be written as; bytes are
 * decoded as UTF-8, or one character per byte when they are not valid UTF-8.
 *
 * @example
 * ```ts
 * const config = parseXlConfig('name = "web1"\nmemory = 512\n', { file: "/etc/xen/web1" });
 * config.values(); // { name: "web1", memory: "512" }
 * ```
 */
export function parseXlConfig(input: XlConfigInput, options: XlParseOptions = {}): XlConfig {
  const result = safeParseXlConfig(input, options);
  if (!result.ok) throw new XenConfigSyntaxError(result.errors);
  return result.value;
}
