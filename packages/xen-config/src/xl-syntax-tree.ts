/**
 * The lossless syntax tree of an xl.cfg file. Every character of the source
 * belongs to exactly one node or trivia string, so rendering the tree gives the
 * source back byte for byte. Offsets (`start`, `end`) index the parsed text.
 */

/**
 * A quoted string, as written (`raw`) and as xl reads it (`value`).
 *
 * @example
 * ```ts
 * // 'a\tb' in a file: { kind: "string", raw: "'a\\tb'", value: "a\tb", quote: "'", … }
 * ```
 */
export interface XlStringNode {
  readonly kind: "string";
  /** The source text, quotes and escapes included: `"a\tb"`. */
  readonly raw: string;
  /** What xl sees after dequoting (its escape rules, quirks included). */
  readonly value: string;
  /** The quote character used. */
  readonly quote: '"' | "'";
  readonly start: number;
  readonly end: number;
}

/**
 * A number, kept as its source text (`0x200`, `010`, `512`).
 *
 * @example
 * ```ts
 * // memory = 0x200 → { kind: "number", raw: "0x200", … }
 * ```
 */
export interface XlNumberNode {
  readonly kind: "number";
  readonly raw: string;
  readonly start: number;
  readonly end: number;
}

/**
 * One element of a list, with the trivia around it.
 *
 * @example
 * ```ts
 * // [ "a", # one\n "b" ] → the first item: { before: " ", value: <"a">, after: "", comma: true }
 * ```
 */
export interface XlListItemNode {
  /** Blanks, newlines and comments between `[` or the previous `,` and the value. */
  readonly before: string;
  readonly value: XlValueNode;
  /** Blanks, newlines and comments between the value and the `,` or `]` after it. */
  readonly after: string;
  /** Whether a `,` follows the value. */
  readonly comma: boolean;
}

/**
 * A `[ … ]` list; elements may be lists themselves.
 *
 * @example
 * ```ts
 * const list = config.assignments("disk")[0]?.value; // { kind: "list", items: […], tail: " ", … }
 * ```
 */
export interface XlListNode {
  readonly kind: "list";
  readonly items: readonly XlListItemNode[];
  /** Trivia between the last `,` (or `[` when empty) and `]`. */
  readonly tail: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A value: string, number or list.
 *
 * @example
 * ```ts
 * const value: XlValueNode = config.assignments("memory")[0]!.value;
 * ```
 */
export type XlValueNode = XlStringNode | XlNumberNode | XlListNode;

/**
 * `key = value` or `key += value`.
 *
 * @example
 * ```ts
 * const [node] = config.assignments("memory"); // { key: "memory", operator: "=", value: …, start, end }
 * ```
 */
export interface XlAssignmentNode {
  readonly kind: "assignment";
  readonly key: string;
  /** Blanks between the key and the operator. */
  readonly beforeOperator: string;
  readonly operator: "=" | "+=";
  /** Blanks between the operator and the value. */
  readonly afterOperator: string;
  readonly value: XlValueNode;
  /** Offset of the key. */
  readonly start: number;
  /** Offset just after the value. */
  readonly end: number;
}

/**
 * Text between statements: blanks, newlines, comments, `;` separators and (at
 * the very end of a file) a single stray character that xl ignores.
 *
 * @example
 * ```ts
 * config.document.children.filter((node) => node.kind === "trivia"); // comments, blank lines, `;`
 * ```
 */
export interface XlTriviaNode {
  readonly kind: "trivia";
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The whole file: statements and the trivia between them, in source order.
 *
 * @example
 * ```ts
 * renderXlDocument(parseXlConfig(text).document) === text; // true
 * ```
 */
export interface XlDocumentNode {
  readonly kind: "document";
  readonly children: readonly (XlAssignmentNode | XlTriviaNode)[];
}
