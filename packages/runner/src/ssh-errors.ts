import type { Command } from "./command.js";
import { stderrTail } from "./errors.js";
import { formatCommand } from "./format-command.js";

/** Why ssh could not run a command (as opposed to the command failing on the host). */
export type SshFailureKind =
  "unreachable" | "authentication" | "host-key" | "connection-lost" | "ssh-failed" | "closed";

/**
 * Where ssh connects: the destination and the options the runner passes that
 * change which host or port it reaches, so a person can repeat the connection
 * by hand.
 *
 * @example
 * ```ts
 * const endpoint: SshEndpoint = { destination: "root@dom0", port: 2222, configFile: "fleet_ssh_config" };
 * // ssh -F fleet_ssh_config -p 2222 root@dom0
 * ```
 */
export interface SshEndpoint {
  /** The `[user@]host` (or ssh_config `Host` alias) ssh connects to. */
  readonly destination: string;
  /** The port passed to ssh (`-p`); `undefined` when ssh chose it (22, or the ssh_config `Port`). */
  readonly port?: number | undefined;
  /** The ssh_config file passed to ssh (`-F`); `undefined` when ssh read the usual ones. */
  readonly configFile?: string | undefined;
}

/**
 * Everything known about an ssh failure.
 *
 * @example
 * ```ts
 * const details: SshFailureDetails = { destination: "root@dom0", port: 2222, exitCode: 255, stderr: "…" };
 * ```
 */
export interface SshFailureDetails extends SshEndpoint {
  /** The command that was to run, when there was one (not for the connection itself). */
  readonly command?: Command | undefined;
  /** The ssh client's exit code (255 for its own errors). */
  readonly exitCode?: number | undefined;
  /** What ssh (and the remote side) wrote to stderr. */
  readonly stderr?: string | undefined;
  readonly cause?: unknown;
}

function lastLines(stderr: string, count: number): string {
  return stderrTail(stderr).split("\n").filter(Boolean).slice(-count).join(" / ");
}

/**
 * ssh could not run a command on a host: the host is unreachable, refused our
 * key, presented a host key we do not trust, dropped the connection, or ssh
 * failed otherwise. Never thrown for a command that ran and exited non-zero —
 * that is a `CommandFailedError`. The subclasses tell the cases apart.
 *
 * @example
 * ```ts
 * try {
 *   await runner.run(cmd(["xl", "list"]));
 * } catch (error) {
 *   if (error instanceof SshConnectionError) console.error(`${error.destination}: ${error.kind}`);
 * }
 * ```
 */
export class SshConnectionError extends Error {
  override readonly name: string = "SshConnectionError";
  /** Stable code: `"SSH_FAILED"` here; each subclass has its own. */
  readonly code: string = "SSH_FAILED";
  readonly kind: SshFailureKind = "ssh-failed";
  readonly destination: string;
  /**
   * The port the runner passed to ssh (`-p`, the `port` option); `undefined`
   * when ssh chose it (22, or the ssh_config `Port`).
   */
  readonly port: number | undefined;
  /** The ssh_config file the runner passed to ssh (`-F`, the `configFile` option); `undefined` for the usual ones. */
  readonly configFile: string | undefined;
  readonly command: Command | undefined;
  readonly exitCode: number | undefined;
  /** The end of what ssh wrote to stderr: its own explanation. */
  readonly stderrTail: string;

  constructor(message: string, details: SshFailureDetails) {
    const what = details.command === undefined ? "" : ` (running ${formatCommand(details.command)})`;
    const said = lastLines(details.stderr ?? "", 2);
    super(`${message}${what}${said === "" ? "" : `\n  ssh said: ${said}`}`, { cause: details.cause });
    this.destination = details.destination;
    this.port = details.port;
    this.configFile = details.configFile;
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.stderrTail = stderrTail(details.stderr ?? "");
  }
}

/**
 * The host could not be reached: connection refused, timed out, no route, a
 * name that does not resolve, or a connection closed before ssh could log in.
 *
 * @example
 * ```ts
 * if (error instanceof SshUnreachableError) markHostDown(error.destination);
 * ```
 */
export class SshUnreachableError extends SshConnectionError {
  override readonly name = "SshUnreachableError";
  override readonly code = "SSH_UNREACHABLE";
  override readonly kind = "unreachable";

  constructor(details: SshFailureDetails) {
    super(
      `cannot reach ${details.destination}: check that the host is up, sshd listens on ` +
        `${details.port === undefined ? "the port ssh uses (22 unless its ssh_config says another)" : `port ${String(details.port)}`}, ` +
        `and nothing in between drops the connection`,
      details,
    );
  }
}

/**
 * The host refused to log us in (`Permission denied (publickey)`): wrong user,
 * wrong key, or the key is not in the remote `authorized_keys`.
 *
 * @example
 * ```ts
 * if (error instanceof SshAuthenticationError) console.error("fix the key for", error.destination);
 * ```
 */
export class SshAuthenticationError extends SshConnectionError {
  override readonly name = "SshAuthenticationError";
  override readonly code = "SSH_AUTH_FAILED";
  override readonly kind = "authentication";

  constructor(details: SshFailureDetails) {
    super(
      `${details.destination} refused to log us in: check the user, the identity file, and that its ` +
        `public key is in the remote authorized_keys (BatchMode is on, so ssh never asks for a password)`,
      details,
    );
  }
}

/** How a host key failed strict checking. */
export type HostKeyProblem = "unknown" | "changed";

/**
 * The host's key could not be verified: it is not in known_hosts (`unknown`) or
 * differs from the one recorded there (`changed` — possibly a man in the middle).
 * ssh stopped before sending anything.
 *
 * @example
 * ```ts
 * if (error instanceof SshHostKeyError && error.problem === "changed") alertSecurityTeam(error.destination);
 * ```
 */
export class SshHostKeyError extends SshConnectionError {
  override readonly name = "SshHostKeyError";
  override readonly code = "SSH_HOST_KEY";
  override readonly kind = "host-key";
  readonly problem: HostKeyProblem;

  constructor(problem: HostKeyProblem, details: SshFailureDetails) {
    super(
      problem === "changed"
        ? `${details.destination} presented a host key that does not match known_hosts — possibly a ` +
            `man-in-the-middle attack; verify the new key out of band before replacing the old one`
        : `${details.destination} has no host key in known_hosts and strict checking is on: verify its ` +
            `fingerprint and add it (ssh-keyscan), or pass a knownHostsFile that has it`,
      details,
    );
    this.problem = problem;
  }
}

/**
 * The connection dropped while the command ran on the host: it may have done
 * part of its work, or all of it. Its outcome is unknown.
 *
 * @example
 * ```ts
 * if (error instanceof SshConnectionLostError) console.error("outcome unknown; check the host's state");
 * ```
 */
export class SshConnectionLostError extends SshConnectionError {
  override readonly name = "SshConnectionLostError";
  override readonly code = "SSH_CONNECTION_LOST";
  override readonly kind = "connection-lost";

  constructor(details: SshFailureDetails) {
    super(
      `lost the connection to ${details.destination} while the command ran there; it may have ` +
        `completed, partly or fully — check the host's state before retrying`,
      details,
    );
  }
}

/**
 * The runner was closed (`close()`); it runs nothing more.
 *
 * @example
 * ```ts
 * await runner.close();
 * await runner.run(cmd(["true"])).catch((error) => error.code); // "SSH_RUNNER_CLOSED"
 * ```
 */
export class SshRunnerClosedError extends SshConnectionError {
  override readonly name = "SshRunnerClosedError";
  override readonly code = "SSH_RUNNER_CLOSED";
  override readonly kind = "closed";

  constructor(details: SshFailureDetails) {
    super(`the SSH runner for ${details.destination} is closed; create a new one`, details);
  }
}

const HOST_KEY_CHANGED = /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/;
const HOST_KEY_UNKNOWN = /No \S+ host key is known for|Host key verification failed/;
const AUTHENTICATION =
  /Permission denied \(|Too many authentication failures|Authentication failed|no more authentication methods/i;
const UNREACHABLE = new RegExp(
  [
    "Connection refused",
    "Connection timed out",
    "timed out during banner exchange",
    "Operation timed out",
    "No route to host",
    "Network is unreachable",
    "Could not resolve hostname",
    "Name or service not known",
    "Temporary failure in name resolution",
    "Connection closed by \\S+ port",
    "Connection reset by",
    "kex_exchange_identification",
    "Connection to \\S+ closed by remote host",
  ].join("|"),
);

/**
 * Turns an ssh failure that happened before the remote command started into
 * the error that explains it, from ssh's exit code and what it wrote to stderr.
 *
 * @example
 * ```ts
 * classifySshFailure({ destination: "root@dom0", exitCode: 255, stderr: "ssh: connect to host dom0 port 22: Connection refused" });
 * // SshUnreachableError
 * ```
 */
export function classifySshFailure(details: SshFailureDetails): SshConnectionError {
  const stderr = details.stderr ?? "";
  if (HOST_KEY_CHANGED.test(stderr)) return new SshHostKeyError("changed", details);
  if (HOST_KEY_UNKNOWN.test(stderr)) return new SshHostKeyError("unknown", details);
  if (AUTHENTICATION.test(stderr)) return new SshAuthenticationError(details);
  if (UNREACHABLE.test(stderr)) return new SshUnreachableError(details);
  if (details.exitCode !== undefined && details.exitCode !== 255) {
    return new SshConnectionError(
      `${details.destination}: the remote login shell exited with ${String(details.exitCode)} before ` +
        `running the command — its shell must be a POSIX shell (sh, dash, bash, zsh), not nologin`,
      details,
    );
  }
  return new SshConnectionError(
    `ssh to ${details.destination} failed${details.exitCode === undefined ? "" : ` (exit ${String(details.exitCode)})`}`,
    details,
  );
}
