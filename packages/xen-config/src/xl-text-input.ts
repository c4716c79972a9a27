import type { XlTextEncoding } from "./xl-parser.js";

/**
 * A config as text, or as the raw bytes of a file.
 *
 * @example
 * ```ts
 * parseXlConfig(await readFile("/etc/xen/web1")); // bytes
 * parseXlConfig("name = \"web1\"\n");        // text
 * ```
 */
export type XlConfigInput = string | Uint8Array;

/** Text ready to parse, and how its characters map to bytes. */
export interface XlDecodedText {
  readonly text: string;
  readonly encoding: XlTextEncoding;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Each byte as one character (U+0000–U+00FF). */
export function decodeLatin1(bytes: Uint8Array): string {
  let text = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return text;
}

/**
 * Turns parser input into text: strings are taken as they are (they will be
 * written as UTF-8); bytes are decoded as UTF-8 when valid, otherwise one
 * character per byte, so that every file can be parsed and written back.
 *
 * @example
 * ```ts
 * decodeXlInput(new Uint8Array([0x61, 0xff])); // { text: "a\u00ff", encoding: "bytes" }
 * ```
 */
export function decodeXlInput(input: XlConfigInput): XlDecodedText {
  if (typeof input === "string") return { text: input, encoding: "utf8" };
  try {
    return { text: utf8.decode(input), encoding: "utf8" };
  } catch {
    return { text: decodeLatin1(input), encoding: "bytes" };
  }
}

/**
 * The bytes of `text` in the given encoding. In `"bytes"` mode characters up
 * to U+00FF are one byte each; any other character (added by an edit) is
 * written as UTF-8.
 *
 * @example
 * ```ts
 * encodeXlText("a\u00ff", "bytes"); // Uint8Array [0x61, 0xff]
 * ```
 */
export function encodeXlText(text: string, encoding: XlTextEncoding): Uint8Array {
  if (encoding === "utf8") return new TextEncoder().encode(text);
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0xff) bytes.push(code);
    else bytes.push(...new TextEncoder().encode(char));
  }
  return Uint8Array.from(bytes);
}
