/** A token of the nft language, with where it starts (for error carets). */
export interface NftToken {
  readonly kind: "word" | "string" | "punct" | "newline" | "eof";
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const PUNCT = new Set(["{", "}", ";", ",", "=", "@", "$", "(", ")"]);

/**
 * Splits nft input into tokens: words (names, numbers, addresses, `1:10`,
 * `80-90`, `10.0.0.0/8`), quoted strings, punctuation, operators (`==`, `!=`,
 * `<=`, `>=`, `<`, `>`), and newlines (which end statements). `#` starts a comment.
 *
 * @example
 * ```ts
 * tokenizeNft('add rule inet f in iifname "lo" accept').map((token) => token.text);
 * // ["add", "rule", "inet", "f", "in", "iifname", "lo", "accept", ""]
 * ```
 */
export function tokenizeNft(text: string): NftToken[] {
  const tokens: NftToken[] = [];
  let line = 1;
  let lineStart = 0;
  let at = 0;
  const push = (kind: NftToken["kind"], value: string, start: number): void => {
    tokens.push({ kind, text: value, line, column: start - lineStart + 1 });
  };
  while (at < text.length) {
    const char = text[at] as string;
    if (char === " " || char === "\t" || char === "\r") {
      at += 1;
    } else if (char === "\\" && text[at + 1] === "\n") {
      at += 2;
      line += 1;
      lineStart = at;
    } else if (char === "#") {
      while (at < text.length && text[at] !== "\n") at += 1;
    } else if (char === "\n") {
      push("newline", "\n", at);
      at += 1;
      line += 1;
      lineStart = at;
    } else if (char === '"') {
      const end = text.indexOf('"', at + 1);
      const stop = end < 0 ? text.length : end;
      push("string", text.slice(at + 1, stop), at);
      at = stop + 1;
    } else if ((char === "!" || char === "<" || char === ">" || char === "=") && text[at + 1] === "=") {
      push("punct", `${char}=`, at);
      at += 2;
    } else if (char === "<" || char === ">" || char === "!") {
      push("punct", char, at);
      at += 1;
    } else if (PUNCT.has(char)) {
      push("punct", char, at);
      at += 1;
    } else {
      const start = at;
      while (at < text.length && !/[\s{};,="@$()#<>!]/.test(text[at] as string)) at += 1;
      push("word", text.slice(start, at), start);
    }
  }
  push("eof", "", at);
  return tokens;
}
