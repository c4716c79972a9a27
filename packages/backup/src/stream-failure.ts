import { CommandFailedError } from "@dom0kit/runner";

/** True for errors that only mean the other end of a pipe went away first. */
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
 */
export function isConsequentialFailure(error: unknown): boolean {
  if (!(error instanceof CommandFailedError)) return isPipeTeardown(error);
  if (error.isCanceled) return true;
  return error.signal === "SIGPIPE" || error.exitCode === 141 || /broken pipe|EPIPE/i.test(error.stderrTail);
}

/** The `errno` code of a file system error (`ENOSPC`, `EIO` …), if it is one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code) && code !== "EPIPE" ? code : undefined;
}

/** The message of an error, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
