import { XenConfigEditError } from "./errors.js";
import type { TextSplice } from "./xl-splice.js";
import type { XlListNode, XlValueNode } from "./xl-syntax-tree.js";
import type { XlSetting } from "./xl-values.js";

/** How an existing list is laid out, so new elements match it. */
export interface XlListLayoutInfo {
  readonly multiline: boolean;
  /** Text between elements: `" "`, `""` or a newline and an indent. */
  readonly separator: string;
  /** The quote its strings use, when they agree. */
  readonly quote: '"' | "'" | undefined;
}

const BLANKS_AFTER_NEWLINE = /\n([ \t]*)$/;

/**
 * Works out how `list` is laid out: one element per line or all on one line,
 * and with which quotes.
 *
 * @example
 * ```ts
 * listLayout(parsed('[ "a", "b" ]')); // { multiline: false, separator: " ", quote: '"' }
 * ```
 */
export function listLayout(list: XlListNode): XlListLayoutInfo {
  const quotes = new Set(
    list.items.flatMap((item) => (item.value.kind === "string" ? [item.value.quote] : [])),
  );
  const quote = quotes.size === 1 ? [...quotes][0] : undefined;
  const multiline = list.items.some((item) => item.before.includes("\n")) || list.tail.includes("\n");
  if (multiline) {
    const last = list.items.at(-1);
    const indent = (last && BLANKS_AFTER_NEWLINE.exec(last.before)?.[1]) ?? "    ";
    return { multiline, separator: `\n${indent}`, quote };
  }
  const second = list.items[1];
  const first = list.items[0];
  const separator = second ? second.before : first && first.before === "" ? "" : " ";
  return { multiline, separator, quote };
}

/** A list element addressed through a key's chain of assignments. */
export interface ResolvedListSlot {
  readonly list: XlListNode;
  /** Index within `list` (may equal its length, for appending). */
  readonly index: number;
}

function describePath(key: string, path: readonly number[]): string {
  return `${key}${path.map((index) => `[${String(index)}]`).join("")}`;
}

/**
 * Finds the list node and local index for `path` in a key's value, following
 * `+=` chains (whose lists are concatenated) and nested lists. With
 * `allowEnd`, the index may point one past the last element.
 *
 * @example
 * ```ts
 * // disk = [a, b]; disk += [c] — index 2 is element 0 of the second list
 * resolveListSlot("disk", setting, [2], false); // { list: <second list>, index: 0 }
 * ```
 */
export function resolveListSlot(
  key: string,
  setting: XlSetting,
  path: readonly number[],
  allowEnd: boolean,
): ResolvedListSlot {
  const [first, ...rest] = path;
  if (first === undefined) throw new XenConfigEditError(key, "an element index is needed");
  const lists = setting.chain
    .map((node) => node.value)
    .filter((value): value is XlListNode => value.kind === "list");
  if (lists.length === 0) throw new XenConfigEditError(key, `\`${key}\` is a string, not a list`);
  let remaining = first;
  let slot: ResolvedListSlot | undefined;
  for (const list of lists) {
    if (remaining < list.items.length) {
      slot = { list, index: remaining };
      break;
    }
    remaining -= list.items.length;
  }
  const lastList = lists.at(-1);
  if (!slot && lastList && allowEnd && rest.length === 0 && remaining === 0) {
    slot = { list: lastList, index: lastList.items.length };
  }
  if (!slot || !Number.isInteger(first) || first < 0) {
    throw new XenConfigEditError(
      key,
      `no element ${describePath(key, [first])}: the list has fewer elements`,
    );
  }
  for (let depth = 0; depth < rest.length; depth++) {
    const index = rest[depth] ?? 0;
    const value: XlValueNode | undefined = slot.list.items[slot.index]?.value;
    const here = describePath(key, path.slice(0, depth + 1));
    if (value?.kind !== "list") throw new XenConfigEditError(key, `${here} is not a list`);
    const last = depth === rest.length - 1;
    const inRange =
      index >= 0 &&
      Number.isInteger(index) &&
      (index < value.items.length || (allowEnd && last && index === value.items.length));
    if (!inRange)
      throw new XenConfigEditError(key, `no element ${describePath(key, path.slice(0, depth + 2))}`);
    slot = { list: value, index };
  }
  return slot;
}

/**
 * The splice that inserts `item` (already written as xl text) before element
 * `index` of `list`, or at its end, matching the list's layout.
 *
 * @example
 * ```ts
 * // '[ "a", "b" ]' + insert at 2 of '"c"' → '[ "a", "b", "c" ]'
 * ```
 */
export function insertIntoList(list: XlListNode, index: number, item: string): TextSplice {
  const { items } = list;
  const layout = listLayout(list);
  if (items.length === 0) {
    const text = list.tail.includes("\n") ? `[\n    ${item},\n]` : `[ ${item} ]`;
    return { start: list.start, end: list.end, text };
  }
  const target = items[index];
  if (target) {
    return { start: target.value.start, end: target.value.start, text: `${item},${layout.separator}` };
  }
  const last = items[items.length - 1];
  if (!last) throw new Error("unreachable: non-empty list without a last element");
  // A comment on the last element's line stays on that line.
  if (last.comma) {
    const comma = last.value.end + last.after.length;
    const at = comma + 1 + sameLineComment(list.tail).length;
    return { start: at, end: at, text: `${layout.separator}${item},` };
  }
  const comment = sameLineComment(last.after);
  const end = last.value.end + comment.length;
  return { start: last.value.end, end, text: `,${comment}${layout.separator}${item}` };
}

/** Blanks and a comment at the start of `trivia`, up to (not including) its first newline. */
function sameLineComment(trivia: string): string {
  const match = /^[ \t]*#[^\n]*/.exec(trivia);
  return match && trivia.includes("\n") ? match[0] : "";
}

/**
 * The splice that removes element `index` of `list` with the separator next to
 * it; in a one-per-line list, the element's whole line goes.
 *
 * @example
 * ```ts
 * // '[ "a", "b", "c" ]' remove 1 → '[ "a", "c" ]'
 * ```
 */
export function removeFromList(text: string, list: XlListNode, index: number): TextSplice {
  const { items } = list;
  const item = items[index];
  if (!item) throw new Error("unreachable: element out of range");
  if (items.length === 1) return { start: list.start, end: list.end, text: "[ ]" };
  const itemEnd = item.value.end + item.after.length + (item.comma ? 1 : 0);
  if (listLayout(list).multiline) {
    const lineStart = text.lastIndexOf("\n", item.value.start - 1) + 1;
    const lineEnd = text.indexOf("\n", itemEnd);
    const beforeOnLine = text.slice(lineStart, item.value.start);
    const afterOnLine = text.slice(itemEnd, lineEnd < 0 ? text.length : lineEnd);
    const trailingOk = /^[ \t]*(#.*)?$/.test(afterOnLine) && !item.after.includes("\n");
    if (/^[ \t]*$/.test(beforeOnLine) && trailingOk && item.comma && lineEnd >= 0) {
      return { start: lineStart, end: lineEnd + 1, text: "" };
    }
  }
  const next = items[index + 1];
  if (next) return { start: item.value.start, end: next.value.start, text: "" };
  const previous = items[index - 1];
  if (!previous) throw new Error("unreachable: last of several elements without a previous one");
  return { start: previous.value.end, end: item.value.end, text: "" };
}
