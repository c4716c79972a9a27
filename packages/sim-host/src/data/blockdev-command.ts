import { stat } from "node:fs/promises";
import { emit } from "../exec/io.js";
import { deviceBytes } from "./lv-access.js";
import type { CommandHandler } from "../exec/types.js";

const QUERIES = new Set([
  "--getsize64",
  "--getsz",
  "--getss",
  "--getpbsz",
  "--getbsz",
  "--getro",
  "--getsize",
]);

/**
 * `blockdev --getsize64|--getsz|--getss|--getbsz|--getro DEVICE`: answers for
 * simulated logical volumes; other paths fail as they do for a regular file.
 */
export const blockdevCommand: CommandHandler = async (context) => {
  const args = context.argv.slice(1).filter((arg) => arg !== "-q" && arg !== "-v");
  const queries = args.filter((arg) => arg.startsWith("--"));
  const devices = args.filter((arg) => !arg.startsWith("--"));
  const unknown = queries.find((query) => !QUERIES.has(query));
  if (unknown !== undefined || queries.length === 0 || devices.length === 0) {
    await emit(context.io.stderr, `sim-host: blockdev ${args.join(" ")}: not simulated\n`);
    return { exitCode: 127 };
  }
  const state = await context.env.store.read();
  const vgs = state.host.volumeGroups.map((vg) => vg.name);
  let out = "";
  for (const device of devices) {
    const resolved = context.env.paths.resolve(device, context.cwd, vgs);
    const lv =
      resolved.kind === "lv"
        ? state.logicalVolumes.find((each) => each.vg === resolved.lv.vg && each.name === resolved.lv.name)
        : undefined;
    if (lv === undefined) {
      const exists = await stat(resolved.hostPath).then(
        () => true,
        () => false,
      );
      await emit(context.io.stdout, out);
      await emit(
        context.io.stderr,
        exists
          ? `blockdev: ioctl error on BLKGETSIZE64: Inappropriate ioctl for device\n`
          : `blockdev: cannot open ${device}: No such file or directory\n`,
      );
      return { exitCode: 1 };
    }
    const bytes = deviceBytes(state, lv);
    for (const query of queries) {
      const value = {
        "--getsize64": bytes,
        "--getsz": bytes / 512,
        "--getsize": bytes / 512,
        "--getss": 512,
        "--getpbsz": 512,
        "--getbsz": 4096,
        "--getro": 0,
      }[query];
      out += `${String(value)}\n`;
    }
  }
  await emit(context.io.stdout, out);
  return { exitCode: 0 };
};
