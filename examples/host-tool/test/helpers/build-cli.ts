import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));

async function digest(dir: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await digest(path, hash);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      hash.update(path).update(await readFile(path));
  }
}

/**
 * Builds the `dom0kit` executable from source into a cached temporary
 * directory (one bundle, dependencies included) and returns its path, so a
 * test can run it as a real process and send it signals.
 */
export async function buildDom0kitCli(): Promise<string> {
  const hash = createHash("sha256");
  await digest(join(REPO, "examples/host-tool/src"), hash);
  await digest(join(REPO, "packages"), hash);
  // dist/cli.js beside a package.json, as installed: the CLI reads its version from ../package.json.
  const outDir = join(tmpdir(), `dom0kit-cli-${hash.digest("hex").slice(0, 16)}`);
  const cli = join(outDir, "dist", "cli.js");
  if (existsSync(cli)) return cli;
  const staging = `${outDir}.${String(process.pid)}.${String(Date.now())}`;
  const { build } = await import("tsup");
  await build({
    entry: { cli: join(REPO, "examples/host-tool/src/cli.ts") },
    outDir: staging,
    format: ["esm"],
    platform: "node",
    target: "node20",
    bundle: true,
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
  await mkdir(join(outDir, "dist"), { recursive: true });
  await copyFile(join(REPO, "examples/host-tool/package.json"), join(outDir, "package.json"));
  try {
    await rename(join(staging, "cli.js"), cli);
  } catch (error) {
    if (!existsSync(cli)) throw error;
  }
  await rm(staging, { recursive: true, force: true });
  return cli;
}
