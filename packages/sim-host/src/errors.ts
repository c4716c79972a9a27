/** Stable codes of the errors this package throws. */
export type SimHostErrorCode =
  | "SIM_STATE_MISSING"
  | "SIM_STATE_INVALID"
  | "SIM_STATE_EXISTS"
  | "SIM_LOCK_TIMEOUT"
  | "SIM_SPEC_INVALID"
  | "SIM_FAULT_INVALID"
  | "SIM_NOT_FOUND"
  | "SIM_SHIM_CLI_MISSING";

/**
 * Everything `@dom0kit/sim-host` throws itself (a command that fails is not an
 * error of the simulator: it is a result, or a `CommandFailedError` from `run`).
 *
 * @example
 * ```ts
 * try {
 *   await SimHost.open("/no/such/dir");
 * } catch (error) {
 *   if (error instanceof SimHostError && error.code === "SIM_STATE_MISSING") console.error(error.message);
 * }
 * ```
 */
export class SimHostError extends Error {
  override readonly name = "SimHostError";
  /** Stable code for programs. */
  readonly code: SimHostErrorCode;
  /** The file or directory the error is about, when there is one. */
  readonly path: string | undefined;

  constructor(code: SimHostErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.path = options.path;
  }
}
