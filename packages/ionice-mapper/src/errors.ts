/** One problem in an I/O policy, at a path such as `domains[2].allocation`. */
export interface IoPolicyIssue {
  /** Dotted path into the input (empty for the whole input). */
  readonly path: string;
  readonly message: string;
}

/**
 * An I/O policy that cannot be used. Lists every problem with its path and what
 * is accepted.
 *
 * @example
 * ```ts
 * try {
 *   parseIoPolicy({ domains: [{ name: "vm1", allocation: -1 }] });
 * } catch (error) {
 *   if (error instanceof IoPolicyError) console.error(error.issues[0]?.path); // "domains[0].allocation"
 * }
 * ```
 */
export class IoPolicyError extends Error {
  override readonly name = "IoPolicyError";
  /** Stable code: `"IO_POLICY_INVALID"`. */
  readonly code = "IO_POLICY_INVALID";
  readonly issues: readonly IoPolicyIssue[];

  constructor(issues: readonly IoPolicyIssue[], options: { cause?: unknown } = {}) {
    super(
      `invalid I/O policy:\n${issues.map((issue) => `  ${issue.path === "" ? "(input)" : issue.path}: ${issue.message}`).join("\n")}`,
      options,
    );
    this.issues = issues;
  }
}

/**
 * Output of a host tool (`ionice -p`, `xl list`) that this package cannot read:
 * says which tool, the offending line, and what was expected.
 *
 * @example
 * ```ts
 * try {
 *   parseIoniceOutput("bogus\n");
 * } catch (error) {
 *   if (error instanceof ToolOutputError) console.error(error.tool, error.line); // "ionice", "bogus"
 * }
 * ```
 */
export class ToolOutputError extends Error {
  override readonly name = "ToolOutputError";
  /** Stable code: `"TOOL_OUTPUT_UNREADABLE"`. */
  readonly code = "TOOL_OUTPUT_UNREADABLE";
  /** The program whose output this was (`ionice`, `xl list`). */
  readonly tool: string;
  /** 1-based line number in the output. */
  readonly lineNumber: number;
  readonly line: string;

  constructor(tool: string, lineNumber: number, line: string, expected: string) {
    super(`${tool} output line ${String(lineNumber)} ${JSON.stringify(line)} is not ${expected}`);
    this.tool = tool;
    this.lineNumber = lineNumber;
    this.line = line;
  }
}

/**
 * A /proc tree that cannot be read at all (a wrong `procRoot`). A process that
 * exits while it is being read is not an error: it is left out.
 *
 * @example
 * ```ts
 * try {
 *   await readProcesses({ procRoot: "/nonexistent" });
 * } catch (error) {
 *   if (error instanceof ProcUnreadableError) console.error(error.procRoot);
 * }
 * ```
 */
export class ProcUnreadableError extends Error {
  override readonly name = "ProcUnreadableError";
  /** Stable code: `"PROC_UNREADABLE"`. */
  readonly code = "PROC_UNREADABLE";
  readonly procRoot: string;

  constructor(procRoot: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `cannot list processes in ${procRoot}: ${reason} (expected a procfs mount or a fixture tree of <pid>/stat files)`,
      {
        cause,
      },
    );
    this.procRoot = procRoot;
  }
}
