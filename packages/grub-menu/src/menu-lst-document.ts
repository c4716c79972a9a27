import type { MenuDiagnostic, ParsedMenu } from "./parsed-menu.js";

/** What one line of a `menu.lst` is. */
export type MenuLstLineKind = "blank" | "comment" | "title" | "directive";

/**
 * One line of a `menu.lst`, kept byte for byte (`text` has no `\n`; a CRLF
 * file keeps its `\r`), with what pygrub makes of it.
 *
 * @example
 * ```ts
 * const line = parseMenuLst("  kernel /vmlinuz ro\n").lines[0];
 * // { number: 1, text: "  kernel /vmlinuz ro", kind: "directive", keyword: "kernel", value: "/vmlinuz ro" }
 * ```
 */
export interface MenuLstLine {
  /** 1-based line number in the file the document was parsed from. */
  readonly number: number;
  readonly text: string;
  readonly kind: MenuLstLineKind;
  /** The directive (`kernel`, `default`, …) as pygrub splits it. */
  readonly keyword?: string;
  /** The directive's value, without surrounding whitespace. */
  readonly value?: string;
  /** The entry (0-based, counting `title` lines) the line belongs to; absent before the first title. */
  readonly entry?: number;
}

/**
 * A parsed `menu.lst`: every line as written (so comments, blank lines and
 * directives pygrub does not know survive), and the menu pygrub sees.
 * Rendering it with {@link renderMenuLstDocument} gives back the same text.
 *
 * @example
 * ```ts
 * const doc = parseMenuLst(text, { file: "/boot/grub/menu.lst" });
 * renderMenuLstDocument(doc) === text; // true
 * ```
 */
export interface MenuLstDocument {
  readonly file?: string;
  readonly lines: readonly MenuLstLine[];
  readonly menu: ParsedMenu;
  readonly diagnostics: readonly MenuDiagnostic[];
}

/**
 * The text of a {@link MenuLstDocument}: its lines joined with `\n`, exactly as
 * parsed or as edited.
 *
 * @example
 * ```ts
 * renderMenuLstDocument(parseMenuLst(text)) === text; // true, byte for byte
 * ```
 */
export function renderMenuLstDocument(document: MenuLstDocument): string {
  return document.lines.map((line) => line.text).join("\n");
}
