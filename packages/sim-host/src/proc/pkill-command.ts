import { getopt } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import { resolveUid } from "../fs/owner-spec.js";
import { readUserDatabase } from "../users/user-database.js";

/**
 * `pkill [--signal SIG] --uid USER…` on the simulated dom0, whose processes
 * (blkback threads, qemu) are all root's: a customer has none, so pkill
 * finds nothing and exits 1, as procps does; an unknown user fails with
 * `pkill: invalid user name: x`, exit 2. Killing root's processes, or by
 * name pattern, is not simulated (exit 127).
 *
 * @example
 * ```ts
 * await sim.run({ file: "pkill", args: ["--signal", "KILL", "--uid", "alice"], okExitCodes: [0, 1] });
 * ```
 */
export const pkillCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "u:U:", {
    signal: [true, "signal"],
    euid: [true, "u"],
    uid: [true, "U"],
  });
  const ids = parsed.options.filter((option) => option.name === "u" || option.name === "U");
  if (parsed.error !== undefined || parsed.operands.length > 0 || ids.length === 0) {
    await emit(context.io.stderr, `sim-host: ${context.argv.join(" ")}: not simulated\n`);
    return { exitCode: 127 };
  }
  const users = await readUserDatabase(context.env.paths);
  const uids: number[] = [];
  for (const option of ids) {
    for (const name of (option.value ?? "").split(",")) {
      const uid = resolveUid(users, name);
      if (uid === undefined) {
        await emit(context.io.stderr, `pkill: invalid user name: ${name}\n`);
        return { exitCode: 2 };
      }
      uids.push(uid);
    }
  }
  if (uids.includes(0)) {
    await emit(context.io.stderr, `sim-host: ${context.argv.join(" ")}: not simulated (root's processes)\n`);
    return { exitCode: 127 };
  }
  return { exitCode: 1 };
};
