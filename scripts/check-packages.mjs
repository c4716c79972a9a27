#!/usr/bin/env node
// Checks every publishable package the way a user would meet it:
//   1. publint --strict on each package (packed as pnpm packs it);
//   2. attw (Are The Types Wrong) on each packed tarball;
//   3. a consumer smoke test: a fresh project outside the repository installs
//      the tarballs with npm, imports every package from an .mjs file, type-checks
//      a .ts file against the published declarations, and runs `dom0kit --version`
//      from the installed bin.
// Run after `pnpm build`. Exits non-zero on the first failure, saying what failed.
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const pnpm = ["npx", "-y", "pnpm@10"];

function run(file, args, options = {}) {
  return execFileSync(file, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", ...options });
}

function step(title, work) {
  process.stdout.write(`• ${title} … `);
  try {
    const note = work();
    process.stdout.write(`ok${note ? ` (${note})` : ""}\n`);
  } catch (error) {
    process.stdout.write("FAILED\n");
    const output = [error.stdout, error.stderr].filter(Boolean).join("\n").trim();
    console.error(output || error.message);
    process.exit(1);
  }
}

const packages = ["packages", "examples"]
  .flatMap((parent) => readdirSync(join(root, parent)).map((name) => join(root, parent, name)))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
  .filter(({ manifest }) => manifest.private !== true);

for (const { dir, manifest } of packages) {
  if (!existsSync(join(dir, "dist"))) {
    console.error(`${manifest.name}: no dist/ — run \`npx -y pnpm@10 build\` first`);
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), "dom0kit-packages-"));
const tarballs = join(work, "tarballs");
mkdirSync(tarballs);
try {
  const packed = new Map();
  for (const { dir, manifest } of packages) {
    step(`${manifest.name}: publint --strict`, () => {
      run(pnpm[0], [...pnpm.slice(1), "exec", "publint", "--strict", "--pack", "pnpm", dir], { cwd: root });
    });
    step(`${manifest.name}: pack`, () => {
      const output = run(pnpm[0], [...pnpm.slice(1), "pack", "--pack-destination", tarballs], { cwd: dir });
      const file = output
        .trim()
        .split("\n")
        .filter((line) => line.endsWith(".tgz"))
        .at(-1);
      if (!file) throw new Error(`pnpm pack printed no tarball:\n${output}`);
      packed.set(manifest.name, resolve(dir, file));
      return file.split("/").at(-1);
    });
    step(`${manifest.name}: attw`, () => {
      run(
        pnpm[0],
        [
          ...pnpm.slice(1),
          "exec",
          "attw",
          "--profile",
          "esm-only",
          "--format",
          "table-flipped",
          packed.get(manifest.name),
        ],
        {
          cwd: root,
        },
      );
    });
  }

  const consumer = join(work, "consumer");
  mkdirSync(consumer);
  const fileSpec = (name) => `file:${packed.get(name)}`;
  const names = [...packed.keys()];
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify(
      {
        name: "dom0kit-consumer-smoke-test",
        private: true,
        type: "module",
        dependencies: Object.fromEntries(names.map((name) => [name, fileSpec(name)])),
        devDependencies: { typescript: "~5.9.3", "@types/node": "^20.19.0" },
        // Internal dependencies resolve to the tarballs too, not the registry.
        overrides: Object.fromEntries(names.map((name) => [name, fileSpec(name)])),
      },
      null,
      2,
    ),
  );
  const libraries = names.filter((name) => name.startsWith("@dom0kit/"));
  writeFileSync(
    join(consumer, "smoke.mjs"),
    [
      ...libraries.map((name, index) => `import * as lib${index} from "${name}";`),
      `const loaded = { ${libraries.map((name, index) => `"${name}": Object.keys(lib${index}).length`).join(", ")} };`,
      `for (const [name, count] of Object.entries(loaded)) if (count === 0) throw new Error(name + " exports nothing");`,
      `console.log(JSON.stringify(loaded));`,
    ].join("\n"),
  );
  writeFileSync(
    join(consumer, "smoke.ts"),
    [
      `import { plan, step, renderScript, type CommandRunner, type Plan } from "@dom0kit/runner";`,
      `import { parseInventory, type Inventory } from "@dom0kit/inventory";`,
      `const example: Plan = plan("smoke", [step("list domains", ["xl", "list"])]);`,
      `const script: string = renderScript(example);`,
      `export function count(runner: CommandRunner, inventory: Inventory): Promise<number> {`,
      `  return runner.run({ file: "xl", args: ["list"] }).then(() => inventory.domains.length + script.length);`,
      `}`,
      `export const parse: (text: string) => Inventory = (text) => parseInventory(text);`,
    ].join("\n"),
  );
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ["node"],
      },
      files: ["smoke.ts"],
    }),
  );
  step("consumer: npm install the tarballs", () => {
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: consumer });
  });
  step("consumer: import every package", () => run("node", ["smoke.mjs"], { cwd: consumer }).trim());
  step("consumer: type-check against the published declarations", () => {
    run("npx", ["tsc", "-p", "tsconfig.json"], { cwd: consumer });
  });
  step("consumer: dom0kit --version from the installed bin", () => {
    const version = run(join(consumer, "node_modules", ".bin", "dom0kit"), ["--version"]).trim();
    const expected = packages.find(({ manifest }) => manifest.name === "dom0kit")?.manifest.version;
    if (version !== expected) throw new Error(`dom0kit --version printed ${version}, expected ${expected}`);
    return version;
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\nAll ${packages.length} packages check out.`);
