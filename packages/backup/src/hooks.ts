import type { CommandRunner, RunResult } from "@dom0kit/runner";

/**
 * When a hook runs.
 *
 * @example
 * ```ts
 * const phase: HookPhase = "failure";
 * ```
 */
export type HookPhase = "start" | "end" | "failure";

/**
 * What a hook is told, as environment variables.
 *
 * @example
 * ```ts
 * const context: HookContext = { phase: "start", domain: "vm1", host: "dom0-a", mode: "consistent", backupId: "2024-01-15T12-00-00.000Z" };
 * ```
 */
export interface HookContext {
  readonly phase: HookPhase;
  readonly domain: string;
  /** The dom0 (its name as dom0kit knows it). */
  readonly host: string;
  readonly mode: string;
  readonly backupId: string;
  /** The finished backup's directory (end), or the partial one. */
  readonly backupDir?: string | undefined;
  /** For `failure`: the error's code, message and failed step. */
  readonly errorCode?: string | undefined;
  readonly errorMessage?: string | undefined;
  readonly failedStep?: string | undefined;
}

/**
 * Kill a hook that has not finished after this long.
 *
 * @example
 * ```ts
 * HOOK_TIMEOUT_MS / 1000; // 300 seconds
 * ```
 */
export const HOOK_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * The environment a hook runs with: `DOM0KIT_HOOK` (start, end or failure),
 * `DOM0KIT_DOMAIN`, `DOM0KIT_HOST`, `DOM0KIT_BACKUP_MODE`, `DOM0KIT_BACKUP_ID`,
 * `DOM0KIT_BACKUP_DIR`, and on failure `DOM0KIT_ERROR_CODE`,
 * `DOM0KIT_ERROR`, `DOM0KIT_FAILED_STEP`.
 *
 * @example
 * ```ts
 * hookEnvironment({ phase: "start", domain: "vm1", host: "dom0-a", mode: "consistent", backupId: "2024-01-15T12-00-00.000Z" }).DOM0KIT_HOOK;
 * // "start"
 * ```
 */
export function hookEnvironment(context: HookContext): Record<string, string> {
  const env: Record<string, string> = {
    DOM0KIT_HOOK: context.phase,
    DOM0KIT_DOMAIN: context.domain,
    DOM0KIT_HOST: context.host,
    DOM0KIT_BACKUP_MODE: context.mode,
    DOM0KIT_BACKUP_ID: context.backupId,
  };
  if (context.backupDir !== undefined) env.DOM0KIT_BACKUP_DIR = context.backupDir;
  if (context.errorCode !== undefined) env.DOM0KIT_ERROR_CODE = context.errorCode;
  if (context.errorMessage !== undefined) env.DOM0KIT_ERROR = context.errorMessage;
  if (context.failedStep !== undefined) env.DOM0KIT_FAILED_STEP = context.failedStep;
  return env;
}

/**
 * Runs one hook command (an argv array, never a shell line) with the
 * environment of {@link hookEnvironment}, on the machine dom0kit runs on.
 *
 * @throws `CommandFailedError` when the hook fails or runs longer than {@link HOOK_TIMEOUT_MS}.
 * @example
 * ```ts
 * await runHook(new ExecaRunner(), ["/usr/local/bin/backup-notify"], { phase: "end", domain: "vm1", host: "dom0-a", mode: "consistent", backupId: id });
 * ```
 */
export async function runHook(
  runner: CommandRunner,
  argv: readonly string[],
  context: HookContext,
  signal?: AbortSignal,
): Promise<RunResult> {
  const [file = "", ...args] = argv;
  return runner.run(
    { file, args, env: hookEnvironment(context), timeoutMs: HOOK_TIMEOUT_MS },
    signal === undefined ? {} : { signal },
  );
}
