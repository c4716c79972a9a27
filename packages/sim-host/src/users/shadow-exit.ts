import { emit } from "../exec/io.js";
import type { CommandContext, SimExit } from "../exec/types.js";

/** Exit codes of shadow's useradd, usermod and userdel (their man pages). */
export const SHADOW_EXIT = {
  usage: 2,
  badArgument: 3,
  uidInUse: 4,
  noSuchUserOrGroup: 6,
  nameInUse: 9,
  notSimulated: 127,
} as const;

/** Prints `PROGRAM: message` and exits with `code`, as the shadow tools report errors. */
export async function shadowFail(context: CommandContext, message: string, code: number): Promise<SimExit> {
  await emit(context.io.stderr, `${context.argv[0] ?? ""}: ${message}\n`);
  return { exitCode: code };
}

/** `PROGRAM: unrecognized option …` then the usage line, exit 2. */
export async function shadowUsage(context: CommandContext, problem: string): Promise<SimExit> {
  const program = context.argv[0] ?? "";
  await emit(context.io.stderr, `${program}: ${problem}\nUsage: ${program} [options] LOGIN\n`);
  return { exitCode: SHADOW_EXIT.usage };
}
