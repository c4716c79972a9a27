/**
 * Character classes of xl's lexer, as bit flags in a lookup table indexed by
 * char code (ASCII only; everything else has no class).
 */

/** `[a-z]`: may start a key. */
export const KEY_START = 1;
/** `[._0-9a-z]`: may continue a key. */
export const KEY_PART = 2;
/** `[0-9]`: starts a number. */
export const DIGIT = 4;
/** `[0-9a-fx]`: continues a number. */
export const NUMBER_PART = 8;
/** A space or a tab: the only blanks xl skips. */
export const BLANK = 16;

/** Class flags for char codes 0–127. */
export const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let code = 97; code <= 122; code++) table[code] = KEY_START | KEY_PART;
  for (let code = 48; code <= 57; code++) table[code] = KEY_PART | DIGIT | NUMBER_PART;
  for (let code = 97; code <= 102; code++) table[code] = (table[code] ?? 0) | NUMBER_PART;
  table[120] = (table[120] ?? 0) | NUMBER_PART; // x
  table[95] = KEY_PART; // _
  table[46] = KEY_PART; // .
  table[32] = BLANK;
  table[9] = BLANK;
  return table;
})();

/** Whether `code` has every flag in `flags`. */
export function hasClass(code: number, flags: number): boolean {
  return code < 128 && ((CHAR_CLASS[code] ?? 0) & flags) === flags;
}

/**
 * Characters that begin a valid token of length one. A single character at
 * the very end of a file that is *not* one of these is silently ignored by
 * xl's lexer (it enters its error state and then meets end of file).
 */
export function startsToken(code: number): boolean {
  return (
    hasClass(code, KEY_START) ||
    hasClass(code, DIGIT) ||
    code === 32 ||
    code === 9 ||
    code === 10 ||
    code === 44 || // ,
    code === 91 || // [
    code === 93 || // ]
    code === 61 || // =
    code === 59 // ;
  );
}
