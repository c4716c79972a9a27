import { getopt } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import { utf8Locale } from "../exec/quote.js";
import type { CommandHandler } from "../exec/types.js";
import { findGroup, findUser, groupsOf, readUserDatabase, type UserDatabase } from "./user-database.js";

function groupName(users: UserDatabase, gid: number): string {
  return findGroup(users, String(gid))?.name ?? String(gid);
}

/**
 * `id [-u|-g|-G] [-n] [USER]` over the simulated dom0's account files (the
 * commands themselves run as root). An unknown user fails as coreutils does:
 * `id: ‘USER’: no such user` (straight quotes outside UTF-8 locales), exit 1.
 */
export const idCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "ugGnr", {
    user: [false, "u"],
    group: [false, "g"],
    groups: [false, "G"],
    name: [false, "n"],
    real: [false, "r"],
  });
  if (parsed.error !== undefined || parsed.operands.length > 1) {
    await emit(context.io.stderr, `sim-host: ${context.argv.join(" ")}: not simulated\n`);
    return { exitCode: 127 };
  }
  const has = (flag: string): boolean => parsed.options.some((option) => option.name === flag);
  const users = await readUserDatabase(context.env.paths);
  const key = parsed.operands[0] ?? "root";
  const user =
    findUser(users, key) ?? (key === "root" ? { name: "root", uid: 0, gid: 0, line: "" } : undefined);
  if (user === undefined) {
    const [open, close] = utf8Locale(context.vars) ? ["\u2018", "\u2019"] : ["'", "'"];
    await emit(context.io.stderr, `id: ${open}${key}${close}: no such user\n`);
    return { exitCode: 1 };
  }
  const names = has("n");
  const gids = groupsOf(users, user);
  let line: string;
  if (has("u")) line = names ? user.name : String(user.uid);
  else if (has("g")) line = names ? groupName(users, user.gid) : String(user.gid);
  else if (has("G")) line = gids.map((gid) => (names ? groupName(users, gid) : String(gid))).join(" ");
  else if (names) {
    await emit(context.io.stderr, "id: cannot print only names or real IDs in default format\n");
    return { exitCode: 1 };
  } else {
    const groups = gids.map((gid) => `${String(gid)}(${groupName(users, gid)})`).join(",");
    line = `uid=${String(user.uid)}(${user.name}) gid=${String(user.gid)}(${groupName(users, user.gid)}) groups=${groups}`;
  }
  await emit(context.io.stdout, `${line}\n`);
  return { exitCode: 0 };
};
