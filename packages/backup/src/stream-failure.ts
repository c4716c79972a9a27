import { CommandFailedError } from "@dom0kit/runner";

/**
 * True for errors that only mean the other end of a pipe went away first.
 *
 * @example
 * ```ts
 * isPipeTeardown(Object.assign(new Error("write EPIPE"), { code: "EPIPE" })); // true
 * ```
 */
export function isPipeTeardown(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === "EPIPE" ||
    code === "ERR_STREAM_PREMATURE_CLOSE" ||
    code === "ERR_STREAM_DESTROYED" ||
    code === "ABORT_ERR" ||
    (error as Error | null)?.name === "AbortError"
  );
}

/**
 * True when a command failed only as a consequence of something else: it was
 * canceled (because another part failed first) or died of a broken pipe
 * (because the process after it stopped reading).
 *
 * @example
 * ```ts
 * if (!isConsequentialFailure(error)) throw error;
 * ```
 */
export function isConsequentialFailure(error: unknown): boolean {
  if (!(error instanceof CommandFailedError)) return isPipeTeardown(error);
  if (error.isCanceled) return true;
  return error.signal === "SIGPIPE" || error.exitCode === 141 || /broken pipe|EPIPE/i.test(error.stderrTail);
}

/**
 * The `errno` code of a file system error (`ENOSPC`, `EIO` …), if it is one.
 *
 * @example
 * ```ts
 * errnoCode(Object.assign(new Error("no space"), { code: "ENOSPC" })); // "ENOSPC"
 * ```
 */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code) && code !== "EPIPE" ? code : undefined;
}

/**
 * The message of an error, whatever was thrown.
 *
 * @example
 * ```ts
 * messageOf("boom"); // "boom"
 * ```
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
