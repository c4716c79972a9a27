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
  const evaluation = evaluateXlDocument(syntax.document);
  // A `+=` error after a broken statement is not trusted: the statement that
  // was skipped could be the one that made the types agree.
  const firstSyntaxError = Math.min(...syntax.errors.map((issue) => issue.start));
  const errorSpans = [
    ...syntax.errors,
    ...evaluation.errors.filter((issue) => issue.start < firstSyntaxError),
  ];
  let lineIndex: LineIndex | undefined;
  const lines = (): LineIndex => (lineIndex ??= new LineIndex(text));
  return {
    text,
    file,
    encoding,
    document: syntax.document,
    settings: evaluation.settings,
    errors: toIssues(text, file, errorSpans, lines),
    warnings: toIssues(text, file, syntax.warnings, lines),
  };
}
