import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { mkdir, stat, truncate } from "node:fs/promises";
import { Transform, type Readable, type Writable } from "node:stream";
import { emit } from "../exec/io.js";
import type { CommandContext, CommandHandler, SimExit } from "../exec/types.js";
import type { LvRef } from "../fs/lv-path.js";
import { collectOwnerGarbage } from "../fs/file-owners.js";
import { closeLvs, deviceBytes, openLvs, recordOriginWrite } from "./lv-access.js";
import { DATA_PROGRAMS, SYSTEM_PATH, type DataProgram } from "./data-programs.js";
import { addDdNocache } from "./dd-page-cache.js";
import { realProgram } from "./real-program.js";
import { translateArgs, type PathUse } from "./translate-args.js";

const KILL_GRACE_MS = 2000;

function refuse(context: CommandContext, reason: string): Promise<SimExit> {
  return emit(context.io.stderr, `sim-host: ${context.argv.join(" ")}: not simulated (${reason})\n`).then(
    () => ({
      exitCode: 127,
    }),
  );
}

/** Checks how the program uses logical volumes; returns a reason to refuse, or undefined. */
function lvUseProblem(
  spec: DataProgram,
  argv: readonly string[],
  uses: readonly PathUse[],
): string | undefined {
  const lvUses = uses.filter((use) => use.resolved.kind === "lv");
  if (lvUses.length === 0) return undefined;
  const first = lvUses[0] as PathUse;
  switch (spec.lvAccess) {
    case "read":
    case "dd":
      return undefined;
    case "none":
      return `${first.simPath} is a simulated logical volume; only dd of= writes to one and ${argv[0] ?? ""} may not use it`;
    case "sources": {
      const last = uses.at(-1);
      return last !== undefined && last.resolved.kind === "lv" && uses.length > 1
        ? `${last.simPath} is a simulated logical volume; write to it with dd of=`
        : undefined;
    }
    case "compress": {
      const toStdout = argv.some(
        (arg) => arg === "-c" || arg === "--stdout" || arg === "-o" || /^-[a-zA-Z0-9]*c/.test(arg),
      );
      return toStdout
        ? undefined
        : `${argv[0] ?? ""} would replace ${first.simPath}; compress a logical volume with -c`;
    }
  }
}

/** dd must not truncate the file behind a block device: add conv=notrunc to `of=` an LV. */
function ddNotrunc(args: string[], uses: readonly PathUse[]): void {
  if (!uses.some((use) => use.operand === "of" && use.resolved.kind === "lv")) return;
  const conv = args.findIndex((arg) => arg.startsWith("conv="));
  if (conv < 0) args.push("conv=notrunc");
  else if (!(args[conv] as string).split(/[=,]/).includes("notrunc"))
    args[conv] = `${args[conv] as string},notrunc`;
}

/** Passes at most `limit` bytes, then calls `onLimit` once. */
function byteLimiter(limit: number, onLimit: () => void): Transform {
  let passed = 0;
  let reached = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (reached) return done();
      const room = limit - passed;
      if (chunk.length >= room) {
        reached = true;
        if (room > 0) this.push(chunk.subarray(0, room));
        passed = limit;
        onLimit();
        return done();
      }
      passed += chunk.length;
      done(null, chunk);
    },
  });
}

/** Rewrites real paths back to simulated ones in each complete line. */
function lineTranslator(translate: (text: string) => string): Transform {
  let pending = "";
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending += chunk.toString("utf8");
      const cut = pending.lastIndexOf("\n");
      if (cut < 0) return done();
      const lines = pending.slice(0, cut + 1);
      pending = pending.slice(cut + 1);
      done(null, translate(lines));
    },
    flush(done) {
      done(null, pending === "" ? undefined : translate(pending));
    },
  });
}

function countBytes(onBytes: (count: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

function pipeInto(source: Readable, target: Writable): Promise<void> {
  return new Promise((resolve) => {
    source.on("data", (chunk: Buffer) => {
      if (!target.write(chunk)) {
        source.pause();
        target.once("drain", () => source.resume());
      }
    });
    source.once("end", () => resolve());
    source.once("error", () => resolve());
    source.once("close", () => resolve());
    // A reader that went away (destroyed its end) will never drain: stop waiting for it.
    target.once("close", () => {
      source.destroy();
      resolve();
    });
  });
}

function invalidSnapshotMessage(program: string, simPath: string): string {
  return program === "dd"
    ? `dd: error reading '${simPath}': Input/output error\n`
    : `${program}: ${simPath}: Input/output error\n`;
}

/**
 * Runs an allow-listed real program (dd, cat, zstd, gzip, sha256sum …) as a
 * local process with simulated paths translated into the state directory, so
 * real bytes flow. Logical volumes are marked open while it runs; reading an
 * invalid snapshot fails with an I/O error; `dd of=` an LV never grows it and
 * fills the origin's snapshots.
 */
export const runDataProgram: CommandHandler = async (context) => {
  const [program = "", ...args] = context.argv;
  const spec = DATA_PROGRAMS[program] as DataProgram;
  const real = realProgram(program);
  if (real === undefined) return refuse(context, `${program} is not installed on this machine`);
  const state = await context.env.store.read();
  const vgs = state.host.volumeGroups.map((vg) => vg.name);
  const refused = args.find((arg) => spec.refusedArgs?.includes(arg) === true);
  if (refused !== undefined) return refuse(context, `${program} ${refused} is not allowed`);
  if (spec.readsOwners?.(args) === true)
    return refuse(context, `owners and modes are simulated: ask stat -c '%U:%G %a' instead`);
  const translated = translateArgs(context.env.paths, program, spec, args, context.cwd, vgs);
  const problem = lvUseProblem(spec, context.argv, translated.paths);
  if (problem !== undefined) return refuse(context, problem);
  if (program === "dd") {
    ddNotrunc(translated.args, translated.paths);
    addDdNocache(translated.args, translated.paths);
  }

  // A shell's working directory always exists; the simulated dom0 gets the same one.
  const hostCwd = context.env.paths.resolve(context.cwd, "/", vgs).hostPath;
  const cwdProblem = await mkdir(hostCwd, { recursive: true }).then(
    () => undefined,
    (error: NodeJS.ErrnoException) => error.code ?? "error",
  );
  if (cwdProblem !== undefined) {
    await emit(
      context.io.stderr,
      `sim-host: ${program}: working directory ${context.cwd} is not usable (${cwdProblem})\n`,
    );
    return { exitCode: 1 };
  }

  const lvRefs: LvRef[] = translated.paths.flatMap((use) =>
    use.resolved.kind === "lv" ? [use.resolved.lv] : [],
  );
  const opened = await openLvs(context.env, lvRefs);
  try {
    const invalid = translated.paths.find(
      (use) =>
        use.resolved.kind === "lv" &&
        use.operand !== "of" &&
        opened.invalid.some(
          (ref) =>
            ref.vg === (use.resolved as { lv: LvRef }).lv.vg &&
            ref.name === (use.resolved as { lv: LvRef }).lv.name,
        ),
    );
    if (invalid !== undefined) {
      await emit(context.io.stderr, invalidSnapshotMessage(program, invalid.simPath));
      return { exitCode: 1 };
    }
    const written = translated.paths.find((use) => use.operand === "of" && use.resolved.kind === "lv");
    const exit = await spawnTranslated(context, real, translated.args, hostCwd, spec, written !== undefined);
    if (spec.deletes === true && state.fileOwners !== undefined)
      await context.env.store.update((current) => collectOwnerGarbage(current, context.env.paths));
    if (written !== undefined && written.resolved.kind === "lv") {
      return await afterLvWrite(context, written, exit.exit, exit.bytesIn, translated.paths);
    }
    return exit.exit;
  } finally {
    await closeLvs(context.env, opened.token);
  }
};

async function afterLvWrite(
  context: CommandContext,
  use: PathUse,
  exit: SimExit,
  bytesIn: number | undefined,
  uses: readonly PathUse[],
): Promise<SimExit> {
  if (use.resolved.kind !== "lv") return exit;
  const ref = use.resolved.lv;
  const hostPath = use.resolved.hostPath;
  let overflowed = false;
  await context.env.store.update(async (state) => {
    const lv = state.logicalVolumes.find((each) => each.vg === ref.vg && each.name === ref.name);
    if (lv === undefined) return;
    const limit = deviceBytes(state, lv);
    const size = await stat(hostPath).then(
      (info) => info.size,
      () => limit,
    );
    if (size > limit) {
      await truncate(hostPath, limit);
      overflowed = true;
    }
    let bytes = bytesIn;
    if (bytes === undefined) {
      const source = uses.find((each) => each.operand === "if");
      bytes =
        source === undefined
          ? undefined
          : await stat(source.resolved.hostPath).then(
              (info) => info.size,
              () => undefined,
            );
    }
    if (bytes !== undefined) recordOriginWrite(state, ref, Math.min(bytes, limit));
  });
  if (overflowed && "exitCode" in exit && exit.exitCode === 0) {
    await emit(context.io.stderr, `dd: error writing '${use.simPath}': No space left on device\n`);
    return { exitCode: 1 };
  }
  return exit;
}

interface SpawnOutcome {
  readonly exit: SimExit;
  /** Bytes fed to the program's stdin, when they passed through the simulator. */
  readonly bytesIn?: number;
}

function spawnTranslated(
  context: CommandContext,
  real: string,
  args: readonly string[],
  cwd: string,
  spec: DataProgram,
  countInput: boolean,
): Promise<SpawnOutcome> {
  const { io, streamCut } = context;
  const wrapped = context.wrappers.flatMap((wrapper) => {
    const path = realProgram(wrapper[0] as string);
    return path === undefined ? [] : [path, ...wrapper.slice(1)];
  });
  const file = wrapped[0] ?? real;
  // Wrapped programs are found on PATH (set to the system directories), so messages name them as a shell would.
  const program = context.argv[0] as string;
  const argv = wrapped.length > 0 ? [...wrapped.slice(1), program, ...args] : [...args];
  const argv0 = wrapped.length > 0 ? (context.wrappers[0]?.[0] as string) : program;
  const translate = (text: string): string => context.env.paths.reverseText(text);
  const pipeStdout = streamCut !== undefined || spec.textOutput === true || io.fds === undefined;
  const useFd = io.fds !== undefined && !countInput;
  const stdin: "pipe" | "ignore" | number =
    useFd && io.fds !== undefined ? io.fds.stdin : io.stdin === null ? "ignore" : "pipe";
  const stdout: "pipe" | number = pipeStdout ? "pipe" : (io.fds?.stdout ?? "pipe");
  const stdio: StdioOptions = [stdin, stdout, "pipe"];
  const child: ChildProcess = spawn(file, argv, {
    argv0,
    cwd,
    env: { ...process.env, ...context.vars, PATH: SYSTEM_PATH },
    stdio,
    detached: true,
  });

  let bytesIn = 0;
  if (child.stdin !== null) {
    // Only now read io.stdin: for the dom0kit-sim executable it is process.stdin, which must not be
    // touched while a child shares descriptor 0 (Node would make it non-blocking).
    const input = io.stdin;
    child.stdin.on("error", () => undefined);
    if (input !== null) {
      const counted = countInput ? input.pipe(countBytes((count) => (bytesIn += count))) : input;
      counted.pipe(child.stdin);
      counted.on("error", () => child.stdin?.destroy());
    } else {
      child.stdin.end();
    }
  }

  const kill = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stopHard = (): void => {
    kill("SIGTERM");
    setTimeout(() => kill("SIGKILL"), KILL_GRACE_MS).unref();
  };
  context.signal.addEventListener("abort", stopHard, { once: true });

  const flows: Promise<void>[] = [];
  if (child.stdout !== null) {
    let source: Readable = child.stdout;
    if (streamCut !== undefined) {
      source = source.pipe(byteLimiter(streamCut.bytes, () => kill("SIGKILL")));
    } else if (spec.textOutput === true) {
      source = source.pipe(lineTranslator(translate));
    }
    flows.push(pipeInto(source, io.stdout));
  }
  if (child.stderr !== null) {
    const source = child.stderr.pipe(lineTranslator(translate));
    if (streamCut === undefined) flows.push(pipeInto(source, io.stderr));
    else source.resume();
  }

  return new Promise((resolve) => {
    child.once("error", (error) => {
      void emit(io.stderr, `sim-host: ${context.argv[0] ?? ""}: ${error.message}\n`).then(() =>
        resolve({ exit: { exitCode: 127 } }),
      );
    });
    child.once("close", (code, signal) => {
      context.signal.removeEventListener("abort", stopHard);
      // Once the command was stopped, nobody reads what is left of its output: do not wait for it,
      // or the logical volumes it opened would stay marked open.
      const drained = context.signal.aborted ? Promise.resolve() : Promise.all(flows);
      void drained.then(async () => {
        if (streamCut !== undefined) {
          await emit(io.stderr, streamCut.stderr);
          resolve({ exit: { exitCode: streamCut.exitCode } });
          return;
        }
        const exit: SimExit = signal !== null ? { signal } : { exitCode: code ?? 1 };
        resolve({ exit, ...(countInput && stdin === "pipe" ? { bytesIn } : {}) });
      });
    });
  });
}
