import type { CommandHandler } from "../exec/types.js";
import { runDataProgram } from "./run-data-program.js";

const LV_ANSWERS: Readonly<Record<string, boolean>> = {
  "-e": true,
  "-b": true,
  "-r": true,
  "-w": true,
  "-f": false,
  "-d": false,
  "-c": false,
  "-L": false,
  "-h": false,
  "-s": false,
  "-x": false,
  "-p": false,
  "-S": false,
};

/**
 * `test`/`[`: a single file test on a simulated logical volume (`test -b
 * /dev/vg0/lv`) is answered as for a block device; everything else runs the
 * real test with paths translated.
 */
export const testCommand: CommandHandler = async (context) => {
  const args =
    context.argv[0] === "[" && context.argv.at(-1) === "]"
      ? context.argv.slice(1, -1)
      : context.argv.slice(1);
  const negate = args[0] === "!";
  const [operator, path, ...rest] = negate ? args.slice(1) : args;
  if (
    operator !== undefined &&
    path !== undefined &&
    rest.length === 0 &&
    Object.hasOwn(LV_ANSWERS, operator)
  ) {
    const state = await context.env.store.read();
    const resolved = context.env.paths.resolve(
      path,
      context.cwd,
      state.host.volumeGroups.map((vg) => vg.name),
    );
    if (resolved.kind === "lv") {
      const exists = state.logicalVolumes.some(
        (lv) => lv.vg === resolved.lv.vg && lv.name === resolved.lv.name,
      );
      const answer = exists && (LV_ANSWERS[operator] as boolean);
      return { exitCode: answer !== negate ? 0 : 1 };
    }
  }
  return runDataProgram(context);
};
