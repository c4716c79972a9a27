import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SOURCE = fileURLToPath(new URL("../../src", import.meta.url));

async function sourceDigest(
  dir: string,
  hash = createHash("sha256"),
): Promise<ReturnType<typeof createHash>> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await sourceDigest(path, hash);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      hash.update(path).update(await readFile(path));
  }
  return hash;
}

/**
 * Builds the `dom0kit-sim` executable from source into a temporary directory
 * (one bundle with its dependencies, so it runs anywhere) and returns its
 * path. Cached by a digest of the sources, so a fresh clone needs no `pnpm
 * build` and repeated test files build once.
 */
export async function buildSimCli(): Promise<string> {
  const digest = (await sourceDigest(SOURCE)).digest("hex").slice(0, 16);
  const outDir = join(tmpdir(), `dom0kit-sim-cli-${digest}`);
  const cli = join(outDir, "cli.js");
  if (existsSync(cli)) return cli;
  const staging = `${outDir}.${String(process.pid)}.${String(Date.now())}`;
  const { build } = await import("tsup");
  await build({
    entry: { cli: join(SOURCE, "cli.ts") },
    outDir: staging,
    format: ["esm"],
    platform: "node",
    target: "node20",
    bundle: true,
    noExternal: [/.*/],
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
  await mkdir(outDir, { recursive: true }).catch(() => undefined);
  try {
    await rename(join(staging, "cli.js"), cli);
  } catch {
    // another test file built it first
  }
  await rm(staging, { recursive: true, force: true });
  return cli;
}
