/** One problem in an inventory, located in the file. */
export interface InventoryIssue {
  /** The YAML path, such as `domains[2].memory` (empty for the whole file). */
  readonly path: string;
  /** 1-based line and column of the offending node; 0 when the problem is the whole file. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

function formatIssue(file: string, issue: InventoryIssue): string {
  const where = issue.path === "" ? "" : `${issue.path}: `;
  const position = issue.line === 0 ? "" : `:${String(issue.line)}:${String(issue.column)}`;
  return `${file}${position}: ${where}${issue.message}`;
}

/**
 * An inventory that cannot be used: unreadable, not YAML, or not valid. Carries
 * every problem found, each with its YAML path, line and column.
 *
 * @example
 * ```ts
 * try {
 *   await loadInventory("dom0kit.yaml");
 * } catch (error) {
 *   if (error instanceof InventoryError) for (const issue of error.issues) console.error(issue.path, issue.message);
 * }
 * ```
 */
export class InventoryError extends Error {
  override readonly name = "InventoryError";
  /** `INVENTORY_UNREADABLE` (file), `INVENTORY_SYNTAX` (YAML) or `INVENTORY_INVALID` (content). */
  readonly code: "INVENTORY_UNREADABLE" | "INVENTORY_SYNTAX" | "INVENTORY_INVALID";
  readonly file: string;
  readonly issues: readonly InventoryIssue[];

  constructor(
    code: InventoryError["code"],
    file: string,
    issues: readonly InventoryIssue[],
    options: { cause?: unknown } = {},
  ) {
    super(issues.map((issue) => formatIssue(file, issue)).join("\n"), options);
    this.code = code;
    this.file = file;
    this.issues = issues;
  }
}
