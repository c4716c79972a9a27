import type { CommandRunner } from "@dom0kit/runner";
import { HostStateError } from "./errors.js";
import { accessMapPath, authorizedKeysPath, homeOf, sudoersPath, type ConsoleGateLayout } from "./layout.js";
import { readManifest } from "./manifest.js";
import { userNameProblem } from "./names.js";

/** The GECOS field of every account the console gate creates; accounts without it are never touched. */
export const MANAGED_ACCOUNT_MARKER = "dom0kit console customer";

/** An account as the host's user database reports it. */
export type AccountState =
  | { readonly exists: false }
  | {
      readonly exists: true;
      readonly uid: number;
      readonly gid: number;
      readonly gecos: string;
      readonly home: string;
      readonly shell: string;
      /** The password field of the shadow entry (`*`: no password, `!…`: locked). */
      readonly password: string;
      /** Every group id the account is in, the primary one included. */
      readonly groups: readonly number[];
    };

/** A path as `stat` reports it; files the plans compare also carry their content (or its SHA-256). */
export type PathState =
  | { readonly kind: "missing" }
  | { readonly kind: "other"; readonly type: string }
  | {
      readonly kind: "file" | "directory";
      /** Permission bits, e.g. 0o640. */
      readonly mode: number;
      readonly owner: string;
      readonly group: string;
      readonly content?: string;
      readonly sha256?: string;
    };

/** What the console-gate plans need to know about a host before changing it. */
export interface ConsoleHostState {
  /** Accounts by name: the users asked about and every installed one. */
  readonly accounts: ReadonlyMap<string, AccountState>;
  /** Paths the plans may create, replace or remove. */
  readonly paths: ReadonlyMap<string, PathState>;
  /** Users that have an access map now (installed earlier). */
  readonly installedUsers: readonly string[];
}

/** Where install records the directories it created, so uninstall removes exactly those. */
export function manifestPath(layout: ConsoleGateLayout): string {
  return `${layout.accessDir}/installed.json`;
}

/** Every directory from `path` up to the root, deepest first. */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  let current = path;
  while (current !== "/" && current !== "") {
    out.push(current);
    current = current.slice(0, current.lastIndexOf("/")) || "/";
  }
  return out;
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

/** The directories the install creates (when missing), parents first. */
export function installDirectories(layout: ConsoleGateLayout): string[] {
  const chains = [`${layout.accessDir}/users`, parentOf(layout.program), layout.homeBase].map(ancestorsOf);
  return [...new Set(chains.flatMap((chain) => chain.reverse()))];
}

/** The per-user paths the plans write or remove. */
export function userPaths(layout: ConsoleGateLayout, user: string): string[] {
  const home = homeOf(layout, user);
  return [
    home,
    `${home}/.ssh`,
    authorizedKeysPath(layout, user),
    accessMapPath(layout, user),
    sudoersPath(layout, user),
  ];
}

function parseStat(path: string, stdout: string): PathState {
  const match = /^([^:]+):([0-7]+):([^:]+):([^:]+)$/.exec(stdout.trim());
  if (match === null)
    throw new HostStateError(`stat ${path} printed ${JSON.stringify(stdout.slice(0, 200))}`);
  const [, type = "", mode = "", owner = "", group = ""] = match;
  const base = { mode: Number.parseInt(mode, 8), owner, group };
  if (type === "regular file" || type === "regular empty file") return { kind: "file", ...base };
  if (type === "directory") return { kind: "directory", ...base };
  return { kind: "other", type };
}

async function readPath(runner: CommandRunner, layout: ConsoleGateLayout, path: string): Promise<PathState> {
  const stat = await runner.run({
    file: "stat",
    args: ["--printf=%F:%a:%U:%G", "--", path],
    okExitCodes: [0, 1],
  });
  if (stat.exitCode !== 0) {
    if (/No such file or directory|Not a directory/.test(stat.stderr)) return { kind: "missing" };
    throw new HostStateError(`cannot stat ${path}: ${stat.stderr.trim()}`);
  }
  const state = parseStat(path, stat.stdout);
  if (state.kind !== "file") return state;
  if (path === layout.program) {
    const sum = await runner.run({ file: "sha256sum", args: ["--", path] });
    return { ...state, sha256: sum.stdout.slice(0, 64) };
  }
  const cat = await runner.run({ file: "cat", args: ["--", path] });
  return { ...state, content: cat.stdout };
}

function parsePasswd(line: string): { uid: number; gid: number; gecos: string; home: string; shell: string } {
  const fields = line.trim().split(":");
  if (fields.length !== 7)
    throw new HostStateError(`getent passwd printed ${JSON.stringify(line.slice(0, 200))}`);
  const [, , uid = "", gid = "", gecos = "", home = "", shell = ""] = fields;
  return { uid: Number(uid), gid: Number(gid), gecos, home, shell };
}

async function readAccount(runner: CommandRunner, user: string): Promise<AccountState> {
  const passwd = await runner.run({ file: "getent", args: ["passwd", user], okExitCodes: [0, 2] });
  if (passwd.exitCode === 2) return { exists: false };
  const entry = parsePasswd(passwd.stdout);
  const shadow = await runner.run({ file: "getent", args: ["shadow", user], okExitCodes: [0, 2] });
  const password = shadow.exitCode === 0 ? (shadow.stdout.split(":")[1] ?? "") : "";
  const ids = await runner.run({ file: "id", args: ["-G", "--", user] });
  const groups = ids.stdout.trim().split(/\s+/).map(Number);
  return { exists: true, ...entry, password, groups };
}

async function listInstalledUsers(runner: CommandRunner, layout: ConsoleGateLayout): Promise<string[]> {
  const listing = await runner.run({
    file: "find",
    args: [
      `${layout.accessDir}/users`,
      "-mindepth",
      "1",
      "-maxdepth",
      "1",
      "-type",
      "f",
      "-name",
      "*.json",
      "-printf",
      "%f\\n",
    ],
    okExitCodes: [0, 1],
  });
  return listing.stdout
    .split("\n")
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .filter((name) => userNameProblem(name) === undefined)
    .sort();
}

/**
 * Reads what the console-gate plans need from a host, through `runner`: the
 * accounts of `users` and of every installed customer (`getent`, `id`), and
 * the owner, mode and content of every path the plans may touch (`stat`,
 * `cat`, `sha256sum`). Read-only.
 *
 * @throws {@link HostStateError} when a tool prints something unexpected
 *
 * @example
 * ```ts
 * const state = await readConsoleHostState(new ExecaRunner(), model.layout, ["alice", "bob"]);
 * const plan = planConsoleInstall(model, state, await readConsoleProgram());
 * ```
 */
export async function readConsoleHostState(
  runner: CommandRunner,
  layout: ConsoleGateLayout,
  users: readonly string[],
): Promise<ConsoleHostState> {
  const installedUsers = await listInstalledUsers(runner, layout);
  const names = [...new Set([...users, ...installedUsers])];
  const accounts = new Map<string, AccountState>();
  for (const name of names) accounts.set(name, await readAccount(runner, name));
  const wanted = [
    ...installDirectories(layout),
    layout.program,
    layout.sshdDropIn,
    manifestPath(layout),
    ...names.flatMap((name) => userPaths(layout, name)),
  ];
  const paths = new Map<string, PathState>();
  for (const path of new Set(wanted)) paths.set(path, await readPath(runner, layout, path));
  for (const path of readManifest(paths.get(manifestPath(layout)) ?? { kind: "missing" })) {
    if (!paths.has(path)) paths.set(path, await readPath(runner, layout, path));
  }
  return { accounts, paths, installedUsers };
}
