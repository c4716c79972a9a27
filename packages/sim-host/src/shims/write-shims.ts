import { existsSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { quoteShellWord } from "@dom0kit/runner";
import { DATA_PROGRAMS } from "../data/data-programs.js";
import { SIMULATED_PROGRAMS } from "../exec/dispatch.js";
import { SimHostError } from "../errors.js";
import { buildCliFromSource, sourceDirectory } from "./cli-from-source.js";

/** Options of {@link writeShims}. */
export interface WriteShimsOptions {
  /** Programs to write shims for. @default every simulated program and data program, plus `sudo` and `nice` */
  readonly programs?: readonly string[];
  /** The built `dom0kit-sim` executable (dist/cli.js). @default `$DOM0KIT_SIM_CLI`, else the one installed beside this module, else (in a source checkout) one built from source with tsup into a cached temporary directory */
  readonly cliPath?: string;
  /** The node binary the shims run. @default the current process's */
  readonly node?: string;
}

/** Programs that get a shim by default. */
export function defaultShimPrograms(): string[] {
  const skip = new Set(["sleep", "true", "false"]);
  return [
    ...Object.keys(SIMULATED_PROGRAMS),
    ...Object.keys(DATA_PROGRAMS).filter((name) => !skip.has(name)),
    "sudo",
    "nice",
  ];
}

/** The `dom0kit-sim` executable next to this module (only in a built package). */
export function bundledCliPath(): string | undefined {
  const candidate = fileURLToPath(new URL("./cli.js", import.meta.url));
  return existsSync(candidate) ? candidate : undefined;
}

/** The text of one shim: a POSIX sh script that forwards its argv to the simulated host. */
export function shimScript(program: string, stateDir: string, cliPath: string, node: string): string {
  return [
    "#!/bin/sh",
    `# dom0kit-sim shim: \`${program}\` on the simulated dom0 in ${stateDir.replace(/[\r\n]/g, " ")}`,
    `exec ${quoteShellWord(node)} ${quoteShellWord(cliPath)} --state ${quoteShellWord(stateDir)} exec --cwd "$PWD" -- ${quoteShellWord(program)} "$@"`,
    "",
  ].join("\n");
}

/**
 * Writes small executables (`xl`, `lvcreate`, `lvs`, `tc`, `nft`, `dd`, …) into
 * `dir` that forward to the simulated host in `stateDir`, so real processes —
 * a shell script from `renderScript`, an sshd session, a console menu — can
 * talk to it: put `dir` first in their PATH. Returns the shim paths.
 *
 * @throws {@link SimHostError} `SIM_SHIM_CLI_MISSING` when there is no built `dom0kit-sim` to forward to (pass `cliPath`).
 * @example
 * ```ts
 * await writeShims("/tmp/sim-bin", "/tmp/sim");
 * // PATH=/tmp/sim-bin:$PATH sh -c 'xl list'
 * ```
 */
export async function writeShims(
  dir: string,
  stateDir: string,
  options: WriteShimsOptions = {},
): Promise<string[]> {
  const fromEnv = process.env.DOM0KIT_SIM_CLI;
  const cliPath =
    options.cliPath ??
    (fromEnv === undefined || fromEnv === "" ? undefined : fromEnv) ??
    bundledCliPath() ??
    (sourceDirectory() === undefined ? undefined : await buildCliFromSource());
  if (cliPath === undefined || !existsSync(cliPath)) {
    throw new SimHostError(
      "SIM_SHIM_CLI_MISSING",
      `no built dom0kit-sim executable to forward to${cliPath === undefined ? "" : ` at ${cliPath}`}: build @dom0kit/sim-host (pnpm build) or pass cliPath`,
      ...(cliPath === undefined ? [] : [{ path: cliPath }]),
    );
  }
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const program of options.programs ?? defaultShimPrograms()) {
    if (!/^[A-Za-z0-9[._+-]+$/.test(program))
      throw new SimHostError("SIM_SPEC_INVALID", `not a program name for a shim: ${JSON.stringify(program)}`);
    const path = join(dir, program);
    await writeFile(
      path,
      shimScript(program, resolve(stateDir), resolve(cliPath), options.node ?? process.execPath),
    );
    await chmod(path, 0o755);
    written.push(path);
  }
  return written;
}
