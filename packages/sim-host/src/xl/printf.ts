/** `%-Ns`: left-aligned in at least `width` columns. */
export function left(value: string | number, width: number): string {
  return String(value).padEnd(width, " ");
}

/** `%Ns` / `%Nd`: right-aligned in at least `width` columns. */
export function right(value: string | number, width: number): string {
  return String(value).padStart(width, " ");
}

/** C's `%W.1f` of a float: one decimal, right-aligned. */
export function fixed1(value: number, width: number): string {
  return right(Math.fround(value).toFixed(1), width);
}
