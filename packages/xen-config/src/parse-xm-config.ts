import { XenXmConfigError, type XlSyntaxIssue } from "./errors.js";
import { LineIndex } from "./line-index.js";
import { parseXlConfig } from "./parse-xl-config.js";
import type { XlConfig } from "./xl-config.js";
import { decodeXlInput, type XlConfigInput } from "./xl-text-input.js";
import type { XlValue } from "./xl-value.js";
import { writeXlValue } from "./xl-write-value.js";
import { evaluateXmAssignment, XmEvaluationError, type PyValue } from "./xm-evaluate.js";
import { parseXmProgram, type XmExpr } from "./xm-syntax.js";
import { convertXmNames, type XlStatement, type XmFinalName, type XmNote } from "./xm-to-xl.js";

/**
 * One change made while converting an xm config to xl, located in the xm file.
 *
 * @example
 * ```ts
 * for (const w of parseXmConfig(text).warnings) console.warn(`${w.file}:${String(w.line)}: ${w.key}: ${w.message}`);
 * ```
 */
export interface XmConversionWarning extends XlSyntaxIssue {
  /** The xm name (or `disk[1]`-style element) concerned. */
  readonly key: string;
}

/**
 * A legacy xm config converted to xl.
 *
 * @example
 * ```ts
 * const { text: xl, values, warnings } = parseXmConfig("memory = 128 * 2\n"); // xl: "memory = 256\n"
 * ```
 */
export interface XmConversion {
  /** The xl file: the same settings in the same order, comments kept. */
  readonly text: string;
  /** {@link XmConversion.text} parsed. */
  readonly config: XlConfig;
  /** What xl sees: `config.values()`. */
  readonly values: Record<string, XlValue>;
  /** One warning for each change made. */
  readonly warnings: readonly XmConversionWarning[];
}

/**
 * The outcome of {@link safeParseXmConfig}.
 *
 * @example
 * ```ts
 * const result: XmParseResult = safeParseXmConfig(text);
 * if (!result.ok) console.error(result.errors.map(formatSyntaxIssue).join("\n"));
 * ```
 */
export type XmParseResult =
  | ({ readonly ok: true } & XmConversion)
  | { readonly ok: false; readonly errors: readonly [XlSyntaxIssue, ...XlSyntaxIssue[]] };

/**
 * Options of {@link parseXmConfig}.
 *
 * @example
 * ```ts
 * parseXmConfig(bytes, { file: "/etc/xen/legacy.cfg" });
 * ```
 */
export interface XmParseOptions {
  /** The file name to put in messages. @default "<config>" */
  readonly file?: string;
}

function isLiteral(expr: XmExpr): boolean {
  switch (expr.kind) {
    case "number":
      return true;
    case "string":
      return expr.pieces === 1;
    case "list":
    case "tuple":
      return expr.items.every(isLiteral);
    case "name":
      return expr.name === "True" || expr.name === "False" || expr.name === "None";
    case "unary":
      return expr.arg.kind === "number";
    default:
      return false;
  }
}

/** The xl file: statements at their xm positions, comments and blank lines kept. */
function renderStatements(
  source: string,
  statements: readonly XlStatement[],
  comments: readonly { text: string; start: number; ownLine: boolean }[],
): string {
  type Item = { start: number; line: string; ownLine: boolean };
  const items: Item[] = [
    ...statements.map((statement) => ({
      start: statement.start,
      line: `${statement.key} = ${writeXlValue(statement.value, {}, statement.key)}`,
      ownLine: true,
    })),
    ...comments.map((comment) => ({ start: comment.start, line: comment.text, ownLine: comment.ownLine })),
  ].sort((a, b) => a.start - b.start);
  const lines: string[] = [];
  let previousEnd = -1;
  let lastWasStatementLine: number | undefined;
  for (const item of items) {
    const gap = previousEnd < 0 ? "" : source.slice(previousEnd, item.start);
    const sameLine = previousEnd >= 0 && !gap.includes("\n");
    if (!item.ownLine && sameLine && lastWasStatementLine !== undefined) {
      lines[lastWasStatementLine] += ` ${item.line}`;
    } else {
      if (/\n[ \t\r\f]*\n/.test(gap) && lines.length > 0) lines.push("");
      lines.push(item.line);
      lastWasStatementLine = item.line.startsWith("#") ? undefined : lines.length - 1;
    }
    const lineEnd = source.indexOf("\n", item.start);
    previousEnd = lineEnd < 0 ? source.length : lineEnd;
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** The final Python value of every name an xm config assigns, or the problems found. */
export function evaluateXmConfig(text: string): { values: Map<string, PyValue>; errors: XlSyntaxIssue[] } {
  const lines = new LineIndex(text);
  const program = parseXmProgram(text);
  const errors: XlSyntaxIssue[] = program.errors.map((error) => ({
    file: "<config>",
    ...lines.position(error.start),
    text: "",
    message: error.message,
  }));
  const values = new Map<string, PyValue>();
  for (const assignment of program.assignments) {
    try {
      values.set(assignment.name, evaluateXmAssignment(assignment, values));
    } catch (error) {
      if (!(error instanceof XmEvaluationError)) throw error;
      errors.push({ file: "<config>", ...lines.position(error.start), text: "", message: error.message });
    }
  }
  return { values, errors };
}

/**
 * Reads a legacy xm config — the Python subset seen in practice: `name =
 * value` lines, True/False/None, ints (Python 2 rules: `0777` is octal, `/`
 * floors), floats, strings of every quoting, lists and tuples, arithmetic and
 * `%` formatting on earlier names, comments — without ever executing it, and
 * converts it to an xl config, warning about each change (booleans to 1/0,
 * computed values, `cpu_cap`→`cap`, `bootargs`→`bootloader_args`,
 * `builder`→`type`, `vcpu_avail`, `w!` disks, `type=netfront` vifs …).
 * Anything else (imports, calls, `if` blocks) is refused with
 * {@link XenXmConfigError}, every problem listed.
 *
 * @example
 * ```ts
 * const { text, warnings } = parseXmConfig('name = "old"\nmemory = 256 * 2\nacpi = True\n');
 * text;     // 'name = "old"\nmemory = 512\nacpi = 1\n'
 * warnings; // computed `256 * 2`; True written as 1
 * ```
 */
export function safeParseXmConfig(input: XlConfigInput, options: XmParseOptions = {}): XmParseResult {
  const file = options.file ?? "<config>";
  const { text } = decodeXlInput(input);
  const lines = new LineIndex(text);
  const locate = (start: number, end: number, message: string): XlSyntaxIssue => {
    const { line, column } = lines.position(start);
    const lineEnd = text.indexOf("\n", start);
    return {
      file,
      line,
      column,
      text: text.slice(start, Math.min(end, lineEnd < 0 ? text.length : lineEnd, start + 60)),
      message,
    };
  };
  const program = parseXmProgram(text);
  const errors: XlSyntaxIssue[] = program.errors.map((error) =>
    locate(error.start, error.end, error.message),
  );
  const names = new Map<string, PyValue>();
  const finals = new Map<string, XmFinalName>();
  for (const assignment of program.assignments) {
    try {
      const value = evaluateXmAssignment(assignment, names);
      names.set(assignment.name, value);
      // Re-inserted so that the map keeps names in order of their last assignment.
      finals.delete(assignment.name);
      finals.set(assignment.name, {
        name: assignment.name,
        value,
        assignment,
        computed: assignment.operator !== "=" || !isLiteral(assignment.value),
      });
    } catch (error) {
      if (!(error instanceof XmEvaluationError)) throw error;
      errors.push(locate(error.start, error.end, error.message));
    }
  }
  const converted = convertXmNames(text, [...finals.values()]);
  const noteToIssue = (note: XmNote): XmConversionWarning => ({
    ...locate(note.start, note.end, note.message),
    key: note.key,
  });
  errors.push(...converted.errors.map(noteToIssue));
  const [first, ...rest] = errors.sort((a, b) => a.line - b.line || a.column - b.column);
  if (first) return { ok: false, errors: [first, ...rest] };
  const xl = renderStatements(text, converted.statements, program.comments);
  const config = parseXlConfig(xl, { file });
  const warnings = converted.warnings.map(noteToIssue).sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: true, text: xl, config, values: config.values(), warnings };
}

/**
 * Like {@link safeParseXmConfig}, but throws {@link XenXmConfigError} (code
 * `XM_SYNTAX`) listing every problem.
 *
 * @example
 * ```ts
 * const converted = parseXmConfig(await readFile("/etc/xen/old.cfg"), { file: "/etc/xen/old.cfg" });
 * await writeFile("/etc/xen/old", converted.text);
 * ```
 */
export function parseXmConfig(input: XlConfigInput, options: XmParseOptions = {}): XmConversion {
  const result = safeParseXmConfig(input, options);
  if (!result.ok) throw new XenXmConfigError(result.errors);
  const { ok: _ok, ...conversion } = result;
  return conversion;
}
