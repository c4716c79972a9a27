import { isPythonSpace } from "./python-text.js";

/** What a checked piece of text is, which decides the characters it may hold. */
export type MenuTextKind = "title" | "path" | "args";

/** The two file formats: GRUB legacy `menu.lst` and GRUB 2 `grub.cfg`. */
export type MenuFormat = "menu.lst" | "grub.cfg";

/** Characters GRUB 2's script lexer gives meaning to in an unquoted word. */
const GRUB2_WORD_SPECIALS = new Set([
  "'",
  '"',
  "\\",
  "$",
  ";",
  "|",
  "&",
  "<",
  ">",
  "#",
  "*",
  "?",
  "{",
  "}",
  "`",
]);

/**
 * Xen's `MAX_GUEST_CMDLINE` is 1024 bytes including the terminating NUL: a PV
 * kernel never sees more of its command line than this.
 */
export const MAX_KERNEL_ARGS_BYTES = 1023;

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const names: Record<number, string> = {
    0x0a: "a newline",
    0x0d: "a carriage return",
    0x09: "a tab",
    0x00: "a NUL byte",
    0x85: "a next-line character",
    0x2028: "a line separator",
    0x2029: "a paragraph separator",
  };
  const name = names[code];
  if (name !== undefined) return `${name} (${hex})`;
  if (char === " ") return `a space (${hex})`;
  return `"${char}" (${hex})`;
}

function isLineBreaking(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  // C0 and C1 controls, DEL, line and paragraph separators, lone surrogates.
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

function accepted(kind: MenuTextKind, format: MenuFormat | undefined): string {
  const grub2 = format === "grub.cfg";
  switch (kind) {
    case "title":
      return grub2
        ? "a grub.cfg title may hold any printable character except ' and \" (pygrub ends the title at a quote)"
        : "a title may hold any printable character, with no leading or trailing whitespace";
    case "path":
      return grub2
        ? "a path is an absolute path of printable characters without whitespace or any of ' \" \\ $ ; | & < > # * ? { } `"
        : "a path is an absolute path of printable characters without whitespace";
    case "args":
      return grub2
        ? "arguments are printable characters without any of ' \" \\ $ ; | & < > # * ? { } ` (GRUB 2 would interpret them)"
        : "arguments are printable characters, separated by spaces, with no leading or trailing whitespace";
  }
}

/**
 * Why `text` cannot go into a menu as a `kind`, or `undefined` when it can.
 * Newlines and control characters would break the file everywhere; GRUB 2
 * files also refuse the characters its script language interprets.
 *
 * @example
 * ```ts
 * unsafeTextReason("Debian\n12", "title"); // "contains a newline (U+000A); a title may hold …"
 * unsafeTextReason("/boot/vmlinuz", "path"); // undefined
 * ```
 */
export function unsafeTextReason(text: string, kind: MenuTextKind, format?: MenuFormat): string | undefined {
  const rule = accepted(kind, format);
  if (kind === "title" && text.length === 0) return `is empty; ${rule}`;
  for (const char of text) {
    if (isLineBreaking(char)) return `contains ${describeChar(char)}; ${rule}`;
  }
  for (const char of text) {
    if (kind === "path" && isPythonSpace(char)) return `contains ${describeChar(char)}; ${rule}`;
    if (format === "grub.cfg") {
      if (kind === "title" && (char === "'" || char === '"'))
        return `contains ${describeChar(char)}; ${rule}`;
      if (kind !== "title" && GRUB2_WORD_SPECIALS.has(char)) return `contains ${describeChar(char)}; ${rule}`;
    }
  }
  const first = text.slice(0, 1);
  const last = text.slice(-1);
  if ((kind === "title" || kind === "args") && (isPythonSpace(first) || isPythonSpace(last))) {
    return `has leading or trailing whitespace, which pygrub strips; ${rule}`;
  }
  if (kind === "args" && new TextEncoder().encode(text).length > MAX_KERNEL_ARGS_BYTES) {
    return `is longer than ${String(MAX_KERNEL_ARGS_BYTES)} bytes, the most a Xen PV kernel receives (MAX_GUEST_CMDLINE)`;
  }
  return undefined;
}
