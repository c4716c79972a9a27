import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectReadmeShows, integrationPrerequisites, markdownCodeBlocks } from "@dom0kit/test-support";

const README = new URL("../README.md", import.meta.url).pathname;
const needs = integrationPrerequisites({ commands: ["dd", "zstd", "ionice"] });

async function printed(run: () => Promise<unknown>): Promise<string> {
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  await run();
  return log.mock.calls.map((call) => call.map(String).join(" ")).join("\n");
}

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

  it("runs the example it shows, and shows what it prints", async () => {
    await expectReadmeShows("../README.md", "../examples/back-up-a-domain.ts", import.meta.url);
    const output = await printed(() => import("../examples/back-up-a-domain.js"));
    expect(output.trimEnd()).toBe(await outputShownAfter("../examples/back-up-a-domain.ts"));
  });
});
