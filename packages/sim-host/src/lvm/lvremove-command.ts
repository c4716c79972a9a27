import { rm } from "node:fs/promises";
import { pruneOpeners } from "../data/lv-access.js";
import { getopt, hasOption } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import type { CommandContext, CommandHandler } from "../exec/types.js";
import { parseLvName } from "../fs/lv-path.js";
import type { SimLogicalVolume, SimState } from "../state/model.js";
import { isLvOpen } from "./lv-attr.js";

/** Reads one answer line from stdin; EOF answers "n" as LVM does. */
async function readAnswer(context: CommandContext): Promise<string> {
  const input = context.io.stdin;
  if (input === null) return "n";
  let text = "";
  for await (const chunk of input) {
    text += Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk);
    if (text.includes("\n")) break;
  }
  return text.trim().toLowerCase();
}

function targets(state: SimState, operands: readonly string[]): { lvs: SimLogicalVolume[]; errors: string } {
  const vgs = state.host.volumeGroups.map((vg) => vg.name);
  const lvs: SimLogicalVolume[] = [];
  let errors = "";
  for (const operand of operands) {
    const trimmed = operand.replace(/\/+$/, "");
    if (vgs.includes(trimmed)) {
      lvs.push(...state.logicalVolumes.filter((lv) => lv.vg === trimmed));
      continue;
    }
    const ref = parseLvName(trimmed, vgs);
    if (ref === undefined) {
      const vg = trimmed.replace(/^\/dev\//, "").split("/")[0] ?? trimmed;
      errors += `  Volume group "${vg}" not found\n  Cannot process volume group ${vg}\n`;
      continue;
    }
    const lv = state.logicalVolumes.find((each) => each.vg === ref.vg && each.name === ref.name);
    if (lv === undefined) errors += `  Failed to find logical volume "${ref.vg}/${ref.name}"\n`;
    else lvs.push(lv);
  }
  return { lvs, errors };
}

/**
 * `lvremove [-f] [-y] VG/LV|/dev/VG/LV|VG …`: refuses an LV in use (a running
 * guest's disk, a data command reading it); without -f/-y asks on stdin (no
 * answer is "no"); removing an origin removes its snapshots.
 */
export const lvremoveCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "fyvqA:", {
    force: [false, "f"],
    yes: [false, "y"],
    verbose: [false, "v"],
    quiet: [false, "q"],
    noudevsync: [false, "noudevsync"],
    autobackup: [true, "A"],
  });
  if (parsed.error !== undefined) {
    await emit(
      context.io.stderr,
      `  lvremove: unrecognized option '${parsed.error.option}'\n  Error during parsing of command line.\n`,
    );
    return { exitCode: 3 };
  }
  if (parsed.operands.length === 0) {
    await emit(context.io.stderr, "  No LV specified.\n  Run `lvremove --help' for more information.\n");
    return { exitCode: 3 };
  }
  const force = hasOption(parsed, "f") || hasOption(parsed, "y");
  const initial = await context.env.store.read();
  const { lvs: chosen, errors } = targets(initial, parsed.operands);
  let out = "";
  let err = errors;
  let exitCode = errors === "" ? 0 : 5;
  for (const lv of chosen) {
    const label = `${lv.vg}/${lv.name}`;
    const snapshots = initial.logicalVolumes.filter(
      (other) => other.vg === lv.vg && other.origin === lv.name,
    );
    if (!force) {
      const question =
        snapshots.length > 0
          ? `Removing origin ${lv.name} will also remove ${String(snapshots.length)} snapshots(s). Proceed? [y/n]: `
          : `Do you really want to remove active logical volume ${label}? [y/n]: `;
      await emit(context.io.stdout, out + question);
      out = "";
      const answer = await readAnswer(context);
      if (answer !== "y" && answer !== "yes") {
        err += `  Logical volume ${label} not removed.\n`;
        exitCode = 5;
        continue;
      }
    }
    const removed = await context.env.store.update(async (state) => {
      pruneOpeners(state);
      const live = state.logicalVolumes.find((each) => each.vg === lv.vg && each.name === lv.name);
      if (live === undefined) return { error: `  Failed to find logical volume "${label}"\n` };
      const dependants = state.logicalVolumes.filter(
        (other) => other.vg === lv.vg && other.origin === lv.name,
      );
      const busy = [live, ...dependants].find((each) => isLvOpen(state, each));
      if (busy !== undefined) return { error: `  Logical volume ${busy.vg}/${busy.name} in use.\n` };
      const names = [...dependants.map((each) => each.name), live.name];
      state.logicalVolumes = state.logicalVolumes.filter(
        (each) => !(each.vg === lv.vg && names.includes(each.name)),
      );
      for (const name of names) await rm(context.env.paths.lvFile(lv.vg, name), { force: true });
      return { names };
    });
    if ("error" in removed) {
      err += removed.error;
      exitCode = 5;
      continue;
    }
    for (const name of removed.names) out += `  Logical volume "${name}" successfully removed.\n`;
  }
  await emit(context.io.stdout, out);
  await emit(context.io.stderr, err);
  return { exitCode };
};
