import { emit } from "../exec/io.js";
import { getopt } from "../exec/getopt.js";
import type { CommandHandler } from "../exec/types.js";
import {
  membersOf,
  readAccountFiles,
  rowOf,
  setMembers,
  writeAccountFiles,
  type AccountFiles,
} from "./account-files.js";
import { SHADOW_EXIT, shadowFail, shadowUsage } from "./shadow-exit.js";

const LONG_OPTIONS = {
  append: [false, "a"],
  comment: [true, "c"],
  home: [true, "d"],
  gid: [true, "g"],
  groups: [true, "G"],
  lock: [false, "L"],
  unlock: [false, "U"],
  password: [true, "p"],
  shell: [true, "s"],
} as const;

function groupRow(files: AccountFiles, key: string): string[] | undefined {
  return /^\d+$/.test(key) ? files.group.find((row) => row[2] === key) : rowOf(files.group, key);
}

/**
 * `usermod` on the simulated dom0's account files, as shadow 4.13: `-c`
 * (GECOS), `-d` (home, not moved), `-g` (primary group), `-G GROUPS` (the
 * supplementary groups exactly — `""` for none — or added to with `-a`),
 * `-s` (shell), `-p` (the shadow password field), `-L`/`-U` (lock and
 * unlock with `!`). Errors as shadow prints them: `usermod: user 'x' does not
 * exist` and `group 'x' does not exist` (exit 6); no option prints `usermod:
 * no changes` and succeeds. Other options are not simulated (exit 127).
 *
 * @example
 * ```ts
 * await sim.run({ file: "usermod", args: ["--groups", "", "--", "alice"] });
 * ```
 */
export const usermodCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "ac:d:g:G:LUp:s:", LONG_OPTIONS);
  if (parsed.error !== undefined) {
    const { option, kind } = parsed.error;
    const text = option.startsWith("--") ? option : `-${option}`;
    if (kind === "unknown" && "uloemfZvVwWR".includes(option.replace(/^-+/, "")[0] ?? "-")) {
      await emit(context.io.stderr, `sim-host: ${context.argv.join(" ")}: not simulated\n`);
      return { exitCode: SHADOW_EXIT.notSimulated };
    }
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
  const { paths } = context.env;
  return context.env.store.update(async () => {
    const files = await readAccountFiles(paths);
    const passwd = rowOf(files.passwd, name);
    if (passwd === undefined)
      return shadowFail(context, `user '${name}' does not exist`, SHADOW_EXIT.noSuchUserOrGroup);
    if (parsed.options.length === 0) {
      await emit(context.io.stdout, "usermod: no changes\n");
      return { exitCode: 0 };
    }
    const primary = value("g");
    if (primary !== undefined) {
      const row = groupRow(files, primary);
      if (row === undefined)
        return shadowFail(context, `group '${primary}' does not exist`, SHADOW_EXIT.noSuchUserOrGroup);
      passwd[3] = row[2] ?? "";
    }
    const groups = value("G");
    if (groups !== undefined) {
      const wanted: string[][] = [];
      for (const key of groups.split(",").filter((group) => group !== "")) {
        const row = groupRow(files, key);
        if (row === undefined)
          return shadowFail(context, `group '${key}' does not exist`, SHADOW_EXIT.noSuchUserOrGroup);
        wanted.push(row);
      }
      for (const row of files.group) {
        const members = membersOf(row);
        const keep = wanted.includes(row) || (has("a") && members.includes(name));
        if (keep && !members.includes(name)) setMembers(row, [...members, name]);
        if (!keep && members.includes(name))
          setMembers(
            row,
            members.filter((member) => member !== name),
          );
      }
    }
    const comment = value("c");
    if (comment !== undefined) passwd[4] = comment;
    const home = value("d");
    if (home !== undefined) passwd[5] = home;
    const shell = value("s");
    if (shell !== undefined) passwd[6] = shell;
    const shadow = rowOf(files.shadow, name);
    const password = value("p");
    if (shadow !== undefined) {
      if (password !== undefined) shadow[1] = password;
      if (has("L") && !(shadow[1] ?? "").startsWith("!")) shadow[1] = `!${shadow[1] ?? ""}`;
      if (has("U") && (shadow[1] ?? "").startsWith("!")) shadow[1] = (shadow[1] ?? "").slice(1);
    }
    await writeAccountFiles(paths, files);
    return { exitCode: 0 };
  });
};
