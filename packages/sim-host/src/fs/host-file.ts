import { emit } from "../exec/io.js";
import type { CommandContext, SimExit } from "../exec/types.js";

/** A file operand of a simulated command: where it is on the real machine, or how the command was refused. */
export type HostFile = { readonly hostPath: string } | { readonly refused: SimExit };

/**
 * Resolves a file operand of a command the simulator implements on the file
 * system (chown, chmod, install, stat …): the real file behind the simulated
 * path. Logical volumes and real devices are refused with exit 127 — those
 * commands would change or misreport the device.
 *
 * @example
 * ```ts
 * const file = await hostFile(context, "/etc/sudoers.d/x", (await context.env.store.read()).host);
 * ```
 */
export async function hostFile(
  context: CommandContext,
  simPath: string,
  vgs: readonly string[],
): Promise<HostFile> {
  const resolved = context.env.paths.resolve(simPath, context.cwd, vgs);
  if (resolved.kind === "file") return { hostPath: resolved.hostPath };
  const what = resolved.kind === "lv" ? "a simulated logical volume" : "a device";
  await emit(
    context.io.stderr,
    `sim-host: ${context.argv.join(" ")}: not simulated (${simPath} is ${what})\n`,
  );
  return { refused: { exitCode: 127 } };
}

/** The names of the simulated host's volume groups. */
export function volumeGroupNames(state: {
  readonly host: { readonly volumeGroups: readonly { readonly name: string }[] };
}): string[] {
  return state.host.volumeGroups.map((vg) => vg.name);
}
