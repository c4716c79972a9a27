import { plan, step, type Plan } from "@dom0kit/runner";
import { PlanBuilder, pathState } from "./plan-builder.js";
import { accountOf, isManagedAccount } from "./account-steps.js";
import { ConsoleUserConflictError } from "./errors.js";
import { ensureFile, removeDirectory, removeFile } from "./file-steps.js";
import { manifestPath, type ConsoleHostState } from "./host-state.js";
import { accessMapPath, authorizedKeysPath, homeOf, sudoersPath, type ConsoleGateLayout } from "./layout.js";
import { readManifest } from "./manifest.js";
import { renderSshdMatchBlock } from "./sshd-match.js";

/** Options of {@link planConsoleUninstall}. */
export interface ConsoleUninstallOptions {
  /** A command that makes sshd reread its configuration, run when the Match block changed. @default none */
  readonly reloadSshd?: readonly [string, ...string[]];
  /** Kill the customers' running sessions so their accounts can be removed. @default true */
  readonly endSessions?: boolean;
}

function removeUserFiles(
  layout: ConsoleGateLayout,
  user: string,
  state: ConsoleHostState,
  builder: PlanBuilder,
): void {
  const home = homeOf(layout, user);
  const files: [string, string][] = [
    [authorizedKeysPath(layout, user), `authorized_keys of ${user}`],
    [sudoersPath(layout, user), `sudoers rules of ${user}`],
    [accessMapPath(layout, user), `console access map of ${user}`],
  ];
  for (const [path, description] of files) {
    builder.add(removeFile(path, description, pathState(state, path), { reversible: false }));
  }
  builder.add(removeDirectory(`${home}/.ssh`, pathState(state, `${home}/.ssh`)));
  builder.add(removeDirectory(home, pathState(state, home)));
}

function updateSshd(
  layout: ConsoleGateLayout,
  remaining: readonly string[],
  state: ConsoleHostState,
  builder: PlanBuilder,
): boolean {
  const current = pathState(state, layout.sshdDropIn);
  if (current.kind === "missing") return false;
  const content = renderSshdMatchBlock(remaining, layout);
  const parts =
    content === ""
      ? removeFile(layout.sshdDropIn, "sshd Match block", current)
      : ensureFile(
          {
            path: layout.sshdDropIn,
            content,
            owner: "root",
            group: "root",
            mode: 0o644,
            description: "sshd Match block for the customers",
          },
          current,
        );
  if (builder.add(parts) === 0) return false;
  builder.add([step("check the whole sshd configuration", [layout.sshd, "-t", "-f", layout.sshdConfig])]);
  return true;
}

function removeShared(layout: ConsoleGateLayout, state: ConsoleHostState, builder: PlanBuilder): void {
  builder.add(
    removeFile(layout.program, "dom0kit-console menu program", pathState(state, layout.program), {
      reversible: false,
    }),
  );
  const manifest = pathState(state, manifestPath(layout));
  const created = readManifest(manifest);
  builder.add(
    removeFile(manifestPath(layout), "console-gate install manifest", manifest, { reversible: false }),
  );
  const deepestFirst = [...created].sort(
    (a, b) => b.split("/").length - a.split("/").length || b.localeCompare(a),
  );
  for (const directory of deepestFirst) {
    builder.add(removeDirectory(directory, pathState(state, directory)));
  }
}

/**
 * Plans removing console access for `users` — exactly what the install added:
 * their authorized_keys, sudoers rules and access map, their `.ssh` and home
 * directories if nothing else is in them, then their sessions (optional) and
 * accounts (with their groups). Removing access is not undone when a later step
 * fails — a half-done uninstall leaves less access, never more, and running it
 * again finishes the job; only the sshd Match block is restored on failure. The sshd Match block is rewritten for the customers who remain; when
 * none remain, the menu program, the manifest and the directories the install
 * created go too. Only accounts the console gate created are touched; a
 * customer who is not installed is skipped.
 *
 * @throws {@link ConsoleUserConflictError} when a name belongs to an account the console gate did not create
 *
 * @example
 * ```ts
 * const state = await readConsoleHostState(runner, layout, ["alice"]);
 * assertPlanSucceeded(await applyPlan(planConsoleUninstall(layout, ["alice"], state), runner));
 * ```
 */
export function planConsoleUninstall(
  layout: ConsoleGateLayout,
  users: readonly string[],
  state: ConsoleHostState,
  options: ConsoleUninstallOptions = {},
): Plan {
  const builder = new PlanBuilder();
  const removing: string[] = [];
  for (const user of users) {
    const account = accountOf(state.accounts, user);
    if (account.exists && !isManagedAccount(account)) {
      throw new ConsoleUserConflictError(
        user,
        "this account was not created by dom0kit's console gate; refusing to remove it",
      );
    }
    removeUserFiles(layout, user, state, builder);
    if (account.exists) removing.push(user);
  }
  const remaining = state.installedUsers.filter((name) => !users.includes(name));
  const sshdChanged = updateSshd(layout, remaining, state, builder);
  if (
    builder.steps.some((each) => each.command.args.some((arg) => arg.startsWith(`${layout.sudoersDir}/`)))
  ) {
    builder.add([step("check the whole sudoers configuration", ["visudo", "-c", "-q"])]);
  }
  for (const user of removing) {
    if (options.endSessions ?? true) {
      builder.add([
        step(`end every process of ${user}`, ["pkill", "--signal", "KILL", "--uid", user], {
          okExitCodes: [0, 1],
        }),
      ]);
    }
    builder.add([
      step(`remove the account ${user} and its group`, ["userdel", "--", user], {
        retry: { attempts: 10, delayMs: 300 },
      }),
    ]);
  }
  if (remaining.length === 0) removeShared(layout, state, builder);
  if (sshdChanged && options.reloadSshd !== undefined) {
    builder.add([step("make sshd reread its configuration", options.reloadSshd)]);
  }
  return plan(`remove console access for ${users.join(", ") || "no users"}`, builder.steps, builder.finally);
}
