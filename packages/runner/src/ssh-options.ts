import type { CommandEvent } from "./execa-runner.js";
import type { SshEndpoint } from "./ssh-errors.js";

/** How strictly ssh checks the host's key. */
export type StrictHostKeyChecking = "yes" | "accept-new";

/** Options of `SshRunner`. Only `destination` is required. */
export interface SshRunnerOptions {
  /** Where to connect: `[user@]host`, an address, or a `Host` alias from ssh_config. */
  readonly destination: string;
  /** The remote sshd's port. @default ssh's (22, or the ssh_config `Port`) */
  readonly port?: number;
  /** The remote user (`ssh -l`). @default the user in `destination`, or ssh's default */
  readonly user?: string;
  /** The private key to log in with; only this key is offered (`IdentitiesOnly`). @default ssh's keys and agent */
  readonly identityFile?: string;
  /** A known_hosts file holding the host's key (`UserKnownHostsFile`). @default ~/.ssh/known_hosts */
  readonly knownHostsFile?: string;
  /**
   * `"yes"`: connect only to hosts whose key is already known. `"accept-new"`:
   * record the key of a host seen for the first time, refuse a changed one.
   * @default "yes"
   */
  readonly strictHostKeyChecking?: StrictHostKeyChecking;
  /** Give up connecting after this long (`ConnectTimeout`, rounded up to seconds). @default 10000 */
  readonly connectTimeoutMs?: number;
  /**
   * Keep one master connection and run every command over it (ControlMaster),
   * which saves a key exchange and a login per command.
   * @default true
   */
  readonly reuseConnection?: boolean;
  /** An idle master connection ends by itself after this long (`ControlPersist`). @default 60000 */
  readonly idleTimeoutMs?: number;
  /** A dead connection is detected after 3 unanswered keepalives this far apart (`ServerAliveInterval`). @default 15000 */
  readonly keepAliveMs?: number;
  /** Most commands running at once over the connection; more wait their turn (sshd's `MaxSessions` is 10). @default 8 */
  readonly maxSessions?: number;
  /** After SIGTERM, how long a stopped remote command has before SIGKILL. @default 2000 */
  readonly killGraceMs?: number;
  /** An ssh_config file to use instead of the usual ones (`ssh -F`); `"none"` reads none. @default the usual */
  readonly configFile?: string;
  /** More `-o Name=value` options for ssh (ProxyJump, Ciphers, …). The options above have their own fields. */
  readonly sshOptions?: Readonly<Record<string, string>>;
  /** The ssh client to run. @default "ssh" */
  readonly sshPath?: string;
  /** Told when each remote command starts and ends (logs, `--verbose`). */
  readonly onCommand?: (event: CommandEvent) => void;
}

/**
 * SshRunner options that are not usable, with what is wrong and what is accepted.
 *
 * @example
 * ```ts
 * new SshRunner({ destination: "-oProxyCommand=x" }); // throws SshOptionsError (code SSH_OPTIONS_INVALID)
 * ```
 */
export class SshOptionsError extends Error {
  override readonly name = "SshOptionsError";
  /** Stable code: `"SSH_OPTIONS_INVALID"`. */
  readonly code = "SSH_OPTIONS_INVALID";
  /** The option that is wrong. */
  readonly option: string;

  constructor(option: string, problem: string) {
    super(`SshRunner option ${option}: ${problem}`);
    this.option = option;
  }
}

/** Options the runner sets itself; `sshOptions` may not override them. */
const RESERVED_OPTIONS: Readonly<Record<string, string>> = {
  batchmode: "BatchMode is always yes: a runner cannot answer prompts",
  controlmaster: "connection reuse is the reuseConnection option",
  controlpath: "the runner keeps its control socket in a private directory",
  controlpersist: "use idleTimeoutMs",
  stricthostkeychecking: "use strictHostKeyChecking",
  userknownhostsfile: "use knownHostsFile",
  connecttimeout: "use connectTimeoutMs",
  serveraliveinterval: "use keepAliveMs",
  port: "use port",
  user: "use user",
  identityfile: "use identityFile",
  loglevel: "the runner reads ssh's error messages and sets LogLevel=ERROR",
  requesttty: "the runner decides whether a command gets a terminal",
  remotecommand: "the runner sends the command",
  sessiontype: "the runner sends the command",
  permitlocalcommand: "a runner runs nothing locally",
  localcommand: "a runner runs nothing locally",
};

const OPTION_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const NO_CONTROL = /^[^\u0000-\u001f\u007f]+$/u;

function checkText(option: string, value: string, accepted: string): void {
  if (value === "" || !NO_CONTROL.test(value) || value.startsWith("-")) {
    throw new SshOptionsError(option, `${JSON.stringify(value)} is not accepted; ${accepted}`);
  }
}

function checkPositive(option: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new SshOptionsError(
      option,
      `${String(value)} is not accepted; give a whole number 1..${String(max)}`,
    );
  }
}

/**
 * Checks every option before anything is run.
 * @throws {@link SshOptionsError} naming the first bad option.
 */
export function validateSshOptions(options: SshRunnerOptions): void {
  checkText(
    "destination",
    options.destination,
    "give [user@]host, an address or a Host alias, without spaces or a leading '-'",
  );
  if (/\s/.test(options.destination)) {
    throw new SshOptionsError("destination", `${JSON.stringify(options.destination)} contains whitespace`);
  }
  checkPositive("port", options.port, 65535);
  if (options.user !== undefined) checkText("user", options.user, "give a user name");
  for (const name of ["identityFile", "knownHostsFile", "configFile", "sshPath"] as const) {
    const value = options[name];
    if (value !== undefined) checkText(name, value, "give a path");
  }
  if (options.knownHostsFile?.includes('"') === true) {
    throw new SshOptionsError("knownHostsFile", "a path with a double quote cannot be passed to ssh");
  }
  if (
    options.strictHostKeyChecking !== undefined &&
    !["yes", "accept-new"].includes(options.strictHostKeyChecking)
  ) {
    throw new SshOptionsError(
      "strictHostKeyChecking",
      `${JSON.stringify(options.strictHostKeyChecking)} is not accepted; use "yes" or "accept-new"`,
    );
  }
  checkPositive("connectTimeoutMs", options.connectTimeoutMs);
  checkPositive("idleTimeoutMs", options.idleTimeoutMs);
  checkPositive("keepAliveMs", options.keepAliveMs);
  checkPositive("maxSessions", options.maxSessions, 1000);
  if (
    options.killGraceMs !== undefined &&
    !(Number.isInteger(options.killGraceMs) && options.killGraceMs >= 0)
  ) {
    throw new SshOptionsError(
      "killGraceMs",
      `${String(options.killGraceMs)} is not a whole number of ms >= 0`,
    );
  }
  for (const [name, value] of Object.entries(options.sshOptions ?? {})) {
    if (!OPTION_NAME.test(name)) {
      throw new SshOptionsError(`sshOptions.${name}`, "an ssh option name is letters and digits (ProxyJump)");
    }
    const reserved = RESERVED_OPTIONS[name.toLowerCase()];
    if (reserved !== undefined)
      throw new SshOptionsError(`sshOptions.${name}`, `cannot be set here: ${reserved}`);
    if (value === "" || !NO_CONTROL.test(value)) {
      throw new SshOptionsError(
        `sshOptions.${name}`,
        `${JSON.stringify(value)} is empty or holds control characters`,
      );
    }
  }
}

/** Where these options make ssh connect, as the errors report it. */
export function sshEndpointOf(options: SshRunnerOptions): SshEndpoint {
  return { destination: options.destination, port: options.port, configFile: options.configFile };
}

/** A path as ssh reads it in an option that expands `%` tokens. */
function literalPath(path: string): string {
  return path.replaceAll("%", "%%");
}

function seconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

/**
 * The ssh arguments every invocation for these options shares: host key policy,
 * authentication, timeouts, no forwarding of anything, and the control socket.
 */
export function sshBaseArgs(options: SshRunnerOptions, controlPath: string | undefined): string[] {
  const args = [
    ...(options.configFile === undefined ? [] : ["-F", options.configFile]),
    "-x",
    "-a",
    "-o",
    "BatchMode=yes",
    "-o",
    `StrictHostKeyChecking=${options.strictHostKeyChecking ?? "yes"}`,
    "-o",
    `ConnectTimeout=${seconds(options.connectTimeoutMs ?? 10_000)}`,
    "-o",
    `ServerAliveInterval=${seconds(options.keepAliveMs ?? 15_000)}`,
    "-o",
    "ServerAliveCountMax=3",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "ClearAllForwardings=yes",
    "-o",
    "PermitLocalCommand=no",
  ];
  if (options.knownHostsFile !== undefined) {
    args.push("-o", `UserKnownHostsFile="${literalPath(options.knownHostsFile)}"`);
  }
  if (options.identityFile !== undefined) {
    args.push("-i", literalPath(options.identityFile), "-o", "IdentitiesOnly=yes");
  }
  if (options.port !== undefined) args.push("-p", String(options.port));
  if (options.user !== undefined) args.push("-l", options.user);
  for (const [name, value] of Object.entries(options.sshOptions ?? {})) args.push("-o", `${name}=${value}`);
  if (controlPath !== undefined) args.push("-S", literalPath(controlPath));
  return args;
}
