import { CommandFailedError, type Command, type CommandRunner } from "@dom0kit/runner";
import { xlArguments, type ConsoleAction } from "./actions.js";
import type { ConsoleAccess } from "./access-map.js";
import type { AuditEntry, AuditLog } from "./audit-log.js";
import type { ConsoleDomain } from "./config.js";

/** What running an action needs: the customer's map, a runner, the audit log, and the terminal. */
export interface ActionContext {
  readonly access: ConsoleAccess;
  readonly runner: CommandRunner;
  readonly audit: AuditLog;
  /** Writes text to the customer. */
  readonly write: (text: string) => void;
  /** The client address (from SSH_CONNECTION), for the audit log. */
  readonly client?: string;
  /** Whether stdin is a terminal (the console needs one). */
  readonly terminal: boolean;
}

/** How long a non-interactive xl command may take before it is stopped. */
const XL_TIMEOUT_MS = 300_000;

/**
 * The command that performs `action` on `domain`: `sudo -n -- <xl> <args>`,
 * an argv array whose arguments are exactly those of a sudoers rule.
 *
 * @example
 * ```ts
 * sudoCommand(access, "reboot", domain);
 * // { file: "/usr/bin/sudo", args: ["-n", "--", "/usr/sbin/xl", "reboot", "vm1"] }
 * ```
 */
export function sudoCommand(access: ConsoleAccess, action: ConsoleAction, domain: ConsoleDomain): Command {
  return {
    file: access.commands.sudo,
    args: ["-n", "--", access.commands.xl, ...xlArguments(action, domain)],
  };
}

/** Records an audit entry for this context's user and client. */
export async function audit(
  context: ActionContext,
  entry: Omit<AuditEntry, "user" | "client">,
): Promise<void> {
  await context.audit.record({
    ...entry,
    user: context.access.user,
    ...(context.client === undefined ? {} : { client: context.client }),
  });
}

function failureDetail(error: unknown): string {
  if (error instanceof CommandFailedError) {
    return error.exitCode === undefined ? error.reason : `exit ${String(error.exitCode)}`;
  }
  return error instanceof Error ? error.name : "error";
}

function asBlock(text: string): string {
  const trimmed = text.replace(/\s+$/, "");
  return trimmed === "" ? "" : `${trimmed}\n`;
}

async function runConsole(context: ActionContext, domain: ConsoleDomain): Promise<boolean> {
  if (!context.terminal) {
    context.write("The console needs a terminal: connect with ssh -t.\n");
    await audit(context, {
      event: "action",
      domain: domain.name,
      action: "console",
      result: "refused",
      detail: "no terminal",
    });
    return false;
  }
  context.write(`Connecting to the console of ${domain.name}. Press Ctrl-] to come back.\n`);
  try {
    await context.runner.run(sudoCommand(context.access, "console", domain), { stdio: "inherit" });
    context.write(`\nLeft the console of ${domain.name}.\n`);
    await audit(context, { event: "action", domain: domain.name, action: "console", result: "ok" });
    return true;
  } catch (error) {
    context.write(`\nThe console of ${domain.name} could not be opened or ended with an error.\n`);
    await audit(context, {
      event: "action",
      domain: domain.name,
      action: "console",
      result: "failed",
      detail: failureDetail(error),
    });
    return false;
  }
}

function notRunning(error: unknown): boolean {
  return error instanceof CommandFailedError && /invalid domain identifier/.test(error.stderrTail);
}

async function runCaptured(
  context: ActionContext,
  action: ConsoleAction,
  domain: ConsoleDomain,
): Promise<boolean> {
  const command = { ...sudoCommand(context.access, action, domain), timeoutMs: XL_TIMEOUT_MS };
  try {
    const result = await context.runner.run(command);
    context.write(asBlock(result.stdout) + asBlock(result.stderr));
    if (action !== "status") context.write(`${action}: done for ${domain.name}.\n`);
    await audit(context, { event: "action", domain: domain.name, action, result: "ok" });
    return true;
  } catch (error) {
    if (action === "status" && notRunning(error)) {
      context.write(`${domain.name} is not running.\n`);
      await audit(context, {
        event: "action",
        domain: domain.name,
        action,
        result: "ok",
        detail: "not running",
      });
      return true;
    }
    if (error instanceof CommandFailedError) {
      context.write(asBlock(error.stdout ?? "") + asBlock(error.stderrTail));
    }
    context.write(`${action} failed for ${domain.name}.\n`);
    await audit(context, {
      event: "action",
      domain: domain.name,
      action,
      result: "failed",
      detail: failureDetail(error),
    });
    return false;
  }
}

/**
 * Runs one allowed action on one of the customer's domains through sudo and
 * `xl`, tells the customer how it went, and records it in the audit log
 * (user, client, domain, action, result). The console gets the terminal
 * (`stdio: "inherit"`) until `xl console` ends — on Ctrl-]. The caller has
 * already checked that the domain is the customer's and the action allowed.
 *
 * @returns whether the action succeeded
 *
 * @example
 * ```ts
 * const ok = await performAction(context, "reboot", access.domains[0]!);
 * ```
 */
export async function performAction(
  context: ActionContext,
  action: ConsoleAction,
  domain: ConsoleDomain,
): Promise<boolean> {
  return action === "console" ? runConsole(context, domain) : runCaptured(context, action, domain);
}
