/**
 * Where the console gate puts things on the host and which programs it runs.
 * Every path is absolute; all of them end up in root-written files (sudoers,
 * authorized_keys, the access map), so they are checked by {@link pathProblem}.
 */
export interface ConsoleGateLayout {
  /** Root-owned directory of per-user access maps (`users/<name>.json`). @default "/etc/dom0kit/console" */
  readonly accessDir: string;
  /** Where sudo reads fragments from. @default "/etc/sudoers.d" */
  readonly sudoersDir: string;
  /** The sshd_config drop-in holding the `Match User` block. @default "/etc/ssh/sshd_config.d/dom0kit-console.conf" */
  readonly sshdDropIn: string;
  /** The sshd_config that includes the drop-in, checked with `sshd -t -f`. @default "/etc/ssh/sshd_config" */
  readonly sshdConfig: string;
  /** Customers' home directories are `<homeBase>/<name>`. @default "/home" */
  readonly homeBase: string;
  /** Where the menu program (the forced command) is installed. @default "/usr/local/lib/dom0kit/dom0kit-console.js" */
  readonly program: string;
  /** The Node.js that runs the menu program. @default "/usr/bin/node" */
  readonly node: string;
  /** @default "/usr/sbin/xl" */
  readonly xl: string;
  /** @default "/usr/bin/sudo" */
  readonly sudo: string;
  /** util-linux `logger`, which writes the audit log to syslog. @default "/usr/bin/logger" */
  readonly logger: string;
  /** `env`, which starts the menu program with a clean environment. @default "/usr/bin/env" */
  readonly env: string;
  /** `sshd`, for `sshd -t`. @default "/usr/sbin/sshd" */
  readonly sshd: string;
  /** The customers' login shell: sshd runs the forced command with `<shell> -c`. @default "/bin/sh" */
  readonly shell: string;
  /** A domain's xl config is `<xenConfigDir>/<name>.cfg` unless given. @default "/etc/xen" */
  readonly xenConfigDir: string;
}

/** The layout of a Debian 12 dom0. */
export const DEFAULT_LAYOUT: ConsoleGateLayout = {
  accessDir: "/etc/dom0kit/console",
  sudoersDir: "/etc/sudoers.d",
  sshdDropIn: "/etc/ssh/sshd_config.d/dom0kit-console.conf",
  sshdConfig: "/etc/ssh/sshd_config",
  homeBase: "/home",
  program: "/usr/local/lib/dom0kit/dom0kit-console.js",
  node: "/usr/bin/node",
  xl: "/usr/sbin/xl",
  sudo: "/usr/bin/sudo",
  logger: "/usr/bin/logger",
  env: "/usr/bin/env",
  sshd: "/usr/sbin/sshd",
  shell: "/bin/sh",
  xenConfigDir: "/etc/xen",
};

const SAFE_PATH = /^(\/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*)+$/;

/**
 * Why `path` cannot be used, or `undefined` when it can: an absolute path of
 * letters, digits, `_`, `.`, `+` and `-`, no empty, `.` or `..` components and no
 * trailing slash. Nothing a shell, sudoers, sshd or authorized_keys would read
 * as syntax.
 *
 * @example
 * ```ts
 * pathProblem("/usr/sbin/xl");  // undefined
 * pathProblem("/etc/xen/../x"); // "… not an accepted path …"
 * ```
 */
export function pathProblem(path: string): string | undefined {
  if (!SAFE_PATH.test(path) || path.split("/").some((part) => part === "." || part === "..")) {
    return `${JSON.stringify(path.slice(0, 120))} is not an accepted path; accepted: an absolute path of letters, digits, "_", ".", "+" and "-" without "." or ".." components`;
  }
  return undefined;
}

/** The home directory of `user`. */
export function homeOf(layout: ConsoleGateLayout, user: string): string {
  return `${layout.homeBase}/${user}`;
}

/** The access map the menu program reads for `user`. */
export function accessMapPath(layout: ConsoleGateLayout, user: string): string {
  return `${layout.accessDir}/users/${user}.json`;
}

/**
 * The sudoers.d file for `user`: `dom0kit-console-<user>`. sudo silently skips
 * files whose names contain `.` or end in `~`; user names can hold neither.
 *
 * @example
 * ```ts
 * sudoersFileName("alice"); // "dom0kit-console-alice"
 * ```
 */
export function sudoersFileName(user: string): string {
  return `dom0kit-console-${user}`;
}

/** The full path of `user`'s sudoers fragment. */
export function sudoersPath(layout: ConsoleGateLayout, user: string): string {
  return `${layout.sudoersDir}/${sudoersFileName(user)}`;
}

/** The authorized_keys file of `user`. */
export function authorizedKeysPath(layout: ConsoleGateLayout, user: string): string {
  return `${homeOf(layout, user)}/.ssh/authorized_keys`;
}
