import { readlink } from "node:fs/promises";
import { getopt } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import { getoptMessage, quoteName, usageLines } from "../exec/quote.js";
import type { CommandHandler } from "../exec/types.js";
import { findGroup, findUser, readUserDatabase } from "../users/user-database.js";
import { attributesOf, S_IFLNK, statReal } from "./file-owners.js";
import { hostFile, volumeGroupNames } from "./host-file.js";
import { defaultStatFormat, renderStatFormat, type StatSubject } from "./stat-format.js";

/**
 * `stat [-L] [-c FORMAT | --printf=FORMAT] FILE…` on the simulated file
 * system: owners and modes as the simulated dom0 has them (`chown`, `chmod`,
 * `install`), everything else from the real file behind the path. A missing
 * file fails as coreutils 9 does: `stat: cannot statx 'F': No such file or
 * directory`, exit 1.
 *
 * @example
 * ```ts
 * await sim.run({ file: "stat", args: ["--printf=%F:%a:%U:%G", "--", "/etc/sudoers.d"] });
 * // stdout "directory:755:root:root"
 * ```
 */
export const statCommand: CommandHandler = async (context) => {
  const { stderr, stdout } = context.io;
  const parsed = getopt(context.argv.slice(1), "Lc:", {
    dereference: [false, "L"],
    format: [true, "c"],
    printf: [true, "printf"],
  });
  if (parsed.error !== undefined) {
    await emit(stderr, usageLines("stat", getoptMessage("stat", parsed.error).slice("stat: ".length)));
    return { exitCode: 1 };
  }
  if (parsed.operands.length === 0) {
    await emit(stderr, usageLines("stat", "missing operand"));
    return { exitCode: 1 };
  }
  const follow = parsed.options.some((option) => option.name === "L");
  const chosen = parsed.options.findLast((option) => option.name === "c" || option.name === "printf");
  const state = await context.env.store.read();
  const users = await readUserDatabase(context.env.paths);
  const vgs = volumeGroupNames(state);
  let exitCode = 0;
  for (const name of parsed.operands) {
    const target = await hostFile(context, name, vgs);
    if ("refused" in target) return target.refused;
    const stats = await statReal(target.hostPath, follow);
    if (stats === undefined) {
      await emit(stderr, `stat: cannot statx ${quoteName(context.vars, name)}: No such file or directory\n`);
      exitCode = 1;
      continue;
    }
    const attributes = attributesOf(state, stats);
    const subject: StatSubject = {
      name,
      attributes,
      userName: findUser(users, String(attributes.uid))?.name,
      groupName: findGroup(users, String(attributes.gid))?.name,
      ...(attributes.typeBits === S_IFLNK
        ? { linkTarget: context.env.paths.reverseText(await readlink(target.hostPath)) }
        : {}),
    };
    const text =
      chosen === undefined
        ? renderStatFormat(defaultStatFormat(subject), subject, false)
        : chosen.name === "c"
          ? `${renderStatFormat(chosen.value ?? "", subject, false)}\n`
          : renderStatFormat(chosen.value ?? "", subject, true);
    await emit(stdout, text);
  }
  return { exitCode };
};
