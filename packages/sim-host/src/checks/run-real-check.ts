import { execFile } from "node:child_process";
import { SYSTEM_PATH } from "../data/data-programs.js";
import type { CommandContext } from "../exec/types.js";

/** What a real checking program (visudo, sshd) printed, with simulated paths restored. */
export interface RealCheckResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a real program that only reads files (`visudo -c`, `sshd -t`) on the
 * real files behind simulated paths, and returns its output with every real
 * path turned back into the simulated one (`renames` first: a temporary copy's
 * path into the name of the file it stands for).
 *
 * @example
 * ```ts
 * const result = await runRealCheck(context, "/usr/sbin/visudo", ["-c", "-f", hostPath], []);
 * ```
 */
export function runRealCheck(
  context: CommandContext,
  program: string,
  args: readonly string[],
  renames: readonly (readonly [string, string])[],
): Promise<RealCheckResult> {
  const translate = (text: string): string => {
    let out = text;
    for (const [from, to] of renames) out = out.split(from).join(to);
    return context.env.paths.reverseText(out);
  };
  return new Promise((resolve) => {
    execFile(
      program,
      [...args],
      {
        env: { ...process.env, ...context.vars, PATH: SYSTEM_PATH },
        cwd: context.env.paths.root,
        signal: context.signal,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ exitCode: code, stdout: translate(stdout), stderr: translate(stderr) });
      },
    );
  });
}
