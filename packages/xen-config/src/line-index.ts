/**
 * A 1-based line and column (columns count characters).
 *
 * @example
 * ```ts
 * const where: SourcePosition = config.locate("memory") ?? { line: 1, column: 1 };
 * ```
 */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps offsets in a text to lines and columns, by binary search over the
 * offsets where lines start.
 *
 * @example
 * ```ts
 * new LineIndex("a = 1\nb = 2\n").position(6); // { line: 2, column: 1 }
 * ```
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    let index = text.indexOf("\n");
    while (index >= 0) {
      this.lineStarts.push(index + 1);
      index = text.indexOf("\n", index + 1);
    }
  }

  /** The line and column of `offset`. */
  position(offset: number): SourcePosition {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }

  /** The offset where 1-based `line` starts. */
  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? Number.NaN;
  }
}
