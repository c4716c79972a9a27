import { readFile } from "node:fs/promises";
import { posix } from "node:path";
import { realProgram } from "../data/real-program.js";
import { getopt } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import type { CommandContext, CommandHandler } from "../exec/types.js";
import { attributesOf, statReal } from "../fs/file-owners.js";
import { rewritePaths, writeConfigCopy } from "./config-copy.js";
import { runRealCheck, type RealCheckResult } from "./run-real-check.js";

const SUDOERS = "/etc/sudoers";
const INCLUDE = /^(\s*[@#]include(?:dir)?\s+)("[^"]*"|\S+)/gm;

async function notSimulated(context: CommandContext, why: string): Promise<{ exitCode: number }> {
  await emit(context.io.stderr, `sim-host: ${context.argv.join(" ")}: not simulated (${why})\n`);
  return { exitCode: 127 };
}

/** Runs the real `visudo -c -f` on the file behind `simPath`, its includes moved into the simulated root. */
async function checkReal(
  context: CommandContext,
  visudo: string,
  simPath: string,
  strict: boolean,
): Promise<RealCheckResult> {
  const { paths } = context.env;
  const hostPath = paths.resolve(simPath, context.cwd, []).hostPath;
  const text = await readFile(hostPath, "utf8").catch(() => undefined);
  const flags = ["-c", ...(strict ? ["-s"] : []), "-f"];
  INCLUDE.lastIndex = 0;
  if (text === undefined || !INCLUDE.test(text))
    return runRealCheck(context, visudo, [...flags, hostPath], []);
  const absolute = posix.resolve(context.cwd, simPath);
  const copy = await writeConfigCopy(
    paths,
    "sudoers",
    rewritePaths(text, INCLUDE, paths, posix.dirname(absolute)),
  );
  try {
    return await runRealCheck(context, visudo, [...flags, copy.hostPath], [[copy.hostPath, simPath]]);
  } finally {
    await copy.remove();
  }
}

/** visudo's own check of every parsed file: root:root and mode 0440 (skipped with -f, as visudo does). */
async function ownerProblems(context: CommandContext, files: readonly string[]): Promise<string[]> {
  const state = await context.env.store.read();
  const problems: string[] = [];
  for (const file of files) {
    const stats = await statReal(context.env.paths.resolve(file, context.cwd, []).hostPath, true);
    if (stats === undefined) continue;
    const attributes = attributesOf(state, stats);
    if (attributes.uid !== 0 || attributes.gid !== 0)
      problems.push(`${file}: wrong owner (uid, gid) should be (0, 0)\n`);
    if (attributes.mode !== 0o440) problems.push(`${file}: bad permissions, should be mode 0440\n`);
  }
  return problems;
}

/**
 * `visudo -c [-q] [-s] [-f FILE]` on the simulated dom0: the real visudo
 * (sudo 1.9) parses the simulated file, with `@includedir /etc/sudoers.d` and
 * the like pointed at the simulated directories, so its verdict and its
 * messages (`FILE:LINE:COL: syntax error` with the caret line) are the real
 * ones. Without `-f`, the simulated owner and mode of every parsed file are
 * checked as visudo checks `/etc/sudoers` (`bad permissions, should be mode
 * 0440`). Editing (no `-c`) is not simulated; without a real visudo on this
 * machine the command fails with exit 127.
 *
 * @example
 * ```ts
 * await sim.run({ file: "visudo", args: ["-c", "-q", "-f", "/etc/sudoers.d/dom0kit-console-alice.dom0kit-new"] });
 * ```
 */
export const visudoCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "cf:hqsV", {
    check: [false, "c"],
    file: [true, "f"],
    help: [false, "h"],
    quiet: [false, "q"],
    strict: [false, "s"],
    version: [false, "V"],
  });
  const visudo = realProgram("visudo");
  if (visudo === undefined) return notSimulated(context, "visudo is not installed on this machine");
  const has = (name: string): boolean => parsed.options.some((option) => option.name === name);
  if (parsed.error !== undefined || parsed.operands.length > 0 || has("h") || has("V")) {
    const result = await runRealCheck(context, visudo, context.argv.slice(1), []);
    await emit(context.io.stdout, result.stdout);
    await emit(context.io.stderr, result.stderr);
    return { exitCode: result.exitCode };
  }
  if (!has("c")) return notSimulated(context, "only visudo -c is: editing is interactive");
  const file = parsed.options.findLast((option) => option.name === "f")?.value;
  const quiet = has("q");
  const result = await checkReal(context, visudo, file ?? SUDOERS, has("s"));
  if (result.exitCode !== 0) {
    if (!quiet) await emit(context.io.stdout, result.stdout);
    if (!quiet || !/syntax error|parse error/.test(result.stderr))
      await emit(context.io.stderr, result.stderr);
    return { exitCode: result.exitCode };
  }
  const parsedFiles = result.stdout
    .split("\n")
    .flatMap((line) => (line.endsWith(": parsed OK") ? [line.slice(0, -": parsed OK".length)] : []));
  const problems = file === undefined ? await ownerProblems(context, parsedFiles) : [];
  if (!quiet) {
    const failed = new Set(problems.map((problem) => problem.slice(0, problem.indexOf(": "))));
    await emit(context.io.stderr, problems.join(""));
    await emit(
      context.io.stdout,
      parsedFiles
        .filter((each) => !failed.has(each))
        .map((each) => `${each}: parsed OK\n`)
        .join(""),
    );
  }
  return { exitCode: problems.length > 0 ? 1 : 0 };
};
