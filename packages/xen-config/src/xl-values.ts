import type { XlSpanIssue } from "./xl-parser.js";
import type { XlAssignmentNode, XlDocumentNode, XlListNode, XlValueNode } from "./xl-syntax-tree.js";
import type { XlValue } from "./xl-value.js";

/** One key's final value, and how it was reached. */
export interface XlSetting {
  /**
   * The assignments that make up the value: the last `=` and every `+=` after
   * it (a `+=` on an unset key counts as `=`).
   */
  readonly chain: readonly XlAssignmentNode[];
  /** Whether the value is a string or a list. */
  readonly kind: "string" | "list";
  /** Whether the last assignment used `+=` (xl then refuses to read it as a number). */
  readonly appended: boolean;
}

/**
 * The value of a setting, built fresh from its chain of assignments.
 *
 * @example
 * ```ts
 * settingValue(evaluateXlDocument(document).settings.get("a")!); // "xy"
 * ```
 */
export function settingValue(setting: XlSetting): XlValue {
  const [first, ...rest] = setting.chain;
  if (!first) return "";
  let value = xlValueOf(first.value);
  for (const node of rest) {
    const more = xlValueOf(node.value);
    value = typeof value === "string" ? value + (more as string) : [...value, ...(more as XlValue[])];
  }
  return value;
}

/** The values pass: every key's setting, in order of first appearance, and `+=` type errors. */
export interface XlEvaluation {
  readonly settings: ReadonlyMap<string, XlSetting>;
  readonly errors: readonly XlSpanIssue[];
}

/**
 * What xl reads from a value node.
 *
 * @example
 * ```ts
 * xlValueOf({ kind: "number", raw: "0x200", start: 0, end: 5 }); // "0x200"
 * ```
 */
export function xlValueOf(node: XlValueNode): XlValue {
  if (node.kind !== "list") return node.kind === "string" ? node.value : node.raw;
  // Without recursion: lists may nest thousands deep.
  const root: XlValue[] = [];
  const stack: { readonly node: XlListNode; index: number; readonly out: XlValue[] }[] = [
    { node, index: 0, out: root },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (!top) break;
    const item = top.node.items[top.index];
    if (!item) {
      stack.pop();
      continue;
    }
    top.index += 1;
    const child = item.value;
    if (child.kind === "list") {
      const out: XlValue[] = [];
      top.out.push(out);
      stack.push({ node: child, index: 0, out });
    } else {
      top.out.push(child.kind === "string" ? child.value : child.raw);
    }
  }
  return root;
}

/**
 * Applies xl's semantics to a parsed document: the last assignment wins; `+=`
 * appends to the previous string or list of the same key (and acts as `=` on a
 * new key); adding a list to a string or the reverse is an error.
 *
 * @example
 * ```ts
 * const { document } = parseXlSyntax('a = "x"\na += "y"\n', "utf8");
 * evaluateXlDocument(document).settings.get("a")?.value; // "xy"
 * ```
 */
export function evaluateXlDocument(document: XlDocumentNode): XlEvaluation {
  const settings = new Map<string, XlSetting>();
  const errors: XlSpanIssue[] = [];
  for (const node of document.children) {
    if (node.kind !== "assignment") continue;
    const kind = node.value.kind === "list" ? "list" : "string";
    const previous = settings.get(node.key);
    if (node.operator === "=" || !previous) {
      settings.set(node.key, { chain: [node], kind, appended: node.operator === "+=" });
      continue;
    }
    if (previous.kind !== kind) {
      const describe = (which: "string" | "list"): string => (which === "string" ? 'a "string"' : "a [list]");
      errors.push({
        start: node.value.start,
        end: node.value.end,
        message: `\`+=\` cannot add ${describe(kind)} to ${describe(previous.kind)}: \`${node.key}\` already holds ${describe(previous.kind)}`,
      });
      continue;
    }
    settings.set(node.key, { chain: [...previous.chain, node], kind, appended: true });
  }
  return { settings, errors };
}
