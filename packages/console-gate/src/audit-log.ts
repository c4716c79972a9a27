import type { CommandRunner } from "@dom0kit/runner";
import { loggerArguments, type AuditDestination } from "./audit-destination.js";

/** One audit record: who did what to which domain, and how it ended. */
export interface AuditEntry {
  /** `session` (start/end), `request` (refused input), or `action` (an xl command ran). */
  readonly event: "session-start" | "session-end" | "refused" | "action";
  readonly user: string;
  /** The client address and port, from SSH_CONNECTION. */
  readonly client?: string;
  readonly domain?: string;
  readonly action?: string;
  /** `ok`, `failed`, `refused`, `cancelled`, … */
  readonly result: string;
  /** More about the result: an exit code, a reason, the refused request (sanitized). */
  readonly detail?: string;
}

/** Where the menu program writes its audit records. */
export interface AuditLog {
  /** Records one entry. Never throws: a broken log must not break a customer's console. */
  record(entry: AuditEntry): Promise<void>;
}

const PLAIN_VALUE = /^[A-Za-z0-9._:/@+=-]{1,200}$/;

/** A value as it appears in a record: bare when plain, else JSON-quoted with every control character escaped. */
function formatValue(value: string): string {
  const short = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (PLAIN_VALUE.test(short)) return short;
  return JSON.stringify(short).replace(/[\u007f-\u009f\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/**
 * An entry as one line of `key=value` pairs. Values that are not plain are
 * JSON-quoted, so customer input (a refused request) cannot forge a second
 * record or hide in control characters.
 *
 * @example
 * ```ts
 * formatAuditEntry({ event: "refused", user: "alice", result: "refused", detail: "console vm1; sh" });
 * // 'event=refused user=alice result=refused detail="console vm1; sh"'
 * ```
 */
export function formatAuditEntry(entry: AuditEntry): string {
  const fields: [string, string | undefined][] = [
    ["event", entry.event],
    ["user", entry.user],
    ["client", entry.client],
    ["domain", entry.domain],
    ["action", entry.action],
    ["result", entry.result],
    ["detail", entry.detail],
  ];
  return fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(" ");
}

/**
 * Writes audit records to syslog through util-linux `logger` (tag
 * `dom0kit-console`, the menu's pid), run by a {@link CommandRunner} as an argv
 * array. A record that cannot be delivered is dropped silently: the customer
 * keeps their console.
 *
 * @example
 * ```ts
 * const audit = new SyslogAuditLog(new ExecaRunner(), "/usr/bin/logger", { facility: "authpriv" });
 * await audit.record({ event: "action", user: "alice", domain: "vm1", action: "reboot", result: "ok" });
 * ```
 */
export class SyslogAuditLog implements AuditLog {
  readonly #runner: CommandRunner;
  readonly #logger: string;
  readonly #destination: AuditDestination;
  readonly #pid: number;

  constructor(
    runner: CommandRunner,
    logger: string,
    destination: AuditDestination,
    pid: number = process.pid,
  ) {
    this.#runner = runner;
    this.#logger = logger;
    this.#destination = destination;
    this.#pid = pid;
  }

  async record(entry: AuditEntry): Promise<void> {
    const args = [...loggerArguments(this.#destination, this.#pid), "--", formatAuditEntry(entry)];
    try {
      await this.#runner.run({ file: this.#logger, args, timeoutMs: 5000 });
    } catch {
      // The audit trail is best effort; sudo keeps its own log of every xl command.
    }
  }
}

/**
 * Keeps audit records in memory (tests, and programs that forward records
 * elsewhere).
 *
 * @example
 * ```ts
 * const audit = new MemoryAuditLog();
 * await runConsoleSession({ …, audit });
 * audit.entries.filter((entry) => entry.event === "refused");
 * ```
 */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }
}
