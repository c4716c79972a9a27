import { getopt } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import { getoptMessage, quoteName, usageLines } from "../exec/quote.js";
import type { CommandHandler } from "../exec/types.js";
import { readUserDatabase } from "../users/user-database.js";
import { changeAttributes } from "./change-attributes.js";
import { S_IFMT } from "./file-owners.js";
import { parseOwnerSpec } from "./owner-spec.js";

const S_IFREG = 0o100000;

/** The mode a regular file keeps after a change of owner: the kernel drops set-user-ID, and set-group-ID when group-executable. */
function modeAfterChown(typeBits: number, mode: number): number {
  if (typeBits !== S_IFREG) return mode;
  const setGid = (mode & 0o2000) !== 0 && (mode & 0o010) !== 0 ? 0o2000 : 0;
  return mode & ~(0o4000 | setGid);
}

/**
 * `chown [-R] [-f] [-h] OWNER[:GROUP] FILE…` on the simulated file system: the
 * owner and group come from the simulated accounts and are recorded in the
 * state (the real file keeps its real owner). Messages and exit codes are
 * coreutils': `chown: invalid user: 'x'`, `cannot access 'F': No such file or
 * directory`, exit 1.
 *
 * @example
 * ```ts
 * await sim.run({ file: "chown", args: ["root:alice", "--", "/home/alice"] });
 * ```
 */
export const chownCommand: CommandHandler = async (context) => {
  const { stderr } = context.io;
  const parsed = getopt(context.argv.slice(1), "Rfhv", {
    recursive: [false, "R"],
    silent: [false, "f"],
    quiet: [false, "f"],
    "no-dereference": [false, "h"],
    dereference: [false, "dereference"],
    verbose: [false, "v"],
  });
  if (parsed.error !== undefined) {
    await emit(stderr, usageLines("chown", getoptMessage("chown", parsed.error).slice("chown: ".length)));
    return { exitCode: 1 };
  }
  const has = (name: string): boolean => parsed.options.some((option) => option.name === name);
  const [spec, ...files] = parsed.operands;
  if (spec === undefined || files.length === 0) {
    const message =
      spec === undefined ? "missing operand" : `missing operand after ${quoteName(context.vars, spec)}`;
    await emit(stderr, usageLines("chown", message));
    return { exitCode: 1 };
  }
  const users = await readUserDatabase(context.env.paths);
  const change = parseOwnerSpec(users, spec);
  if ("problem" in change) {
    await emit(stderr, `chown: invalid ${change.problem}: ${quoteName(context.vars, spec)}\n`);
    return { exitCode: 1 };
  }
  const follow = !has("h");
  const exitCode = await changeAttributes(
    context,
    { program: "chown", files, follow, recursive: has("R"), quiet: has("f") },
    (current, stats) => ({
      uid: change.uid ?? current.uid,
      gid: change.gid ?? current.gid,
      mode: modeAfterChown(Number(stats.mode) & S_IFMT, current.mode),
    }),
  );
  return { exitCode };
};
