import { existsSync, readdirSync } from "node:fs";
import { defineConfig } from "vitest/config";

/** Every workspace package that has tests: packages/* and examples/*. */
function workspacePackages(): string[] {
  return ["packages", "examples"].flatMap((parent) =>
    existsSync(parent)
      ? readdirSync(parent, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && existsSync(`${parent}/${entry.name}/package.json`))
          .map((entry) => `${parent}/${entry.name}`)
      : [],
  );
}

// Tests import workspace packages from their TypeScript source (the
// "@dom0kit/source" export condition), so `pnpm test` needs no build.
const sourceConditions = ["@dom0kit/source", "node", "import", "default"];

export default defineConfig({
  test: {
    projects: workspacePackages().map((root) => ({
      resolve: { conditions: sourceConditions },
      ssr: { resolve: { conditions: sourceConditions } },
      test: {
        name: root.split("/").at(-1) ?? root,
        root,
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        environment: "node",
        testTimeout: 60_000,
        hookTimeout: 120_000,
      },
    })),
  },
});
