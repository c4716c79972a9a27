import { mkdir } from "node:fs/promises";
import { getopt } from "../exec/getopt.js";
import type { CommandHandler } from "../exec/types.js";
import { setAttributes, statReal } from "../fs/file-owners.js";
import {
  daysSinceEpoch,
  readAccountFiles,
  rowOf,
  setMembers,
  membersOf,
  writeAccountFiles,
  type AccountFiles,
} from "./account-files.js";
import { SHADOW_EXIT, shadowFail, shadowUsage } from "./shadow-exit.js";
import { accountNameProblem } from "./user-names.js";

/** UID_MIN … UID_MAX and SYS_UID_MIN … SYS_UID_MAX of Debian's login.defs (the same for groups). */
const NORMAL_IDS = { min: 1000, max: 60000 };
const SYSTEM_IDS = { min: 100, max: 999 };

const LONG_OPTIONS = {
  "base-dir": [true, "b"],
  comment: [true, "c"],
  "home-dir": [true, "d"],
  expiredate: [true, "e"],
  inactive: [true, "f"],
  gid: [true, "g"],
  groups: [true, "G"],
  skel: [true, "k"],
  key: [true, "K"],
  "no-log-init": [false, "l"],
  "create-home": [false, "m"],
  "no-create-home": [false, "M"],
  "no-user-group": [false, "N"],
  "non-unique": [false, "o"],
  password: [true, "p"],
  system: [false, "r"],
  shell: [true, "s"],
  uid: [true, "u"],
  "user-group": [false, "U"],
  badname: [false, "badname"],
} as const;

function usedIds(rows: readonly string[][]): Set<number> {
  return new Set(rows.map((row) => Number(row[2])));
}

/** The next free id as shadow picks it: one above the highest in the range, else the lowest free one (system ids: from the top down). */
function freeId(
  used: ReadonlySet<number>,
  range: { min: number; max: number },
  system: boolean,
): number | undefined {
  if (system) {
    for (let id = range.max; id >= range.min; id -= 1) if (!used.has(id)) return id;
    return undefined;
  }
  const inRange = [...used].filter((id) => id >= range.min && id <= range.max);
  const above = inRange.length === 0 ? range.min : Math.max(...inRange) + 1;
  if (above <= range.max) return above;
  for (let id = range.min; id <= range.max; id += 1) if (!used.has(id)) return id;
  return undefined;
}

function groupIdOf(files: AccountFiles, key: string): number | undefined {
  const row = /^\d+$/.test(key) ? files.group.find((each) => each[2] === key) : rowOf(files.group, key);
  return row === undefined ? undefined : Number(row[2]);
}

/**
 * `useradd` on the simulated dom0's `/etc/passwd`, `/etc/group`,
 * `/etc/shadow` (and `/etc/gshadow` when it exists), as Debian 12's shadow
 * 4.13 with its login.defs: a user group unless `-N` or `-g` (`USERGROUPS_ENAB
 * yes`), the next uid from 1000 (system accounts from 999 down), the group id
 * equal to the uid when free, home `/home/NAME`, shell `/bin/sh`, password
 * `!` unless `-p`. Errors as shadow prints them: `useradd: user 'alice' already
 * exists` (exit 9), `group 'x' does not exist` (6), `invalid user name 'x':
 * use --badname to ignore` (3), `UID 1000 is not unique` (4).
 *
 * @example
 * ```ts
 * await sim.run({ file: "useradd", args: ["--user-group", "--shell", "/bin/sh", "--", "alice"] });
 * ```
 */
export const useraddCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "b:c:d:e:f:g:G:k:K:lmMNop:rs:u:U", LONG_OPTIONS);
  if (parsed.error !== undefined) {
    const { option, kind } = parsed.error;
    const text = option.startsWith("--") ? option : `-${option}`;
    return shadowUsage(
      context,
      kind === "unknown" ? `unrecognized option '${text}'` : `option '${text}' requires an argument`,
    );
  }
  const value = (name: string): string | undefined =>
    parsed.options.findLast((option) => option.name === name)?.value;
  const has = (name: string): boolean => parsed.options.some((option) => option.name === name);
  if (parsed.operands.length !== 1) return shadowUsage(context, "exactly one LOGIN is needed");
  const name = parsed.operands[0] as string;
  if (!has("badname") && accountNameProblem(name) !== undefined)
    return shadowFail(
      context,
      `invalid user name '${name}': use --badname to ignore`,
      SHADOW_EXIT.badArgument,
    );
  const { paths } = context.env;
  return context.env.store.update(async (state) => {
    const files = await readAccountFiles(paths);
    if (rowOf(files.passwd, name) !== undefined)
      return shadowFail(context, `user '${name}' already exists`, SHADOW_EXIT.nameInUse);
    const system = has("r");
    const range = system ? SYSTEM_IDS : NORMAL_IDS;
    const primary = value("g");
    let gid: number | undefined;
    if (primary !== undefined) {
      gid = groupIdOf(files, primary);
      if (gid === undefined)
        return shadowFail(context, `group '${primary}' does not exist`, SHADOW_EXIT.noSuchUserOrGroup);
    }
    const extra = (value("G") ?? "").split(",").filter((group) => group !== "");
    for (const group of extra)
      if (groupIdOf(files, group) === undefined)
        return shadowFail(context, `group '${group}' does not exist`, SHADOW_EXIT.noSuchUserOrGroup);
    const userGroup = primary === undefined && !has("N");
    if (userGroup && rowOf(files.group, name) !== undefined)
      return shadowFail(
        context,
        `group ${name} exists - if you want to add this user to that group, use -g.`,
        SHADOW_EXIT.nameInUse,
      );
    const usedUids = usedIds(files.passwd);
    const uidText = value("u");
    let uid: number | undefined;
    if (uidText !== undefined) {
      if (!/^\d+$/.test(uidText))
        return shadowFail(context, `invalid user ID '${uidText}'`, SHADOW_EXIT.badArgument);
      uid = Number(uidText);
      if (usedUids.has(uid) && !has("o"))
        return shadowFail(context, `UID ${uidText} is not unique`, SHADOW_EXIT.uidInUse);
    } else {
      uid = freeId(usedUids, range, system);
      if (uid === undefined) return shadowFail(context, "can't create user", 1);
    }
    if (userGroup) {
      const usedGids = usedIds(files.group);
      gid = usedGids.has(uid) ? freeId(usedGids, range, system) : uid;
      if (gid === undefined) return shadowFail(context, "can't create group", 1);
      files.group.push([name, "x", String(gid), ""]);
      files.gshadow?.push([name, "!", "", ""]);
    }
    gid ??= 100;
    const home = value("d") ?? `${value("b") ?? "/home"}/${name}`;
    files.passwd.push([name, "x", String(uid), String(gid), value("c") ?? "", home, value("s") ?? "/bin/sh"]);
    files.shadow.push([
      name,
      value("p") ?? "!",
      daysSinceEpoch(context.env.now()),
      "0",
      "99999",
      "7",
      "",
      "",
      "",
    ]);
    for (const group of extra) {
      const row = /^\d+$/.test(group)
        ? files.group.find((each) => each[2] === group)
        : rowOf(files.group, group);
      if (row !== undefined && !membersOf(row).includes(name)) setMembers(row, [...membersOf(row), name]);
    }
    await writeAccountFiles(paths, files);
    if (has("m")) {
      const hostHome = paths.resolve(home, "/", []).hostPath;
      if ((await statReal(hostHome, false)) === undefined) {
        await mkdir(hostHome, { recursive: true });
        const stats = await statReal(hostHome, false);
        if (stats !== undefined) await setAttributes(state, hostHome, stats, { uid, gid, mode: 0o755 });
      }
    }
    return { exitCode: 0 };
  });
};
