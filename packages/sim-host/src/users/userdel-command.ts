import { rm } from "node:fs/promises";
import { emit } from "../exec/io.js";
import { getopt } from "../exec/getopt.js";
import type { CommandHandler } from "../exec/types.js";
import { collectOwnerGarbage } from "../fs/file-owners.js";
import { membersOf, readAccountFiles, rowOf, setMembers, writeAccountFiles } from "./account-files.js";
import { SHADOW_EXIT, shadowFail, shadowUsage } from "./shadow-exit.js";

/**
 * `userdel [-r] [-f] USER` on the simulated dom0's account files, as shadow
 * 4.13 with `USERGROUPS_ENAB yes`: the passwd and shadow entries go, the user
 * leaves every group, and the user's own group goes too when no other account
 * has it as primary group (`userdel: group alice not removed because it has
 * other members.` otherwise). `-r` removes the home directory. An unknown user
 * fails with `userdel: user 'x' does not exist`, exit 6.
 *
 * @example
 * ```ts
 * await sim.run({ file: "userdel", args: ["--", "alice"] });
 * ```
 */
export const userdelCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "rf", { remove: [false, "r"], force: [false, "f"] });
  if (parsed.error !== undefined) {
    const { option } = parsed.error;
    const text = option.startsWith("--") ? option : `-${option}`;
    return shadowUsage(context, `unrecognized option '${text}'`);
  }
  if (parsed.operands.length !== 1) return shadowUsage(context, "exactly one LOGIN is needed");
  const name = parsed.operands[0] as string;
  const { paths } = context.env;
  return context.env.store.update(async (state) => {
    const files = await readAccountFiles(paths);
    const passwd = rowOf(files.passwd, name);
    if (passwd === undefined)
      return shadowFail(context, `user '${name}' does not exist`, SHADOW_EXIT.noSuchUserOrGroup);
    files.passwd = files.passwd.filter((row) => row !== passwd);
    files.shadow = files.shadow.filter((row) => row[0] !== name);
    for (const row of [...files.group, ...(files.gshadow ?? [])]) {
      const members = membersOf(row);
      if (members.includes(name))
        setMembers(
          row,
          members.filter((member) => member !== name),
        );
    }
    const own = rowOf(files.group, name);
    if (own !== undefined && own[2] === passwd[3]) {
      if (files.passwd.some((row) => row[3] === own[2])) {
        await emit(context.io.stderr, `userdel: group ${name} not removed because it has other members.\n`);
      } else {
        files.group = files.group.filter((row) => row !== own);
        if (files.gshadow !== undefined) files.gshadow = files.gshadow.filter((row) => row[0] !== name);
      }
    }
    await writeAccountFiles(paths, files);
    if (
      parsed.options.some((option) => option.name === "r") &&
      passwd[5] !== undefined &&
      passwd[5] !== "/"
    ) {
      await rm(paths.resolve(passwd[5], "/", []).hostPath, { recursive: true, force: true });
      await collectOwnerGarbage(state, paths);
    }
    return { exitCode: 0 };
  });
};
