import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { promisify } from "node:util";
import { realProgram } from "../data/real-program.js";
import { getopt } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import type { CommandContext, CommandHandler } from "../exec/types.js";
import { statReal } from "../fs/file-owners.js";
import { rewritePaths, writeConfigCopy } from "./config-copy.js";
import { runRealCheck } from "./run-real-check.js";

const SSHD_CONFIG = "/etc/ssh/sshd_config";
const HOST_KEY_TYPES = ["rsa", "ecdsa", "ed25519"];
const PATH_DIRECTIVES = /^(\s*(?:Include|HostKey)\s+)("[^"]*"|\S+)/gim;

async function notSimulated(context: CommandContext, why: string): Promise<{ exitCode: number }> {
  await emit(context.io.stderr, `sim-host: ${context.argv.join(" ")}: not simulated (${why})\n`);
  return { exitCode: 127 };
}

/**
 * The simulated dom0's host keys (`/etc/ssh/ssh_host_*_key`), as real paths.
 * A dom0 always has them (openssh-server makes them when installed): when the
 * simulated one has none yet, an ed25519 key is made, as the package would.
 */
async function hostKeys(context: CommandContext): Promise<string[]> {
  const { paths } = context.env;
  const keys = HOST_KEY_TYPES.map((type) => paths.resolve(`/etc/ssh/ssh_host_${type}_key`, "/", []).hostPath);
  const present: string[] = [];
  for (const key of keys) if ((await statReal(key, true)) !== undefined) present.push(key);
  if (present.length > 0) return present;
  const keygen = realProgram("ssh-keygen");
  const key = keys[2] as string;
  if (keygen === undefined) return [key];
  await mkdir(dirname(key), { recursive: true });
  await promisify(execFile)(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", "root@dom0", "-f", key]);
  return [key];
}

/**
 * `sshd -t [-f CONFIG] [-o OPTION]…` on the simulated dom0: the real sshd
 * checks the simulated configuration — `Include` and `HostKey` paths pointed
 * at the simulated `/etc/ssh`, the simulated host keys given with `-h` when
 * the file names none — so its verdict and messages (`CONFIG line N: …`, exit
 * 255) are OpenSSH's own. Anything but the test mode is not simulated
 * (exit 127), nor is the test without a real sshd on this machine.
 *
 * @example
 * ```ts
 * await sim.run({ file: "sshd", args: ["-t", "-f", "/etc/ssh/sshd_config"] });
 * ```
 */
export const sshdCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "46C:Dde:E:f:g:h:ik:o:p:qTtu:");
  const has = (name: string): boolean => parsed.options.some((option) => option.name === name);
  if (parsed.error !== undefined || !has("t") || has("T") || has("D") || has("d") || has("i"))
    return notSimulated(context, "only the configuration test sshd -t is");
  const sshd = realProgram("sshd");
  if (sshd === undefined) return notSimulated(context, "sshd is not installed on this machine");
  const { paths } = context.env;
  const config = parsed.options.findLast((option) => option.name === "f")?.value ?? SSHD_CONFIG;
  const hostPath = paths.resolve(config, context.cwd, []).hostPath;
  const text = await readFile(hostPath, "utf8").catch(() => undefined);
  if (text === undefined) {
    const result = await runRealCheck(context, sshd, ["-t", "-f", hostPath], []);
    await emit(context.io.stderr, result.stderr);
    return { exitCode: result.exitCode };
  }
  const copy = await writeConfigCopy(
    paths,
    "sshd_config",
    rewritePaths(text, PATH_DIRECTIVES, paths, "/etc/ssh"),
  );
  try {
    PATH_DIRECTIVES.lastIndex = 0;
    const namesKeys = /^\s*HostKey\s/im.test(text);
    const keyArgs = namesKeys ? [] : (await hostKeys(context)).flatMap((key) => ["-h", key]);
    const passed = parsed.options.flatMap((option) =>
      option.name === "o" || option.name === "C"
        ? [`-${option.name}`, option.value ?? ""]
        : option.name === "q"
          ? ["-q"]
          : [],
    );
    const result = await runRealCheck(
      context,
      sshd,
      ["-t", "-f", copy.hostPath, ...keyArgs, ...passed],
      [[copy.hostPath, config]],
    );
    await emit(context.io.stdout, result.stdout);
    await emit(context.io.stderr, result.stderr);
    return { exitCode: result.exitCode };
  } finally {
    await copy.remove();
  }
};
