/** One problem in a fleet file, located in the file. */
export interface FleetFileIssue {
  /** The YAML path, such as `hosts[2].target` (empty for the whole file). */
  readonly path: string;
  /** 1-based line and column of the offending node; 0 when the problem is the whole file. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

function formatIssue(file: string, issue: FleetFileIssue): string {
  const where = issue.path === "" ? "" : `${issue.path}: `;
  const position = issue.line === 0 ? "" : `:${String(issue.line)}:${String(issue.column)}`;
  return `${file}${position}: ${where}${issue.message}`;
}

/**
 * A fleet file that cannot be used: unreadable, not YAML, or not a valid fleet.
 * Carries every problem found, each with its YAML path, line and column.
 *
 * @example
 * ```ts
 * try {
 *   await loadFleetFile("fleet.yaml");
 * } catch (error) {
 *   if (error instanceof FleetFileError) for (const issue of error.issues) console.error(issue.path, issue.message);
 * }
 * ```
 */
export class FleetFileError extends Error {
  override readonly name = "FleetFileError";
  /** `FLEET_UNREADABLE` (file), `FLEET_SYNTAX` (YAML) or `FLEET_INVALID` (content). */
  readonly code: "FLEET_UNREADABLE" | "FLEET_SYNTAX" | "FLEET_INVALID";
  readonly file: string;
  readonly issues: readonly FleetFileIssue[];

  constructor(
    code: FleetFileError["code"],
    file: string,
    issues: readonly FleetFileIssue[],
    options: { cause?: unknown } = {},
  ) {
    super(issues.map((issue) => formatIssue(file, issue)).join("\n"), options);
    this.code = code;
    this.file = file;
    this.issues = issues;
  }
}
