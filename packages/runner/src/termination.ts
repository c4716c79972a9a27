/** Why a command was stopped before it exited by itself. */
export type TerminationReason = "timeout" | "canceled";

/**
 * One abort signal for a command that fires on the caller's AbortSignal or on
 * its timeout, remembering which came first.
 */
export class Termination {
  /** Set once the command has been told to stop. */
  reason: TerminationReason | undefined;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #outer: AbortSignal | undefined;
  readonly #onOuterAbort = (): void => this.stop("canceled");

  constructor(outer: AbortSignal | undefined, timeoutMs: number | undefined) {
    this.#outer = outer;
    if (outer?.aborted) this.stop("canceled");
    outer?.addEventListener("abort", this.#onOuterAbort, { once: true });
    if (timeoutMs !== undefined) {
      this.#timer = setTimeout(() => this.stop("timeout"), timeoutMs);
      this.#timer.unref();
    }
  }

  /** Fires when the command must stop. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stops the command for `reason`, unless it was already stopped. */
  stop(reason: TerminationReason): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.#controller.abort();
  }

  /** Releases the timer and the listener once the command has ended. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#outer?.removeEventListener("abort", this.#onOuterAbort);
  }
}
