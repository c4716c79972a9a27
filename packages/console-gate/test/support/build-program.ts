import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Builds the bundled menu program with the package's own tsup configuration
 * into `outDir` (not dist/, which `pnpm build` owns), so the integration tests
 * run on a fresh clone without a prior build. Returns the program's path.
 */
export async function buildConsoleProgram(outDir: string): Promise<string> {
  const tsupCli = join(
    createRequire(import.meta.url).resolve("tsup/package.json"),
    "..",
    "dist",
    "cli-default.js",
  );
  await promisify(execFile)(process.execPath, [tsupCli, "--out-dir", outDir, "--silent"], {
    cwd: packageDir,
    timeout: 180_000,
  });
  return join(outDir, "dom0kit-console.js");
}
