import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

/** The built CLI, as `npm i -g dom0kit` installs it. */
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
/** The example inventory. */
export const DENMARK = fileURLToPath(new URL("../../../inventories/denmark.yaml", import.meta.url));

/** What one run of the binary did. */
export interface BinaryRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The built CLI's path, for tests that start it themselves (to send it signals).
 *
 * @throws when the CLI has not been built (the root `pnpm test` builds first).
 */
export function builtCli(): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` before these tests`);
  return CLI;
}

/**
 * Runs the built `dom0kit` binary in a child process, as a user would: no
 * colour, the simulated dom0 in `simDir` (unless `--host` says otherwise).
 *
 * @throws when the CLI has not been built (the root `pnpm test` builds first).
 */
export async function dom0kit(
  args: readonly string[],
  options: { simDir?: string; env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {},
): Promise<BinaryRun> {
  const result = await execa(process.execPath, [builtCli(), ...args], {
    reject: false,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    timeout: options.timeoutMs ?? 120_000,
    env: {
      NO_COLOR: "1",
      ...(options.simDir === undefined ? {} : { DOM0KIT_SIM_DIR: options.simDir }),
      ...options.env,
    },
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A fresh temporary directory for a whole describe block, removed after it.
 * Call in `beforeAll`; pass the returned cleanup to `afterAll`.
 */
export async function suiteTempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
