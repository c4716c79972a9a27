import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { acceptedKeysAt } from "./accepted-keys.js";
import { crossCheckInventory } from "./cross-check.js";
import { InventoryError, type InventoryIssue } from "./errors.js";
import { inventorySchema, type Inventory } from "./schema.js";
import { closestWord } from "./suggest.js";
import { formatDataPath, locate, type DataPath } from "./yaml-location.js";

/** Options for parsing an inventory. */
export interface ParseInventoryOptions {
  /** The file name used in error messages. @default "dom0kit.yaml" */
  readonly file?: string;
}

/** The result of {@link safeParseInventory}. */
export type InventoryResult =
  | { readonly ok: true; readonly inventory: Inventory }
  | { readonly ok: false; readonly error: InventoryError };

function unknownKeyMessage(key: string, accepted: readonly string[]): string {
  const guess = closestWord(key, accepted);
  const hint = guess === undefined ? "" : ` — did you mean "${guess}"?`;
  return `unknown key "${key}"${hint} (accepted: ${accepted.join(", ")})`;
}

/** True when the data has no value at `path` (a missing key, not a wrong value). */
function isMissing(data: unknown, path: DataPath): boolean {
  let current: unknown = data;
  for (const part of path) {
    if (current === null || typeof current !== "object" || !(part in current)) return true;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current === undefined;
}

interface LocatedIssue extends InventoryIssue {
  /** For an unknown key: the accepted key it is probably a misspelling of. */
  readonly meant?: string;
  /** For a missing key: true. */
  readonly missing?: boolean;
}

function zodIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  document: Document,
  lines: LineCounter,
): LocatedIssue[] {
  return issues.flatMap((issue): LocatedIssue[] => {
    const path: DataPath = issue.path;
    if (issue.code === "unrecognized_keys") {
      const accepted = acceptedKeysAt(inventorySchema, path);
      return issue.keys.map((key) => {
        const meant = closestWord(key, accepted);
        return {
          path: formatDataPath([...path, key]),
          ...locate(document, lines, path, { key }),
          message: unknownKeyMessage(key, accepted),
          ...(meant === undefined ? {} : { meant: formatDataPath([...path, meant]) }),
        };
      });
    }
    const missing = issue.code === "invalid_type" && isMissing(data, path);
    const message = missing ? `is required (${issue.message})` : issue.message;
    return [{ path: formatDataPath(path), ...locate(document, lines, path), message, missing }];
  });
}

/** A missing key that a misspelt key already explains is not reported twice. */
function withoutExplainedMissing(issues: readonly LocatedIssue[]): InventoryIssue[] {
  const explained = new Set(issues.map((issue) => issue.meant).filter((meant) => meant !== undefined));
  return issues
    .filter((issue) => !(issue.missing === true && explained.has(issue.path)))
    .map(({ path, line, column, message }) => ({ path, line, column, message }))
    .sort((left, right) => left.line - right.line || left.column - right.column);
}

/**
 * Parses and validates an inventory from YAML text. Returns every problem found,
 * each with its YAML path, line and column, instead of throwing.
 *
 * @example
 * ```ts
 * const result = safeParseInventory(text, { file: "dom0kit.yaml" });
 * if (!result.ok) console.error(result.error.message);
 * ```
 */
export function safeParseInventory(text: string, options: ParseInventoryOptions = {}): InventoryResult {
  const file = options.file ?? "dom0kit.yaml";
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => {
      const position = lines.linePos(error.pos[0]);
      return {
        path: "",
        line: position.line,
        column: position.col,
        message: error.message.split("\n")[0] ?? error.message,
      };
    });
    return { ok: false, error: new InventoryError("INVENTORY_SYNTAX", file, issues) };
  }
  const data: unknown = document.toJS();
  const parsed = inventorySchema.safeParse(data);
  if (!parsed.success) {
    const issues = withoutExplainedMissing(zodIssues(parsed.error.issues, data, document, lines));
    return { ok: false, error: new InventoryError("INVENTORY_INVALID", file, issues) };
  }
  const crossIssues = crossCheckInventory(parsed.data).map((issue) => ({
    path: formatDataPath(issue.path),
    ...locate(document, lines, issue.path),
    message: issue.message,
  }));
  if (crossIssues.length > 0) {
    return { ok: false, error: new InventoryError("INVENTORY_INVALID", file, crossIssues) };
  }
  return { ok: true, inventory: parsed.data };
}

/**
 * Parses and validates an inventory from YAML text.
 *
 * @throws {@link InventoryError} listing every problem with its path, line and column.
 */
export function parseInventory(text: string, options: ParseInventoryOptions = {}): Inventory {
  const result = safeParseInventory(text, options);
  if (!result.ok) throw result.error;
  return result.inventory;
}

/**
 * Reads, parses and validates an inventory file.
 *
 * @example
 * ```ts
 * const inventory = await loadInventory("examples/inventories/denmark.yaml");
 * console.log(inventory.domains.map((domain) => domain.name));
 * ```
 * @throws {@link InventoryError} when the file cannot be read or is not a valid inventory.
 */
export async function loadInventory(path: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new InventoryError(
      "INVENTORY_UNREADABLE",
      path,
      [{ path: "", line: 0, column: 0, message: `cannot read the inventory: ${reason}` }],
      {
        cause: error,
      },
    );
  }
  return parseInventory(text, { file: path });
}
