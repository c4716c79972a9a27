import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { getopt } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import { getoptMessage, quoteName, usageLines } from "../exec/quote.js";
import type { CommandContext, CommandHandler } from "../exec/types.js";
import type { SimState } from "../state/model.js";
import { readUserDatabase } from "../users/user-database.js";
import { attributesOf, S_IFDIR, S_IFMT, setAttributes, statReal } from "./file-owners.js";
import { applyMode, compileMode } from "./mode-bits.js";
import { resolveGid, resolveUid } from "./owner-spec.js";

/** What every file and directory install makes gets, unless told otherwise. */
const DEFAULT_MODE = 0o755;

interface InstallRequest {
  readonly uid?: number | undefined;
  readonly gid?: number | undefined;
  readonly fileMode: number;
  readonly dirMode: number;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

function failure(message: string): Outcome {
  return { ok: false, message };
}

function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "No such file or directory";
  if (code === "ENOTDIR") return "Not a directory";
  if (code === "EEXIST") return "File exists";
  if (code === "EISDIR") return "Is a directory";
  return (error as Error).message;
}

async function makeParents(hostDir: string, stop: string): Promise<void> {
  if (hostDir === stop || (await statReal(hostDir, true)) !== undefined) return;
  await makeParents(dirname(hostDir), stop);
  await mkdir(hostDir, { mode: DEFAULT_MODE });
}

async function giveAttributes(
  state: SimState,
  hostPath: string,
  request: InstallRequest,
  mode: number,
): Promise<void> {
  const stats = await statReal(hostPath, true);
  if (stats === undefined) return;
  const current = attributesOf(state, stats);
  await setAttributes(state, hostPath, stats, {
    uid: request.uid ?? current.uid,
    gid: request.gid ?? current.gid,
    mode,
  });
}

async function installDirectory(
  context: CommandContext,
  state: SimState,
  simPath: string,
  request: InstallRequest,
): Promise<Outcome> {
  const hostPath = context.env.paths.resolve(simPath, context.cwd, []).hostPath;
  const existing = await statReal(hostPath, true);
  if (existing !== undefined && (Number(existing.mode) & S_IFMT) !== S_IFDIR)
    return failure(`cannot create directory ${quoteName(context.vars, simPath)}: File exists`);
  try {
    await makeParents(dirname(hostPath), context.env.paths.root);
    if (existing === undefined) await mkdir(hostPath, { mode: DEFAULT_MODE });
  } catch (error) {
    return failure(`cannot create directory ${quoteName(context.vars, simPath)}: ${errnoText(error)}`);
  }
  await giveAttributes(state, hostPath, request, request.dirMode);
  return { ok: true };
}

async function installFile(
  context: CommandContext,
  state: SimState,
  source: string,
  target: string,
  request: InstallRequest,
  makeLeading: boolean,
): Promise<Outcome> {
  const { paths } = context.env;
  const vgs = state.host.volumeGroups.map((vg) => vg.name);
  const from = paths.resolve(source, context.cwd, vgs);
  const to = paths.resolve(target, context.cwd, vgs);
  if (from.kind === "lv" || to.kind !== "file")
    return failure(`${source} -> ${target}: not simulated (logical volumes and devices are written with dd)`);
  let content: Buffer;
  try {
    content = await readFile(from.hostPath);
  } catch (error) {
    return failure(`cannot stat ${quoteName(context.vars, source)}: ${errnoText(error)}`);
  }
  try {
    if (makeLeading) await makeParents(dirname(to.hostPath), paths.root);
    // install unlinks the destination first: a new file (a new inode), never a rewrite in place.
    await rm(to.hostPath, { force: true });
    await writeFile(to.hostPath, content, { mode: 0o600 });
  } catch (error) {
    return failure(`cannot create regular file ${quoteName(context.vars, target)}: ${errnoText(error)}`);
  }
  await giveAttributes(state, to.hostPath, request, request.fileMode);
  return { ok: true };
}

async function isDirectory(context: CommandContext, simPath: string): Promise<boolean> {
  const stats = await statReal(context.env.paths.resolve(simPath, context.cwd, []).hostPath, true);
  return stats !== undefined && (Number(stats.mode) & S_IFMT) === S_IFDIR;
}

/**
 * `install` on the simulated file system: `install -d [-m MODE] [-o OWNER]
 * [-g GROUP] DIR…` (missing parents made 0755) and `install [-D] [-m MODE]
 * [-o OWNER] [-g GROUP] SOURCE… DEST` (`-t DIR`, `-T` too), with owners from
 * the simulated accounts recorded in the state. The default mode is 0755, as
 * GNU install's. Messages and exit codes are coreutils': `install: invalid
 * user 'x'`, `invalid mode '999'`, `cannot create regular file 'F': No such
 * file or directory`, exit 1.
 *
 * @example
 * ```ts
 * await sim.run({ file: "install", args: ["-m", "0440", "-o", "root", "-g", "root", "/dev/null", "/etc/sudoers.d/x"] });
 * ```
 */
export const installCommand: CommandHandler = async (context) => {
  const { stderr } = context.io;
  const parsed = getopt(context.argv.slice(1), "dDm:o:g:t:TCpv", {
    directory: [false, "d"],
    mode: [true, "m"],
    owner: [true, "o"],
    group: [true, "g"],
    "target-directory": [true, "t"],
    "no-target-directory": [false, "T"],
    compare: [false, "C"],
    "preserve-timestamps": [false, "p"],
    verbose: [false, "v"],
  });
  if (parsed.error !== undefined) {
    await emit(
      stderr,
      usageLines("install", getoptMessage("install", parsed.error).slice("install: ".length)),
    );
    return { exitCode: 1 };
  }
  const value = (name: string): string | undefined =>
    parsed.options.findLast((option) => option.name === name)?.value;
  const has = (name: string): boolean => parsed.options.some((option) => option.name === name);
  const users = await readUserDatabase(context.env.paths);
  const owner = value("o");
  const group = value("g");
  const uid = owner === undefined ? undefined : resolveUid(users, owner);
  if (owner !== undefined && uid === undefined) {
    await emit(stderr, `install: invalid user ${quoteName(context.vars, owner)}\n`);
    return { exitCode: 1 };
  }
  const gid = group === undefined ? undefined : resolveGid(users, group);
  if (group !== undefined && gid === undefined) {
    await emit(stderr, `install: invalid group ${quoteName(context.vars, group)}\n`);
    return { exitCode: 1 };
  }
  const modeText = value("m");
  const compiled = modeText === undefined ? undefined : compileMode(modeText);
  if (modeText !== undefined && compiled === undefined) {
    await emit(stderr, `install: invalid mode ${quoteName(context.vars, modeText)}\n`);
    return { exitCode: 1 };
  }
  const request: InstallRequest = {
    uid,
    gid,
    fileMode: compiled === undefined ? DEFAULT_MODE : applyMode(compiled, 0, false, 0),
    dirMode: compiled === undefined ? DEFAULT_MODE : applyMode(compiled, 0, true, 0),
  };
  const operands = parsed.operands;
  const targetDir = value("t");
  if (operands.length === 0) {
    await emit(stderr, usageLines("install", "missing file operand"));
    return { exitCode: 1 };
  }
  let exitCode = 0;
  await context.env.store.update(async (state) => {
    const outcomes: Outcome[] = [];
    if (has("d")) {
      for (const dir of operands) outcomes.push(await installDirectory(context, state, dir, request));
    } else if (targetDir !== undefined) {
      for (const source of operands)
        outcomes.push(
          await installFile(context, state, source, join(targetDir, basename(source)), request, has("D")),
        );
    } else if (operands.length === 1) {
      outcomes.push(
        failure(`missing destination file operand after ${quoteName(context.vars, operands[0] as string)}`),
      );
      exitCode = -1;
    } else {
      const sources = operands.slice(0, -1);
      const dest = operands.at(-1) as string;
      const intoDirectory = !has("T") && (sources.length > 1 || (await isDirectory(context, dest)));
      if (sources.length > 1 && !(await isDirectory(context, dest))) {
        outcomes.push(failure(`target ${quoteName(context.vars, dest)} is not a directory`));
      } else {
        for (const source of sources) {
          const target = intoDirectory ? join(dest, basename(source)) : dest;
          outcomes.push(await installFile(context, state, source, target, request, has("D")));
        }
      }
    }
    for (const outcome of outcomes) {
      if (outcome.ok) continue;
      if (exitCode === -1) await emit(stderr, usageLines("install", outcome.message));
      else await emit(stderr, `install: ${outcome.message}\n`);
      exitCode = 1;
    }
  });
  return { exitCode };
};
