import type { XlSyntaxIssue } from "./errors.js";
import { LineIndex } from "./line-index.js";
import { parseXlSyntax, type XlSpanIssue, type XlTextEncoding } from "./xl-parser.js";
import type { XlDocumentNode } from "./xl-syntax-tree.js";
import { evaluateXlDocument, type XlSetting } from "./xl-values.js";

/** Everything known about a config text after parsing and evaluating it. */
export interface XlAnalysis {
  readonly text: string;
  readonly file: string;
  readonly encoding: XlTextEncoding;
  readonly document: XlDocumentNode;
  readonly settings: ReadonlyMap<string, XlSetting>;
  readonly errors: readonly XlSyntaxIssue[];
  readonly warnings: readonly XlSyntaxIssue[];
}

const MAX_SHOWN = 60;

function toIssues(
  text: string,
  file: string,
  spans: readonly XlSpanIssue[],
  lines: () => LineIndex,
): XlSyntaxIssue[] {
  if (spans.length === 0) return [];
  return [...spans]
    .sort((a, b) => a.start - b.start)
    .map((span) => {
      const { line, column } = lines().position(span.start);
      const lineEnd = text.indexOf("\n", span.start);
      const end = Math.min(span.end, lineEnd < 0 ? text.length : lineEnd, span.start + MAX_SHOWN);
      return { file, line, column, text: text.slice(span.start, end), message: span.message };
    });
}

/**
 * Parses and evaluates `text` as xl would, collecting every error and warning
 * with its line and column.
 *
 * @example
 * ```ts
 * analyseXlText("memory = -1\n", "/etc/xen/a", "utf8").errors[0]?.line; // 1
 * ```
 */
export function analyseXlText(text: string, file: string, encoding: XlTextEncoding): XlAnalysis {
  const syntax = parseXlSyntax(text, encoding);
  // Only `+=` can fail when evaluated; without one, evaluation waits until a
  // value is asked for.
  const evaluation = syntax.appends ? evaluateXlDocument(syntax.document) : undefined;
  // A `+=` error after a broken statement is not trusted: the statement that
  // was skipped could be the one that made the types agree.
  const firstSyntaxError = Math.min(...syntax.errors.map((issue) => issue.start));
  const evaluationErrors = evaluation?.errors.filter((issue) => issue.start < firstSyntaxError) ?? [];
  const errorSpans = evaluationErrors.length > 0 ? [...syntax.errors, ...evaluationErrors] : syntax.errors;
  let lineIndex: LineIndex | undefined;
  const lines = (): LineIndex => (lineIndex ??= new LineIndex(text));
  return new Analysis(
    text,
    file,
    encoding,
    syntax.document,
    evaluation?.settings,
    toIssues(text, file, errorSpans, lines),
    toIssues(text, file, syntax.warnings, lines),
  );
}

/** {@link XlAnalysis} with values evaluated on first use (a class: getters on object literals are slow to create). */
class Analysis implements XlAnalysis {
  constructor(
    readonly text: string,
    readonly file: string,
    readonly encoding: XlTextEncoding,
    readonly document: XlDocumentNode,
    private evaluated: ReadonlyMap<string, XlSetting> | undefined,
    readonly errors: readonly XlSyntaxIssue[],
    readonly warnings: readonly XlSyntaxIssue[],
  ) {}

  get settings(): ReadonlyMap<string, XlSetting> {
    return (this.evaluated ??= evaluateXlDocument(this.document).settings);
  }
}
