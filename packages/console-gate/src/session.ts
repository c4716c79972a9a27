import type { CommandRunner } from "@dom0kit/runner";
import type { ConsoleAction } from "./actions.js";
import type { ConsoleAccess } from "./access-map.js";
import type { AuditLog } from "./audit-log.js";
import type { ConsoleDomain } from "./config.js";
import type { LineSource } from "./line-source.js";
import {
  actionForNumber,
  EXIT_NUMBER,
  renderGreeting,
  renderHelp,
  renderMenu,
  SWITCH_NUMBER,
} from "./menu-text.js";
import { audit, performAction, type ActionContext } from "./perform-action.js";
import { parseConsoleRequest, REQUEST_GRAMMAR, type ConsoleRequest } from "./request-grammar.js";

/** Exit codes of the menu program. */
export const SESSION_EXIT = {
  /** Everything asked for was done, or the customer left. */
  ok: 0,
  /** An action ran and failed. */
  failed: 1,
  /** The request was refused (outside the grammar, not the customer's domain, not allowed). */
  refused: 2,
} as const;

/** Options of {@link runConsoleSession}. */
export interface ConsoleSessionOptions {
  /** The customer's access map (who they are, their domains and actions). */
  readonly access: ConsoleAccess;
  /** The client's command (`SSH_ORIGINAL_COMMAND`); absent or blank shows the menu. */
  readonly request?: string | undefined;
  /** The customer's input. */
  readonly input: LineSource;
  /** Writes text to the customer. */
  readonly write: (text: string) => void;
  /** Whether stdin is a terminal. */
  readonly terminal: boolean;
  readonly runner: CommandRunner;
  readonly audit: AuditLog;
  /** The client address, for the audit log. */
  readonly client?: string | undefined;
  /** Invalid menu choices in a row that end the session. @default 3 */
  readonly maxInvalidChoices?: number;
}

type Resolved =
  | { readonly ok: true; readonly domains: readonly ConsoleDomain[] }
  | { readonly ok: false; readonly reason: string };

/** The domains a request acts on, or why it may not. Never says whether a foreign domain exists. */
function resolveTargets(
  access: ConsoleAccess,
  action: ConsoleAction,
  named: string | undefined,
  selected: ConsoleDomain | undefined,
): Resolved {
  if (named !== undefined) {
    const domain = access.domains.find((candidate) => candidate.name === named);
    if (domain === undefined) return { ok: false, reason: `${named} is not one of your domains` };
    if (!domain.actions.includes(action))
      return { ok: false, reason: `${action} is not allowed for ${named}` };
    return { ok: true, domains: [domain] };
  }
  if (selected !== undefined) {
    if (!selected.actions.includes(action))
      return { ok: false, reason: `${action} is not allowed for ${selected.name}` };
    return { ok: true, domains: [selected] };
  }
  const allowed = access.domains.filter((domain) => domain.actions.includes(action));
  if (action === "status" && allowed.length > 0) return { ok: true, domains: allowed };
  if (access.domains.length === 1 && allowed.length === 1) return { ok: true, domains: allowed };
  if (allowed.length === 0) return { ok: false, reason: `${action} is not allowed for any of your domains` };
  return {
    ok: false,
    reason: `name a domain: ${action} ${allowed.map((domain) => domain.name).join(" | ")}`,
  };
}

class Session {
  readonly #options: ConsoleSessionOptions;
  readonly #context: ActionContext;

  constructor(options: ConsoleSessionOptions) {
    this.#options = options;
    this.#context = {
      access: options.access,
      runner: options.runner,
      audit: options.audit,
      write: options.write,
      terminal: options.terminal,
      ...(options.client === undefined ? {} : { client: options.client }),
    };
  }

  get #write(): (text: string) => void {
    return this.#options.write;
  }

  async refuse(reason: string, request: string): Promise<void> {
    this.#write(`Refused: ${reason}.\n`);
    await audit(this.#context, { event: "refused", result: "refused", detail: `${reason}: ${request}` });
  }

  /** Asks the customer to type the domain's name before a hard shutdown. */
  async confirmDestroy(domain: ConsoleDomain): Promise<boolean> {
    this.#write(
      `A hard shutdown pulls the plug on ${domain.name}: whatever it has not written to disk is lost.\n` +
        `Type ${domain.name} to confirm, anything else cancels: `,
    );
    const answer = await this.#options.input.readLine();
    if (answer.kind === "line" && answer.text.trim() === domain.name) return true;
    if (answer.kind === "eof") this.#write("\n");
    this.#write("Cancelled.\n");
    await audit(this.#context, {
      event: "action",
      domain: domain.name,
      action: "destroy",
      result: "cancelled",
    });
    return false;
  }

  /** Runs an action request; returns false if anything was refused or failed. */
  async act(
    request: Extract<ConsoleRequest, { kind: "action" }>,
    selected: ConsoleDomain | undefined,
    text: string,
    mayConfirm: boolean,
  ): Promise<"ok" | "failed" | "refused"> {
    const targets = resolveTargets(this.#options.access, request.action, request.domain, selected);
    if (!targets.ok) {
      await this.refuse(targets.reason, text);
      return "refused";
    }
    let outcome: "ok" | "failed" = "ok";
    for (const domain of targets.domains) {
      if (request.action === "destroy" && !request.confirmed) {
        if (!mayConfirm) {
          await this.refuse("a hard shutdown needs confirmation: add --yes, or use the menu", text);
          return "refused";
        }
        if (!(await this.confirmDestroy(domain))) continue;
      }
      if (!(await performAction(this.#context, request.action, domain))) outcome = "failed";
    }
    return outcome;
  }

  /** SSH_ORIGINAL_COMMAND: one request, then the session ends. */
  async single(text: string): Promise<number> {
    const parsed = parseConsoleRequest(text);
    if (!parsed.ok) {
      this.#write(`Accepted: ${REQUEST_GRAMMAR}\n`);
      await this.refuse(parsed.reason, text);
      return SESSION_EXIT.refused;
    }
    const { request } = parsed;
    switch (request.kind) {
      case "help":
        this.#write(renderHelp());
        return SESSION_EXIT.ok;
      case "domains":
        this.#write(`${this.#options.access.domains.map((domain) => domain.name).join("\n")}\n`);
        return SESSION_EXIT.ok;
      case "exit":
        return SESSION_EXIT.ok;
      case "use":
        await this.refuse("use only works in the menu", text);
        return SESSION_EXIT.refused;
      case "action": {
        const outcome = await this.act(request, undefined, text, this.#options.terminal);
        return SESSION_EXIT[outcome];
      }
    }
  }

  async chooseDomain(): Promise<ConsoleDomain | undefined> {
    const { domains } = this.#options.access;
    this.#write(
      `${domains.map((domain, index) => `  ${String(index + 1)}) ${domain.name}`).join("\n")}\nWhich domain? `,
    );
    const answer = await this.#options.input.readLine();
    if (answer.kind !== "line") return undefined;
    const text = answer.text.trim();
    return domains.find((domain, index) => domain.name === text || String(index + 1) === text);
  }

  /** The interactive menu: until exit, end of input, or too many invalid choices. */
  async menu(): Promise<number> {
    const { access } = this.#options;
    const limit = this.#options.maxInvalidChoices ?? 3;
    let selected = access.domains[0] as ConsoleDomain;
    let invalid = 0;
    let showMenu = true;
    this.#write(renderGreeting(access));
    for (;;) {
      if (showMenu) this.#write(renderMenu(access, selected));
      showMenu = true;
      this.#write(`${selected.name}> `);
      const read = await this.#options.input.readLine();
      if (read.kind === "eof") {
        this.#write("\nGoodbye.\n");
        return SESSION_EXIT.ok;
      }
      const text = read.kind === "line" ? read.text.trim() : "";
      if (read.kind === "line" && text === "") continue;
      const verdict = await this.choose(read.kind === "line" ? text : undefined, selected);
      if (verdict === "exit") {
        this.#write("Goodbye.\n");
        return SESSION_EXIT.ok;
      }
      if (verdict === "invalid") {
        invalid += 1;
        if (invalid >= limit) {
          this.#write("Too many invalid choices. Goodbye.\n");
          return SESSION_EXIT.refused;
        }
        showMenu = false;
        continue;
      }
      invalid = 0;
      if (typeof verdict === "object") selected = verdict;
    }
  }

  /** Handles one menu line; returns the newly selected domain, "exit", "invalid" or "done". */
  async choose(
    text: string | undefined,
    selected: ConsoleDomain,
  ): Promise<ConsoleDomain | "exit" | "invalid" | "done"> {
    if (text === undefined) {
      await this.refuse("that line is too long", "(too long)");
      return "invalid";
    }
    if (text === EXIT_NUMBER) return "exit";
    const numbered = actionForNumber(text, selected);
    if (numbered !== undefined) {
      await this.act({ kind: "action", action: numbered, confirmed: false }, selected, text, true);
      return "done";
    }
    if (text === SWITCH_NUMBER && this.#options.access.domains.length > 1) {
      const chosen = await this.chooseDomain();
      if (chosen === undefined) this.#write("No such domain of yours.\n");
      return chosen ?? "done";
    }
    const parsed = parseConsoleRequest(text);
    if (!parsed.ok) {
      await this.refuse(`${parsed.reason} (type help for the commands)`, text);
      return "invalid";
    }
    const { request } = parsed;
    switch (request.kind) {
      case "exit":
        return "exit";
      case "help":
        this.#write(renderHelp());
        return "done";
      case "domains":
        this.#write(`${this.#options.access.domains.map((domain) => domain.name).join(", ")}\n`);
        return "done";
      case "use": {
        const chosen = this.#options.access.domains.find((domain) => domain.name === request.domain);
        if (chosen !== undefined) return chosen;
        await this.refuse(`${request.domain} is not one of your domains`, text);
        return "invalid";
      }
      case "action": {
        const outcome = await this.act({ ...request, confirmed: false }, selected, text, true);
        return outcome === "refused" ? "invalid" : "done";
      }
    }
  }
}

/**
 * The console menu for one customer — the program sshd forces for their keys.
 * With a request (`ssh host reboot vm1`) it parses it with the fixed grammar,
 * checks the domain is the customer's and the action allowed, runs it, and
 * ends. Without one it shows the menu — status, console, start, shutdown, hard
 * shutdown (confirmed by typing the domain's name), reboot, exit — until the
 * customer leaves, input ends, or three invalid choices in a row. Ctrl-] in a
 * console comes back to the menu. Nothing typed ever reaches a shell; every
 * refusal and action is audited.
 *
 * @returns the exit code ({@link SESSION_EXIT})
 *
 * @example
 * ```ts
 * const code = await runConsoleSession({
 *   access, request: process.env.SSH_ORIGINAL_COMMAND, input: fdLineSource(0),
 *   write: (text) => process.stdout.write(text), terminal: process.stdin.isTTY === true,
 *   runner: new ExecaRunner(), audit: new SyslogAuditLog(runner, access.commands.logger, access.audit),
 * });
 * ```
 */
export async function runConsoleSession(options: ConsoleSessionOptions): Promise<number> {
  const session = new Session(options);
  const request = options.request?.trim() ?? "";
  const start = {
    event: "session-start" as const,
    user: options.access.user,
    result: "ok",
    detail: request === "" ? "menu" : "request",
    ...(options.client === undefined ? {} : { client: options.client }),
  };
  // The start record is written while the session gets going; it is awaited before the end.
  const started = options.audit.record(start);
  const code = request === "" ? await session.menu() : await session.single(request);
  await started;
  await options.audit.record({ ...start, event: "session-end", result: `exit ${String(code)}` });
  return code;
}
