/** Exit codes: 0 success, 1 the work failed, 2 the command line was wrong. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * An error the CLI reports as one line plus a hint, without a stack trace.
 *
 * @example
 * ```ts
 * throw new CliError("no domain named vm9 in the inventory", "run `dom0kit inventory check` to list the domains");
 * ```
 */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(
    message: string,
    hint?: string,
    options: { exitCode?: number; code?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.hint = hint;
    this.exitCode = options.exitCode ?? EXIT.failure;
    this.code = options.code ?? (this.exitCode === EXIT.usage ? "CLI_USAGE" : "CLI_FAILED");
  }
}

/** A command line that cannot be run: exit code 2. */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, hint, { exitCode: EXIT.usage });
}
