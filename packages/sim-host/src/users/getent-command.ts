import { emit } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import { findGroup, findUser, readUserDatabase } from "./user-database.js";

/**
 * `getent passwd|group|shadow [KEY…]` over the simulated dom0's account
 * files, with getent's exit codes: 0 found, 1 unknown database, 2 a key not
 * found. Other databases fail with exit 127 (not simulated).
 */
export const getentCommand: CommandHandler = async (context) => {
  const [database, ...keys] = context.argv.slice(1);
  if (database === undefined || database.startsWith("-")) {
    await emit(context.io.stderr, `sim-host: ${context.argv.join(" ")}: not simulated\n`);
    return { exitCode: 127 };
  }
  if (!["passwd", "group", "shadow"].includes(database)) {
    const known = [
      "ahosts",
      "hosts",
      "networks",
      "protocols",
      "services",
      "aliases",
      "ethers",
      "gshadow",
      "initgroups",
      "netgroup",
      "rpc",
    ];
    await emit(
      context.io.stderr,
      known.includes(database)
        ? `sim-host: getent ${database}: not simulated\n`
        : `Unknown database: ${database}\nTry \`getent --help' or \`getent --usage' for more information.\n`,
    );
    return { exitCode: known.includes(database) ? 127 : 1 };
  }
  const users = await readUserDatabase(context.env.paths);
  const all =
    database === "passwd"
      ? users.passwd.map((entry) => entry.line)
      : database === "group"
        ? users.group.map((entry) => entry.line)
        : [...users.shadow.values()];
  if (keys.length === 0) {
    await emit(context.io.stdout, all.map((line) => `${line}\n`).join(""));
    return { exitCode: 0 };
  }
  let out = "";
  let missing = false;
  for (const key of keys) {
    const line =
      database === "passwd"
        ? findUser(users, key)?.line
        : database === "group"
          ? findGroup(users, key)?.line
          : users.shadow.get(key);
    if (line === undefined) missing = true;
    else out += `${line}\n`;
  }
  await emit(context.io.stdout, out);
  return { exitCode: missing ? 2 : 0 };
};
