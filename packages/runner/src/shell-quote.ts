/**
 * Words that never need quoting in a POSIX shell. `=` may not lead: zsh (a
 * login shell some dom0 admins use, and the one a remote command goes through)
 * expands a word starting with `=` to a program's path.
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/** Words the shell treats specially in command position; quoting turns that off. */
const RESERVED_WORDS = new Set([
  "!",
  "{",
  "}",
  "case",
  "do",
  "done",
  "elif",
  "else",
  "esac",
  "fi",
  "for",
  "function",
  "if",
  "in",
  "select",
  "then",
  "until",
  "while",
]);

/**
 * Quotes one word for a POSIX shell so that the shell reads back exactly `word`.
 * Safe words stay bare; everything else is single-quoted (`'` becomes `'\''`).
 * The result reads back unchanged in sh, dash, bash and zsh alike, whatever
 * bytes `word` holds (except NUL, which no argument can hold).
 *
 * @example
 * ```ts
 * quoteShellWord("vm1");          // vm1
 * quoteShellWord("it's $HOME");   // 'it'\''s $HOME'
 * quoteShellWord("");             // ''
 * quoteShellWord("=ls");          // '=ls'
 * ```
 */
export function quoteShellWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Quotes a word that stands in command position: like {@link quoteShellWord}, but
 * reserved words and words containing `=` (which would read as an assignment)
 * are quoted too.
 */
export function quoteCommandWord(word: string): string {
  if (RESERVED_WORDS.has(word) || word.includes("=")) return `'${word.replaceAll("'", `'\\''`)}'`;
  return quoteShellWord(word);
}
