import type { Options } from "tsup";
import { packageBuild } from "../../tsup.shared.js";

/**
 * The menu program, bundled with its dependencies into one file: it runs as
 * the forced command of customer accounts and is installed on its own (the
 * install plan copies it to a root-owned path), so it must not resolve
 * anything from node_modules at run time.
 */
export const consoleProgramBuild: Options = {
  entry: { "dom0kit-console": "src/bin/dom0kit-console.ts" },
  noExternal: [/.*/],
  treeshake: true,
  // Bundled CommonJS dependencies (cross-spawn …) require() Node built-ins.
  banner: {
    js: 'import { createRequire as __dom0kitCreateRequire } from "node:module";\nglobalThis.require ??= __dom0kitCreateRequire(import.meta.url);',
  },
  // Bundle workspace packages from their TypeScript source, so the program builds
  // on a fresh clone without building @dom0kit/runner first.
  esbuildOptions(options) {
    options.conditions = ["@dom0kit/source", "node", "import"];
  },
};

export default [packageBuild(), packageBuild(consoleProgramBuild)];
