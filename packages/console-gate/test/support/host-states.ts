import { createHash } from "node:crypto";
import { renderAccessMap } from "../../src/access-map.js";
import { renderAuthorizedKeys } from "../../src/authorized-keys.js";
import type { ConsoleGateModel } from "../../src/config.js";
import {
  installDirectories,
  MANAGED_ACCOUNT_MARKER,
  manifestPath,
  userPaths,
  type AccountState,
  type ConsoleHostState,
  type PathState,
} from "../../src/host-state.js";
import { accessMapPath, authorizedKeysPath, homeOf, sudoersPath } from "../../src/layout.js";
import { renderManifest } from "../../src/manifest.js";
import { renderSshdMatchBlock } from "../../src/sshd-match.js";
import { renderSudoersFragment } from "../../src/sudoers.js";

const SYSTEM_DIRECTORIES = new Set(["/etc", "/usr", "/usr/local", "/usr/local/lib", "/home", "/tmp"]);

function directory(owner = "root", group = "root", mode = 0o755): PathState {
  return { kind: "directory", owner, group, mode };
}

function file(content: string, owner: string, group: string, mode: number): PathState {
  return { kind: "file", owner, group, mode, content };
}

/** A Debian host on which nothing of the console gate exists yet. */
export function freshHost(
  model: ConsoleGateModel,
  extraAccounts: Record<string, AccountState> = {},
): ConsoleHostState {
  const { layout } = model;
  const paths = new Map<string, PathState>();
  for (const path of installDirectories(layout)) {
    paths.set(path, SYSTEM_DIRECTORIES.has(path) ? directory() : { kind: "missing" });
  }
  for (const path of [layout.program, layout.sshdDropIn, manifestPath(layout)])
    paths.set(path, { kind: "missing" });
  const accounts = new Map<string, AccountState>(Object.entries(extraAccounts));
  for (const user of model.users) {
    for (const path of userPaths(layout, user.name)) paths.set(path, { kind: "missing" });
    if (!accounts.has(user.name)) accounts.set(user.name, { exists: false });
  }
  return { accounts, paths, installedUsers: [] };
}

/** The account of a customer the console gate created. */
export function managedAccount(model: ConsoleGateModel, name: string, uid = 1500): AccountState {
  return {
    exists: true,
    uid,
    gid: uid,
    gecos: MANAGED_ACCOUNT_MARKER,
    home: homeOf(model.layout, name),
    shell: model.layout.shell,
    password: "*",
    groups: [uid],
  };
}

/** A host exactly as `planConsoleInstall(model, …, program)` leaves it. */
export function installedHost(model: ConsoleGateModel, program: string): ConsoleHostState {
  const { layout } = model;
  const paths = new Map<string, PathState>();
  const created = installDirectories(layout).filter((path) => !SYSTEM_DIRECTORIES.has(path));
  for (const path of installDirectories(layout)) paths.set(path, directory());
  paths.set(layout.program, {
    kind: "file",
    owner: "root",
    group: "root",
    mode: 0o755,
    sha256: createHash("sha256").update(program).digest("hex"),
  });
  const names = model.users.map((user) => user.name);
  paths.set(layout.sshdDropIn, file(renderSshdMatchBlock(names, layout), "root", "root", 0o644));
  paths.set(manifestPath(layout), file(renderManifest(created), "root", "root", 0o644));
  const accounts = new Map<string, AccountState>();
  model.users.forEach((user, index) => {
    const home = homeOf(layout, user.name);
    accounts.set(user.name, managedAccount(model, user.name, 1500 + index));
    paths.set(home, directory("root", user.name, 0o750));
    paths.set(`${home}/.ssh`, directory("root", user.name, 0o750));
    paths.set(accessMapPath(layout, user.name), file(renderAccessMap(user, model), "root", user.name, 0o640));
    paths.set(
      sudoersPath(layout, user.name),
      file(renderSudoersFragment(user, layout), "root", "root", 0o440),
    );
    paths.set(
      authorizedKeysPath(layout, user.name),
      file(renderAuthorizedKeys(user, layout), user.name, user.name, 0o600),
    );
  });
  return { accounts, paths, installedUsers: [...names].sort() };
}

/** `state` with some paths replaced. */
export function withPaths(state: ConsoleHostState, changes: Record<string, PathState>): ConsoleHostState {
  return { ...state, paths: new Map([...state.paths, ...Object.entries(changes)]) };
}

/** `state` with some accounts replaced. */
export function withAccounts(
  state: ConsoleHostState,
  changes: Record<string, AccountState>,
): ConsoleHostState {
  return { ...state, accounts: new Map([...state.accounts, ...Object.entries(changes)]) };
}
