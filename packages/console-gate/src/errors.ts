/** One problem found in console-gate input: where it is and what is wrong and accepted. */
export interface ConfigIssue {
  /** Where in the input: `users[1].keys[0]`, `paths.xl`, … (empty for the whole input). */
  readonly path: string;
  /** What is wrong and what is accepted. */
  readonly message: string;
}

function listIssues(issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => `  ${issue.path === "" ? "(input)" : issue.path}: ${issue.message}`)
    .join("\n");
}

/**
 * Console-gate input (users, domains, keys, paths) that is not accepted. Every
 * problem found is listed in {@link ConsoleGateConfigError.issues}; nothing is
 * generated or written from input that has any.
 *
 * @example
 * ```ts
 * try {
 *   parseConsoleGateConfig({ users: [{ name: "Root!", domains: ["vm1"], keys: [] }] });
 * } catch (error) {
 *   if (error instanceof ConsoleGateConfigError) console.error(error.issues[0]?.path);
 * }
 * ```
 */
export class ConsoleGateConfigError extends Error {
  override readonly name = "ConsoleGateConfigError";
  /** Stable code: `"CONSOLE_GATE_CONFIG"`. */
  readonly code = "CONSOLE_GATE_CONFIG";
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], source?: string) {
    const where = source === undefined ? "" : ` in ${source}`;
    super(`invalid console-gate configuration${where}:\n${listIssues(issues)}`);
    this.issues = issues;
  }
}

/**
 * The access map the menu program reads could not be trusted or understood:
 * missing, not owned by root, writable by others, or not in the expected format.
 * The menu refuses to run rather than guess.
 *
 * @example
 * ```ts
 * try {
 *   await loadAccessMap("/etc/dom0kit/console", "alice");
 * } catch (error) {
 *   if (error instanceof AccessMapError) console.error(error.file, error.message);
 * }
 * ```
 */
export class AccessMapError extends Error {
  override readonly name = "AccessMapError";
  /** Stable code: `"CONSOLE_ACCESS_MAP"`. */
  readonly code = "CONSOLE_ACCESS_MAP";
  /** The file (or directory) at fault. */
  readonly file: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.file = file;
  }
}

/**
 * An account with a customer's name exists on the host but was not created by
 * dom0kit's console gate. Console-gate plans never take over such an account:
 * its keys, shell and sudo rights are someone else's.
 *
 * @example
 * ```ts
 * try {
 *   planConsoleInstall(config, state, program);
 * } catch (error) {
 *   if (error instanceof ConsoleUserConflictError) console.error(`pick another name than ${error.user}`);
 * }
 * ```
 */
export class ConsoleUserConflictError extends Error {
  override readonly name = "ConsoleUserConflictError";
  /** Stable code: `"CONSOLE_USER_CONFLICT"`. */
  readonly code = "CONSOLE_USER_CONFLICT";
  readonly user: string;

  constructor(user: string, problem: string) {
    super(`user ${user}: ${problem}`);
    this.user = user;
  }
}

/**
 * What a host reported about its accounts or files could not be understood
 * (for example `stat` printed something unexpected), so no safe plan can be made.
 *
 * @example
 * ```ts
 * try {
 *   await readConsoleHostState(runner, config);
 * } catch (error) {
 *   if (error instanceof HostStateError) console.error(error.message);
 * }
 * ```
 */
export class HostStateError extends Error {
  override readonly name = "HostStateError";
  /** Stable code: `"CONSOLE_HOST_STATE"`. */
  readonly code = "CONSOLE_HOST_STATE";

  constructor(problem: string, options?: { cause?: unknown }) {
    super(problem, options);
  }
}
