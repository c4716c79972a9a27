import { action, step, type Step } from "@dom0kit/runner";
import { ConsoleUserConflictError, HostStateError } from "./errors.js";
import { MANAGED_ACCOUNT_MARKER, type AccountState } from "./host-state.js";
import { homeOf, type ConsoleGateLayout } from "./layout.js";

/**
 * True when `account` is one the console gate created (its GECOS field is
 * {@link MANAGED_ACCOUNT_MARKER}) — the only kind the plans change or remove.
 *
 * @example
 * ```ts
 * isManagedAccount(state.accounts.get("alice")!); // true after install
 * ```
 */
export function isManagedAccount(account: AccountState): boolean {
  return account.exists && account.gecos === MANAGED_ACCOUNT_MARKER && account.uid !== 0;
}

/**
 * Steps that make `user` a console customer account: created when missing —
 * with its own group, no home created (the plan makes a root-owned one), the
 * login shell the forced command runs under, and the password field `*` (no
 * password can match, yet the account is not "locked", which sshd without PAM
 * would refuse even for keys) — or corrected when an earlier install drifted
 * (shell, home, a password set, extra groups). An existing account that the
 * console gate did not create is never touched.
 *
 * @throws {@link ConsoleUserConflictError} when `user` exists and is not a console-gate account
 *
 * @example
 * ```ts
 * accountSteps("alice", DEFAULT_LAYOUT, { exists: false });
 * // [step("create the account alice", ["useradd", "--comment", "dom0kit console customer", …])]
 * ```
 */
export function accountSteps(user: string, layout: ConsoleGateLayout, account: AccountState): Step[] {
  const home = homeOf(layout, user);
  if (!account.exists) {
    return [
      step(
        `create the account ${user}`,
        [
          "useradd",
          "--comment",
          MANAGED_ACCOUNT_MARKER,
          "--home-dir",
          home,
          "--no-create-home",
          "--shell",
          layout.shell,
          "--user-group",
          "--password",
          "*",
          "--",
          user,
        ],
        { undo: action(`remove the account ${user}`, ["userdel", "--", user]) },
      ),
    ];
  }
  if (!isManagedAccount(account)) {
    throw new ConsoleUserConflictError(
      user,
      `an account with this name exists and was not created by dom0kit (GECOS ${JSON.stringify(account.gecos)}); choose another name`,
    );
  }
  const steps: Step[] = [];
  if (account.shell !== layout.shell) {
    steps.push(
      step(`set ${user}'s login shell to ${layout.shell}`, ["usermod", "--shell", layout.shell, "--", user]),
    );
  }
  if (account.home !== home) {
    steps.push(step(`set ${user}'s home directory to ${home}`, ["usermod", "--home", home, "--", user]));
  }
  if (account.password !== "*") {
    steps.push(step(`remove any password of ${user}`, ["usermod", "--password", "*", "--", user]));
  }
  if (account.groups.some((group) => group !== account.gid)) {
    steps.push(step(`remove ${user} from every other group`, ["usermod", "--groups", "", "--", user]));
  }
  return steps;
}

/**
 * The state of `user`'s account, which must have been read.
 *
 * @throws {@link HostStateError} when it was not
 */
export function accountOf(accounts: ReadonlyMap<string, AccountState>, user: string): AccountState {
  const account = accounts.get(user);
  if (account === undefined) throw new HostStateError(`the host state does not include the account ${user}`);
  return account;
}
