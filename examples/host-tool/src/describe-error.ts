import { InventoryError } from "@dom0kit/inventory";
import {
  CommandFailedError,
  formatCommand,
  PlanFailedError,
  SshConnectionError,
  type SshEndpoint,
} from "@dom0kit/runner";
import { CliError, EXIT } from "./cli-error.js";

/** How the CLI reports an error: a reason, a hint, an exit code. */
export interface ErrorReport {
  readonly reason: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
}

function hasCode(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string";
}

/**
 * The ssh command that repeats a failed connection by hand: the same ssh_config
 * (`-F`), port (`-p`) and destination the runner used, BatchMode on, quoted so it
 * can be pasted into a shell.
 */
function sshCheckCommand(endpoint: SshEndpoint): string {
  return formatCommand({
    file: "ssh",
    args: [
      ...(endpoint.configFile === undefined ? [] : ["-F", endpoint.configFile]),
      "-o",
      "BatchMode=yes",
      ...(endpoint.port === undefined ? [] : ["-p", String(endpoint.port)]),
      endpoint.destination,
      "true",
    ],
  });
}

/**
 * Turns anything thrown into a one-line reason (more lines only for lists of
 * problems) and a hint. Library errors carry a `code` and a message that already
 * says what and where; anything else is a bug, reported without a stack trace
 * unless DOM0KIT_DEBUG is set.
 */
export function describeError(error: unknown, debug: boolean): ErrorReport {
  if (error instanceof CliError) return { reason: error.message, hint: error.hint, exitCode: error.exitCode };
  if (error instanceof InventoryError) {
    const hint =
      error.code === "INVENTORY_UNREADABLE"
        ? "pass the inventory with --inventory FILE (default ./dom0kit.yaml)"
        : "fix the inventory, then check it with `dom0kit inventory check`";
    const count = error.issues.length;
    const reason =
      count === 1 ? error.message : `${String(count)} problems in ${error.file}:\n${error.message}`;
    return { reason, hint, exitCode: EXIT.failure };
  }
  if (error instanceof PlanFailedError || error instanceof CommandFailedError) {
    return {
      reason: error.message,
      hint: "run with --dry-run to see every command without running it",
      exitCode: EXIT.failure,
    };
  }
  if (error instanceof SshConnectionError) {
    return {
      reason: error.message,
      hint:
        error.configFile === undefined
          ? `try \`${sshCheckCommand(error)}\`; set DOM0KIT_SSH_CONFIG to use another ssh_config`
          : `try \`${sshCheckCommand(error)}\` (the ssh_config DOM0KIT_SSH_CONFIG names)`,
      exitCode: EXIT.failure,
    };
  }
  if (hasCode(error) && !debug) {
    return { reason: error.message, hint: undefined, exitCode: EXIT.failure };
  }
  const detail =
    error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
  return {
    reason: `internal error: ${detail}`,
    hint: debug
      ? "please report this with the command line you ran"
      : "rerun with DOM0KIT_DEBUG=1 for details, and please report it",
    exitCode: EXIT.failure,
  };
}
