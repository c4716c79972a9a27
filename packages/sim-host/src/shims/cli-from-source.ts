import { createHash, type Hash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as Tsup from "tsup";
import { SimHostError } from "../errors.js";

/** This package's `src/` when it runs from source (a workspace checkout), else undefined. */
export function sourceDirectory(): string | undefined {
  const cli = fileURLToPath(new URL("../cli.ts", import.meta.url));
  return existsSync(cli) ? fileURLToPath(new URL("..", import.meta.url)) : undefined;
}

async function digestSources(dir: string, hash: Hash): Promise<Hash> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await digestSources(path, hash);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      hash.update(path).update(await readFile(path));
  }
  return hash;
}

/**
 * Builds the `dom0kit-sim` executable from this package's sources with tsup
 * (a development dependency) into a temporary directory — one bundle with its
 * dependencies — and returns its path. Cached by a digest of the sources, so
 * a fresh clone needs no `pnpm build` and parallel test files build once.
 *
 * @throws {@link SimHostError} `SIM_SHIM_CLI_MISSING` when not running from source or tsup is not installed.
 * @example
 * ```ts
 * const cli = await buildCliFromSource(); // /tmp/dom0kit-sim-cli-<digest>/cli.js
 * ```
 */
export async function buildCliFromSource(): Promise<string> {
  const source = sourceDirectory();
  if (source === undefined) {
    throw new SimHostError(
      "SIM_SHIM_CLI_MISSING",
      "dom0kit-sim is not built and this package has no sources to build it from: build @dom0kit/sim-host (pnpm build) or pass cliPath",
    );
  }
  const digest = (await digestSources(source, createHash("sha256"))).digest("hex").slice(0, 16);
  const outDir = join(tmpdir(), `dom0kit-sim-cli-${digest}`);
  const cli = join(outDir, "cli.js");
  if (existsSync(cli)) return cli;
  let tsup: typeof Tsup;
  try {
    tsup = await import("tsup");
  } catch {
    throw new SimHostError(
      "SIM_SHIM_CLI_MISSING",
      "dom0kit-sim is not built and tsup is not installed to build it: build @dom0kit/sim-host (pnpm build) or pass cliPath",
    );
  }
  const staging = `${outDir}.${String(process.pid)}.${String(Date.now())}`;
  await tsup.build({
    entry: { cli: join(source, "cli.ts") },
    outDir: staging,
    format: ["esm"],
    platform: "node",
    target: "node20",
    bundle: true,
    // Everything but tsup itself (only ever imported here, when building from source).
    noExternal: [/^(?!tsup$)/],
    external: ["tsup"],
    splitting: false,
    sourcemap: false,
    dts: false,
    clean: false,
    silent: true,
    config: false,
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    esbuildOptions(options) {
      options.conditions = ["@dom0kit/source", "node", "import", "default"];
    },
  });
  await mkdir(outDir, { recursive: true });
  try {
    await rename(join(staging, "cli.js"), cli);
  } catch (error) {
    // Another process finished first: its bundle (from the same sources) is as good.
    if (!existsSync(cli)) throw error;
  }
  await rm(staging, { recursive: true, force: true });
  return cli;
}
