import { getopt } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import { getoptMessage, quoteName, usageLines } from "../exec/quote.js";
import type { CommandHandler } from "../exec/types.js";
import { changeAttributes } from "./change-attributes.js";
import { S_IFDIR, S_IFLNK, S_IFMT } from "./file-owners.js";
import { applyMode, compileMode } from "./mode-bits.js";

/** A mode written like an option (`chmod -w FILE`): GNU chmod takes it as the mode. */
const MODE_LIKE_OPTION = /^-[rwxXst]+$/;

/**
 * `chmod [-R] [-f] MODE FILE…` on the simulated file system, with GNU
 * chmod's octal and symbolic modes (`0440`, `u+x,go-w`, `-w`); the mode is
 * recorded in the state, the real file keeps read and write for its real
 * owner. Messages and exit codes are coreutils': `chmod: invalid mode:
 * '0999'` (plus the usage hint), `cannot access 'F': No such file or
 * directory`, exit 1.
 *
 * @example
 * ```ts
 * await sim.run({ file: "chmod", args: ["0440", "--", "/etc/sudoers.d/dom0kit-console-alice"] });
 * ```
 */
export const chmodCommand: CommandHandler = async (context) => {
  const { stderr } = context.io;
  const args = context.argv.slice(1);
  const dashed = args.findIndex((arg) => MODE_LIKE_OPTION.test(arg));
  const optionArgs = dashed < 0 ? args : args.filter((_, index) => index !== dashed);
  const parsed = getopt(optionArgs, "Rfv", {
    recursive: [false, "R"],
    silent: [false, "f"],
    quiet: [false, "f"],
    verbose: [false, "v"],
  });
  if (parsed.error !== undefined) {
    await emit(stderr, usageLines("chmod", getoptMessage("chmod", parsed.error).slice("chmod: ".length)));
    return { exitCode: 1 };
  }
  const has = (name: string): boolean => parsed.options.some((option) => option.name === name);
  const operands = dashed < 0 ? parsed.operands : [args[dashed] as string, ...parsed.operands];
  const [modeText, ...files] = operands;
  if (modeText === undefined || files.length === 0) {
    const message =
      modeText === undefined
        ? "missing operand"
        : `missing operand after ${quoteName(context.vars, modeText)}`;
    await emit(stderr, usageLines("chmod", message));
    return { exitCode: 1 };
  }
  const mode = compileMode(modeText);
  if (mode === undefined) {
    await emit(stderr, usageLines("chmod", `invalid mode: ${quoteName(context.vars, modeText)}`));
    return { exitCode: 1 };
  }
  const exitCode = await changeAttributes(
    context,
    { program: "chmod", files, follow: true, recursive: has("R"), quiet: has("f") },
    (current, stats) => {
      const typeBits = Number(stats.mode) & S_IFMT;
      // chmod never changes a symbolic link met while recursing (Linux has no link modes).
      if (typeBits === S_IFLNK) return undefined;
      return {
        uid: current.uid,
        gid: current.gid,
        mode: applyMode(mode, current.mode, typeBits === S_IFDIR),
      };
    },
  );
  return { exitCode };
};
