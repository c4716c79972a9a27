import { getopt } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import { resolveGid, resolveUid } from "../fs/owner-spec.js";
import { findUser, readUserDatabase } from "../users/user-database.js";

const ID_OPTIONS = ["reuid", "ruid", "euid", "regid", "rgid", "egid"] as const;

/**
 * `setpriv --reuid USER --regid GROUP [--init-groups|--clear-groups] [--reset-env] -- PROGRAM …`
 * on the simulated dom0: the user and group are resolved in the simulated
 * accounts with util-linux's messages (`setpriv: failed to parse reuid:
 * 'x'`, `uid N not found, --init-groups requires an user that can be found on
 * the system`, exit 1). The simulator has one identity, so it cannot run a
 * program as another user: the command then fails with exit 127 and says so,
 * rather than run it as root and pretend.
 *
 * @example
 * ```ts
 * await sim.run({ file: "setpriv", args: ["--reuid", "alice", "--regid", "alice", "--init-groups", "--", "/usr/bin/id"] });
 * // exit 127: running a program as alice is not simulated
 * ```
 */
export const setprivCommand: CommandHandler = async (context) => {
  const { stderr } = context.io;
  const parsed = getopt(context.argv.slice(1), "+d", {
    reuid: [true, "reuid"],
    ruid: [true, "ruid"],
    euid: [true, "euid"],
    regid: [true, "regid"],
    rgid: [true, "rgid"],
    egid: [true, "egid"],
    "init-groups": [false, "init-groups"],
    "clear-groups": [false, "clear-groups"],
    "keep-groups": [false, "keep-groups"],
    groups: [true, "groups"],
    "reset-env": [false, "reset-env"],
    "no-new-privs": [false, "no-new-privs"],
    nnp: [false, "no-new-privs"],
    dump: [false, "d"],
  });
  if (parsed.error !== undefined || parsed.options.some((option) => option.name === "d")) {
    await emit(stderr, `sim-host: ${context.argv.join(" ")}: not simulated\n`);
    return { exitCode: 127 };
  }
  const users = await readUserDatabase(context.env.paths);
  let uid: number | undefined;
  for (const option of parsed.options) {
    if (!(ID_OPTIONS as readonly string[]).includes(option.name)) continue;
    const value = option.value ?? "";
    const resolved = option.name.endsWith("uid") ? resolveUid(users, value) : resolveGid(users, value);
    if (resolved === undefined) {
      await emit(stderr, `setpriv: failed to parse ${option.name}: '${value}'\n`);
      return { exitCode: 1 };
    }
    if (option.name.endsWith("uid")) uid = resolved;
  }
  const initGroups = parsed.options.some((option) => option.name === "init-groups");
  if (initGroups && uid !== undefined && findUser(users, String(uid)) === undefined) {
    await emit(
      stderr,
      `setpriv: uid ${String(uid)} not found, --init-groups requires an user that can be found on the system\n`,
    );
    return { exitCode: 1 };
  }
  const [program] = parsed.operands;
  if (program === undefined) {
    await emit(stderr, "setpriv: No program specified\nTry 'setpriv --help' for more information.\n");
    return { exitCode: 1 };
  }
  const who = uid === undefined ? "another identity" : (findUser(users, String(uid))?.name ?? String(uid));
  await emit(
    stderr,
    `sim-host: ${context.argv.join(" ")}: not simulated (the simulator cannot run ${program} as ${who})\n`,
  );
  return { exitCode: 127 };
};
