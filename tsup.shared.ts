import { defineConfig, type Options } from "tsup";

/**
 * The one tsup configuration every package builds with: ESM for Node 20, JS only
 * (declarations come from `tsc -b`), source maps, no bundling of dependencies.
 */
export function packageBuild(overrides: Options = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    target: "node20",
    platform: "node",
    sourcemap: true,
    dts: false,
    clean: false,
    splitting: false,
    treeshake: true,
    outDir: "dist",
    ...overrides,
  });
}
