import { readFile } from "node:fs/promises";
import { expectReadmeShows, integrationPrerequisites, markdownCodeBlocks } from "@dom0kit/test-support";
import { afterEach, describe, expect, it, vi } from "vitest";

const README = new URL("../README.md", import.meta.url).pathname;
const needs = integrationPrerequisites({ commands: ["dd", "zstd"] });

async function printed(run: () => Promise<unknown>): Promise<string> {
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  await run();
  return log.mock.calls.map((call) => call.map(String).join(" ")).join("\n");
}

/** The README block right after the one showing `example`: what the example prints. */
async function outputShownAfter(example: string): Promise<string> {
  const code = await readFile(new URL(example, import.meta.url), "utf8");
  const blocks = await markdownCodeBlocks(README);
  const at = blocks.findIndex((block) => block.code === code);
  return blocks[at + 1]?.code.trimEnd() ?? "";
}

describe.skipIf(needs.skip)("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const examples = {
    "../examples/quick-start.ts": () => import("../examples/quick-start.js"),
    "../examples/fault-injection.ts": () => import("../examples/fault-injection.js"),
  };

  it.each(Object.entries(examples))(
    "runs %s and shows what it prints",
    async (example, load) => {
      await expectReadmeShows("../README.md", example, import.meta.url);
      const output = await printed(load);
      expect(output.trimEnd()).toBe(await outputShownAfter(example));
    },
    60_000,
  );
});
