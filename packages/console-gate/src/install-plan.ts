import { plan, step, type Plan } from "@dom0kit/runner";
import { PlanBuilder, pathState } from "./plan-builder.js";
import { renderAccessMap } from "./access-map.js";
import { accountOf, accountSteps, isManagedAccount } from "./account-steps.js";
import { renderAuthorizedKeys } from "./authorized-keys.js";
import type { ConsoleGateModel, ConsoleUser } from "./config.js";
import { HostStateError } from "./errors.js";
import { ensureDirectory, ensureFile, removeFile } from "./file-steps.js";
import { ancestorsOf, installDirectories, manifestPath, type ConsoleHostState } from "./host-state.js";
import { accessMapPath, authorizedKeysPath, homeOf, sudoersPath, type ConsoleGateLayout } from "./layout.js";
import { readManifest, renderManifest } from "./manifest.js";
import { renderSshdMatchBlock } from "./sshd-match.js";
import { renderSudoersFragment } from "./sudoers.js";

/** The menu program to install: the bundled `dom0kit-console.js`. */
export interface ConsoleProgram {
  readonly content: string;
}

/** Options of {@link planConsoleInstall}. */
export interface ConsoleInstallOptions {
  /** A command that makes sshd reread its configuration, run when the Match block changed. @default none */
  readonly reloadSshd?: readonly [string, ...string[]];
  /** Run `dom0kit-console --check` as each changed customer at the end (sudo rules work exactly as generated). @default true */
  readonly verify?: boolean;
}

const ROOT_DIRECTORY = { owner: "root", group: "root", mode: 0o755 };

function programDirectory(layout: ConsoleGateLayout): string {
  return layout.program.slice(0, layout.program.lastIndexOf("/"));
}

/** Existing directories above the access map and the program must be root's alone: the menu trusts what is below. */
function checkExistingAncestors(layout: ConsoleGateLayout, state: ConsoleHostState): void {
  const trusted = new Set([
    ...ancestorsOf(`${layout.accessDir}/users`),
    ...ancestorsOf(programDirectory(layout)),
  ]);
  for (const path of trusted) {
    const current = pathState(state, path);
    if (current.kind !== "directory") continue;
    const sticky = (current.mode & 0o1000) !== 0;
    if (current.owner !== "root" || ((current.mode & 0o022) !== 0 && !sticky)) {
      throw new HostStateError(
        `${path} is owned by ${current.owner} with mode ${current.mode.toString(8)}; the console gate's files must sit in directories only root can change`,
      );
    }
  }
}

function directorySteps(layout: ConsoleGateLayout, state: ConsoleHostState, builder: PlanBuilder): string[] {
  const created: string[] = [];
  const owned = new Set([layout.accessDir, `${layout.accessDir}/users`, programDirectory(layout)]);
  for (const path of installDirectories(layout)) {
    const current = pathState(state, path);
    if (current.kind === "missing") created.push(path);
    if (current.kind === "missing" || owned.has(path))
      builder.add(ensureDirectory(path, ROOT_DIRECTORY, current));
  }
  return created;
}

function userSteps(
  user: ConsoleUser,
  model: ConsoleGateModel,
  state: ConsoleHostState,
  builder: PlanBuilder,
): number {
  const { layout } = model;
  const home = homeOf(layout, user.name);
  const customerDirectory = { owner: "root", group: user.name, mode: 0o750 };
  let count = builder.add(accountSteps(user.name, layout, accountOf(state.accounts, user.name)));
  count += builder.add(ensureDirectory(home, customerDirectory, pathState(state, home)));
  count += builder.add(ensureDirectory(`${home}/.ssh`, customerDirectory, pathState(state, `${home}/.ssh`)));
  const files = [
    {
      path: accessMapPath(layout, user.name),
      content: renderAccessMap(user, model),
      owner: "root",
      group: user.name,
      mode: 0o640,
      description: `console access map of ${user.name}`,
    },
    {
      path: sudoersPath(layout, user.name),
      content: renderSudoersFragment(user, layout),
      owner: "root",
      group: "root",
      mode: 0o440,
      description: `sudoers rules of ${user.name}`,
      validate: (temporary: string) => ["visudo", "-c", "-q", "-f", temporary] as const,
    },
    {
      path: authorizedKeysPath(layout, user.name),
      content: renderAuthorizedKeys(user, layout),
      owner: user.name,
      group: user.name,
      mode: 0o600,
      description: `authorized_keys of ${user.name}`,
    },
  ];
  for (const file of files) count += builder.add(ensureFile(file, pathState(state, file.path)));
  return count;
}

function sshdSteps(model: ConsoleGateModel, state: ConsoleHostState, builder: PlanBuilder): number {
  const { layout } = model;
  const installed = state.installedUsers.filter((name) => {
    const account = state.accounts.get(name);
    return account !== undefined && isManagedAccount(account);
  });
  const users = model.sshdMatchBlock ? [...model.users.map((user) => user.name), ...installed] : [];
  const content = renderSshdMatchBlock(users, layout);
  const current = pathState(state, layout.sshdDropIn);
  const parts =
    content === ""
      ? removeFile(layout.sshdDropIn, "sshd Match block", current)
      : ensureFile(
          {
            path: layout.sshdDropIn,
            content,
            ...ROOT_DIRECTORY,
            mode: 0o644,
            description: "sshd Match block for the customers",
          },
          current,
        );
  const count = builder.add(parts);
  if (count > 0) {
    builder.add([step("check the whole sshd configuration", [layout.sshd, "-t", "-f", layout.sshdConfig])]);
  }
  return count;
}

/**
 * Plans the console gate's installation, diffed against the host's state
 * (from `readConsoleHostState`): directories (missing parents included), the
 * menu program (root-owned, 0755), and for each customer the account, a
 * root-owned home and `.ssh`, the access map (root:customer 0640), sudoers
 * rules (0440, written only after `visudo -cf` accepts them), and
 * authorized_keys (customer-owned, 0600) — each file written atomically. Then
 * the sshd Match block (checked with `sshd -t`), a whole-sudoers check, the
 * manifest of created directories, an optional sshd reload, and
 * `dom0kit-console --check` run as each changed customer. Every step that
 * changes something can be undone; applying an unchanged configuration again
 * gives an empty plan. Customers installed earlier and not in `model` are
 * left as they are.
 *
 * @throws {@link ConsoleUserConflictError} when a name belongs to an account the console gate did not create
 * @throws {@link HostStateError} when a path is a link or other unexpected type, or sits under a directory others can change
 *
 * @example
 * ```ts
 * const model = parseConsoleGateConfig(config);
 * const state = await readConsoleHostState(runner, model.layout, model.users.map((user) => user.name));
 * const install = planConsoleInstall(model, state, await readConsoleProgram());
 * assertPlanSucceeded(await applyPlan(install, runner));
 * ```
 */
export function planConsoleInstall(
  model: ConsoleGateModel,
  state: ConsoleHostState,
  program: ConsoleProgram,
  options: ConsoleInstallOptions = {},
): Plan {
  const { layout } = model;
  checkExistingAncestors(layout, state);
  const builder = new PlanBuilder();
  const created = directorySteps(layout, state, builder);
  builder.add(
    ensureFile(
      {
        path: layout.program,
        content: program.content,
        ...ROOT_DIRECTORY,
        description: "dom0kit-console menu program",
      },
      pathState(state, layout.program),
    ),
  );
  const changedUsers = model.users.filter((user) => userSteps(user, model, state, builder) > 0);
  if (changedUsers.length > 0)
    builder.add([step("check the whole sudoers configuration", ["visudo", "-c", "-q"])]);
  const sshdChanged = sshdSteps(model, state, builder) > 0;
  const previous = readManifest(pathState(state, manifestPath(layout)));
  const manifest = renderManifest([...previous, ...created]);
  builder.add(
    ensureFile(
      {
        path: manifestPath(layout),
        content: manifest,
        ...ROOT_DIRECTORY,
        mode: 0o644,
        description: "console-gate install manifest",
      },
      pathState(state, manifestPath(layout)),
    ),
  );
  if (sshdChanged && options.reloadSshd !== undefined)
    builder.add([step("make sshd reread its configuration", options.reloadSshd)]);
  if (options.verify ?? true) {
    for (const user of changedUsers) {
      builder.add([
        step(`check as ${user.name} that sudo allows exactly the granted xl commands`, [
          "setpriv",
          "--reuid",
          user.name,
          "--regid",
          user.name,
          "--init-groups",
          "--reset-env",
          "--",
          layout.node,
          layout.program,
          "--access-dir",
          layout.accessDir,
          "--check",
        ]),
      ]);
    }
  }
  return plan(
    `install console access for ${model.users.map((user) => user.name).join(", ") || "no users"}`,
    builder.steps,
    builder.finally,
  );
}
