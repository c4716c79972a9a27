import type { BigIntStats } from "node:fs";
import { emit } from "../exec/io.js";
import { quoteName } from "../exec/quote.js";
import type { CommandContext } from "../exec/types.js";
import type { SimState } from "../state/model.js";
import { attributesOf, setAttributes, statReal, type FileAttributes } from "./file-owners.js";
import { descendants } from "./file-walk.js";
import { hostFile, volumeGroupNames } from "./host-file.js";

/** How `chmod` / `chown` walk their file operands. */
export interface AttributeWalk {
  /** The program, for messages (`chmod: cannot access …`). */
  readonly program: string;
  readonly files: readonly string[];
  /** Follow a symbolic link given as an operand (chown without -h; chmod always). */
  readonly follow: boolean;
  /** `-R`: every file below each directory operand too. */
  readonly recursive: boolean;
  /** `-f`: no message for a missing file (the exit code still says so). */
  readonly quiet: boolean;
}

/**
 * The shared part of `chmod` and `chown` on the simulated file system: for
 * each operand (and with -R everything below it), the attributes the sim
 * records now, replaced by what `change` returns (undefined leaves a file
 * alone). Missing files get coreutils' message and exit 1; paths the sim
 * refuses exit 127.
 *
 * @returns the exit code.
 * @example
 * ```ts
 * await changeAttributes(context, walk, (current) => ({ ...current, mode: 0o440 }));
 * ```
 */
export async function changeAttributes(
  context: CommandContext,
  walk: AttributeWalk,
  change: (
    current: FileAttributes,
    stats: BigIntStats,
  ) => Pick<FileAttributes, "uid" | "gid" | "mode"> | undefined,
): Promise<number> {
  let exitCode = 0;
  await context.env.store.update(async (state: SimState) => {
    const vgs = volumeGroupNames(state);
    for (const file of walk.files) {
      const target = await hostFile(context, file, vgs);
      if ("refused" in target) {
        exitCode = 127;
        continue;
      }
      const top = await statReal(target.hostPath, walk.follow);
      if (top === undefined) {
        if (!walk.quiet)
          await emit(
            context.io.stderr,
            `${walk.program}: cannot access ${quoteName(context.vars, file)}: No such file or directory\n`,
          );
        exitCode = exitCode || 1;
        continue;
      }
      const all = [target.hostPath, ...(walk.recursive ? await descendants(target.hostPath) : [])];
      for (const path of all) {
        const stats = path === target.hostPath ? top : await statReal(path, false);
        if (stats === undefined) continue;
        const next = change(attributesOf(state, stats), stats);
        if (next !== undefined) await setAttributes(state, path, stats, next);
      }
    }
  });
  return exitCode;
}
