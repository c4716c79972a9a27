import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { realProgram } from "../data/real-program.js";
import { getopt, hasOption, optionValue } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import type { CommandContext, CommandHandler, SimExit } from "../exec/types.js";
import { parseLvName } from "../fs/lv-path.js";
import type { SimLogicalVolume, SimState } from "../state/model.js";
import { displayLvmSize, parseLvmSize } from "./lvm-size.js";
import { vgFreeBytes } from "./vgs-command.js";

const NAME = /^[a-zA-Z0-9+_.][a-zA-Z0-9+_.-]*$/;
const RESERVED = ["snapshot", "pvmove"];

/** What lvcreate was asked to make, checked against the state. */
interface CreatePlan {
  readonly vg: string;
  readonly name: string;
  readonly sizeBytes: number;
  readonly origin?: SimLogicalVolume;
  readonly rounded: boolean;
  readonly extentBytes: number;
}

async function fail(context: CommandContext, message: string, exitCode = 5): Promise<SimExit> {
  await emit(
    context.io.stderr,
    message
      .split("\n")
      .map((line) => `  ${line}\n`)
      .join(""),
  );
  return { exitCode };
}

/** Checks a plan against the current state; returns LVM's error message or undefined. */
function conflict(state: SimState, plan: CreatePlan): string | undefined {
  if (state.logicalVolumes.some((lv) => lv.vg === plan.vg && lv.name === plan.name)) {
    return `Logical Volume "${plan.name}" already exists in volume group "${plan.vg}"`;
  }
  const free = vgFreeBytes(state, plan.vg);
  if (free < plan.sizeBytes) {
    return `Volume group "${plan.vg}" has insufficient free space (${String(Math.floor(free / plan.extentBytes))} extents): ${String(plan.sizeBytes / plan.extentBytes)} required.`;
  }
  return undefined;
}

/** Copies a sparse file keeping its holes (and sharing blocks where the file system can). */
function copySparse(from: string, to: string): Promise<void> {
  const cp = realProgram("cp");
  if (cp === undefined) return Promise.reject(new Error("cp is not installed"));
  return new Promise((resolve, reject) => {
    const child = spawn(cp, ["--reflink=auto", "--sparse=always", from, to], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(stderr.trim()))));
  });
}

async function createSparse(path: string, size: number): Promise<void> {
  const file = await open(path, "wx", 0o600);
  try {
    await file.truncate(size);
  } finally {
    await file.close();
  }
}

/**
 * `lvcreate -L SIZE -n NAME VG` and `lvcreate -s -L SIZE -n NAME VG/ORIGIN`
 * (also `-l EXTENTS|N%FREE|N%VG|N%ORIGIN`). A new LV is a sparse file; a
 * snapshot is a real copy of its origin taken at creation.
 */
export const lvcreateCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "L:l:n:sya:W:Z:vqAC:i:I:r:", {
    size: [true, "L"],
    extents: [true, "l"],
    name: [true, "n"],
    snapshot: [false, "s"],
    yes: [false, "y"],
    activate: [true, "a"],
    wipesignatures: [true, "W"],
    zero: [true, "Z"],
    verbose: [false, "v"],
    quiet: [false, "q"],
    noudevsync: [false, "noudevsync"],
    autobackup: [true, "A"],
    contiguous: [true, "C"],
  });
  if (parsed.error !== undefined) {
    return fail(
      context,
      `lvcreate: ${parsed.error.kind === "unknown" ? "unrecognized option" : "option requires an argument"} '${parsed.error.option}'\nError during parsing of command line.`,
      3,
    );
  }
  for (const unsupported of ["i", "I", "r"]) {
    if (hasOption(parsed, unsupported))
      return fail(context, `sim-host: lvcreate -${unsupported}: not simulated`, 127);
  }
  const state = await context.env.store.read();
  const vgs = state.host.volumeGroups.map((vg) => vg.name);
  const snapshot = hasOption(parsed, "s");
  const sizeText = optionValue(parsed, "L");
  const extentsText = optionValue(parsed, "l");
  const name = optionValue(parsed, "n");
  const [target, ...extra] = parsed.operands;
  if (extra.length > 0)
    return fail(context, `Too many arguments.\nRun \`lvcreate --help' for more information.`, 3);
  if ((sizeText === undefined) === (extentsText === undefined)) {
    return fail(
      context,
      "Please specify either size or extents (not both).\nRun `lvcreate --help' for more information.",
      3,
    );
  }
  if (target === undefined)
    return fail(
      context,
      "Please provide a volume group name\nRun `lvcreate --help' for more information.",
      3,
    );

  let vgName: string;
  let origin: SimLogicalVolume | undefined;
  if (snapshot) {
    const ref = parseLvName(target.replace(/\/+$/, ""), vgs);
    if (ref === undefined) {
      const vg = target.replace(/^\/dev\//, "").split("/")[0] ?? target;
      return fail(context, `Volume group "${vg}" not found\nCannot process volume group ${vg}`);
    }
    origin = state.logicalVolumes.find((lv) => lv.vg === ref.vg && lv.name === ref.name);
    if (origin === undefined) return fail(context, `Failed to find logical volume "${ref.vg}/${ref.name}"`);
    if (origin.snapshot !== undefined) return fail(context, "Snapshots of snapshots are not supported.");
    vgName = ref.vg;
  } else {
    vgName = target.replace(/^\/dev\//, "").replace(/\/+$/, "");
    if (!vgs.includes(vgName))
      return fail(context, `Volume group "${vgName}" not found\nCannot process volume group ${vgName}`);
  }
  const lvName = name ?? `lvol${String(state.logicalVolumes.filter((lv) => lv.vg === vgName).length)}`;
  if (!NAME.test(lvName)) {
    return fail(
      context,
      `Logical volume name "${lvName}" is invalid.\nRun \`lvcreate --help' for more information.`,
      3,
    );
  }
  if (
    RESERVED.some((word) => lvName.startsWith(word)) ||
    lvName.includes("_mlog") ||
    lvName.includes("_rimage")
  ) {
    return fail(
      context,
      `Names starting "${lvName}" are reserved. Please choose a different LV name.\nRun \`lvcreate --help' for more information.`,
      3,
    );
  }
  const group = state.host.volumeGroups.find((vg) => vg.name === vgName);
  const extentBytes = group?.extentBytes ?? 4 * 1024 * 1024;
  let requested: number;
  if (sizeText !== undefined) {
    const size = parseLvmSize(sizeText);
    if (!size.ok)
      return fail(
        context,
        `${size.message}\nInvalid argument for --size: ${sizeText}\nError during parsing of command line.`,
        3,
      );
    requested = size.bytes;
  } else {
    const match = /^(\d+)(?:%(FREE|VG|ORIGIN|PVS))?$/i.exec(extentsText as string);
    if (match === null)
      return fail(
        context,
        `Invalid argument for --extents: ${extentsText as string}\nError during parsing of command line.`,
        3,
      );
    const count = Number(match[1]);
    const kind = match[2]?.toUpperCase();
    if (kind === undefined) requested = count * extentBytes;
    else {
      const base =
        kind === "FREE"
          ? vgFreeBytes(state, vgName)
          : kind === "ORIGIN"
            ? (origin?.sizeBytes ?? 0)
            : (group?.sizeBytes ?? 0);
      requested = Math.floor((base * count) / 100 / extentBytes) * extentBytes;
    }
  }
  if (requested === 0) return fail(context, "Unable to create new logical volume with no extents.");
  const sizeBytes = Math.ceil(requested / extentBytes) * extentBytes;
  const plan: CreatePlan = {
    vg: vgName,
    name: lvName,
    sizeBytes,
    rounded: sizeBytes !== requested,
    extentBytes,
    ...(origin === undefined ? {} : { origin }),
  };
  const early = conflict(state, plan);
  if (early !== undefined) return fail(context, early);

  const finalPath = context.env.paths.lvFile(vgName, lvName);
  const temporary = join(dirname(finalPath), `.${lvName}.creating-${randomBytes(4).toString("hex")}`);
  await mkdir(dirname(finalPath), { recursive: true });
  try {
    if (origin === undefined) await createSparse(temporary, sizeBytes);
    else await copySparse(context.env.paths.lvFile(origin.vg, origin.name), temporary);
  } catch (error) {
    await rm(temporary, { force: true });
    return fail(
      context,
      `sim-host: lvcreate: could not create the backing file: ${(error as Error).message}`,
      1,
    );
  }
  const late = await context.env.store.update(async (current) => {
    const problem = conflict(current, plan);
    if (problem !== undefined) return problem;
    if (
      origin !== undefined &&
      !current.logicalVolumes.some((lv) => lv.vg === vgName && lv.name === origin.name)
    ) {
      return `Failed to find logical volume "${vgName}/${origin.name}"`;
    }
    await rename(temporary, finalPath);
    current.logicalVolumes.push({
      vg: vgName,
      name: lvName,
      uuid: randomUUID(),
      sizeBytes,
      createdAt: context.env.now(),
      ...(origin === undefined ? {} : { origin: origin.name, snapshot: { fillPercent: 0, invalid: false } }),
    });
    return undefined;
  });
  if (late !== undefined) {
    await rm(temporary, { force: true });
    return fail(context, late);
  }
  let out = "";
  if (plan.rounded)
    out += `  Rounding up size to full physical extent ${displayLvmSize(sizeBytes, "r", true).replace(/([a-z])$/, (unit) => ` ${unit.toUpperCase()}iB`)}\n`;
  out += `  Logical volume "${lvName}" created.\n`;
  await emit(context.io.stdout, out);
  return { exitCode: 0 };
};
