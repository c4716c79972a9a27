import { userInfo } from "node:os";
import type { CommandRunner } from "@dom0kit/runner";
import { checkAccess } from "./access-check.js";
import { SyslogAuditLog } from "./audit-log.js";
import { AccessMapError } from "./errors.js";
import type { LineSource } from "./line-source.js";
import { loadAccessMap } from "./load-access-map.js";
import { runConsoleSession } from "./session.js";

/** Exit codes of `dom0kit-console` besides the session's own ({@link SESSION_EXIT}). */
export const PROGRAM_EXIT = {
  /** Wrong arguments (the forced command is broken). */
  usage: 64,
  /** No trustworthy access map for this account. */
  config: 78,
  /** Run as root, which it must never be. */
  root: 77,
  /** An unexpected error. */
  internal: 70,
} as const;

/** What the program needs from its process; the bin passes the real ones. */
export interface ConsoleProgramIo {
  readonly argv: readonly string[];
  /** SSH_ORIGINAL_COMMAND and SSH_CONNECTION are read from here, nothing else. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly input: LineSource;
  readonly write: (text: string) => void;
  readonly writeError: (text: string) => void;
  readonly terminal: boolean;
  readonly runner: CommandRunner;
  /** @default the process's real uid and user name */
  readonly identity?: { readonly uid: number; readonly user: string };
}

const USAGE = "usage: dom0kit-console --access-dir DIR [--check]\n";

function parseArguments(argv: readonly string[]): { accessDir: string; check: boolean } | undefined {
  let accessDir: string | undefined;
  let check = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === "--access-dir" && accessDir === undefined) {
      accessDir = argv[index + 1];
      index += 1;
    } else if (arg === "--check" && !check) {
      check = true;
    } else {
      return undefined;
    }
  }
  return accessDir === undefined || !accessDir.startsWith("/") ? undefined : { accessDir, check };
}

/** `SSH_CONNECTION` is "client-ip client-port server-ip server-port"; the audit log keeps the client. */
function clientOf(connection: string | undefined): string | undefined {
  const [address, port] = (connection ?? "").split(" ");
  if (address === undefined || address === "" || port === undefined) return undefined;
  return `${address}:${port}`;
}

function identityOf(io: ConsoleProgramIo): { uid: number; user: string } {
  if (io.identity !== undefined) return io.identity;
  const info = userInfo();
  return { uid: info.uid, user: info.username };
}

async function runCheck(io: ConsoleProgramIo, accessDir: string, user: string): Promise<number> {
  const access = await loadAccessMap(accessDir, user);
  const report = await checkAccess(access, io.runner);
  for (const probe of report.probes) {
    const verdict = probe.allowed === probe.mustBeAllowed ? "ok  " : "FAIL";
    const expectation = probe.mustBeAllowed ? "allowed" : "refused";
    io.write(`${verdict} ${expectation.padEnd(7)} sudo ${probe.argv.join(" ")}\n`);
  }
  io.write(`dom0kit-console check for ${user}: ${report.ok ? "ok" : "FAILED"}\n`);
  return report.ok ? 0 : 1;
}

/**
 * The `dom0kit-console` program: identifies the customer by their uid (never
 * by environment variables), loads their root-owned access map, and runs the
 * console session — or, with `--check`, verifies the sudo rules as that
 * customer. Refuses to run as root. Customers see one line for errors, never a
 * stack trace.
 *
 * @returns the process exit code
 *
 * @example
 * ```ts
 * process.exitCode = await runConsoleProgram({
 *   argv: process.argv.slice(2), env: process.env, input: fdLineSource(0),
 *   write: (text) => process.stdout.write(text), writeError: (text) => process.stderr.write(text),
 *   terminal: isatty(0), runner: new ExecaRunner(),
 * });
 * ```
 */
export async function runConsoleProgram(io: ConsoleProgramIo): Promise<number> {
  const args = parseArguments(io.argv);
  if (args === undefined) {
    io.writeError(USAGE);
    return PROGRAM_EXIT.usage;
  }
  const { uid, user } = identityOf(io);
  if (uid === 0) {
    io.writeError("dom0kit-console: refusing to run as root; it is the console menu of a customer account\n");
    return PROGRAM_EXIT.root;
  }
  try {
    if (args.check) return await runCheck(io, args.accessDir, user);
    const access = await loadAccessMap(args.accessDir, user);
    return await runConsoleSession({
      access,
      request: io.env.SSH_ORIGINAL_COMMAND,
      input: io.input,
      write: io.write,
      terminal: io.terminal,
      runner: io.runner,
      audit: new SyslogAuditLog(io.runner, access.commands.logger, access.audit),
      client: clientOf(io.env.SSH_CONNECTION),
    });
  } catch (error) {
    if (error instanceof AccessMapError) {
      io.writeError(`dom0kit-console: no console access for ${user}: ${error.message}\n`);
      return PROGRAM_EXIT.config;
    }
    io.writeError("dom0kit-console: internal error; please contact support\n");
    return PROGRAM_EXIT.internal;
  }
}
