import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { markdownCodeBlocks } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENMARK, dom0kit, suiteTempDir } from "./binary.js";

const TUTORIAL = fileURLToPath(new URL("../../../../docs/getting-started.md", import.meta.url));

/** Splits a tutorial line into words (it uses only plain words and "double quotes"). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "");
}

/** Every `dom0kit …` line of the tutorial's sh blocks, in order. */
async function tutorialCommands(): Promise<string[]> {
  const blocks = await markdownCodeBlocks(TUTORIAL);
  return blocks
    .filter((block) => block.lang === "sh")
    .flatMap((block) => block.code.split("\n"))
    .map((line) => line.trim())
    .filter((line) => line.startsWith("dom0kit "));
}

describe("docs/getting-started.md, followed line by line with the built binary", () => {
  let cwd: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    ({ dir: cwd, remove } = await suiteTempDir("d0k-tutorial-"));
    // Step 3 of the tutorial: cp examples/inventories/denmark.yaml dom0kit.yaml
    await copyFile(DENMARK, join(cwd, "dom0kit.yaml"));
  });
  afterAll(() => remove());

  it("has the setup lines this test stands in for", async () => {
    const text = await readFile(TUTORIAL, "utf8");
    expect(text).toContain("cp examples/inventories/denmark.yaml dom0kit.yaml");
    expect(text).toContain("export DOM0KIT_SIM_DIR=$PWD/.sim");
    expect((await tutorialCommands()).length).toBeGreaterThan(10);
  });

  it("runs every dom0kit command of the tutorial, in order, and each succeeds", async () => {
    for (const line of await tutorialCommands()) {
      const result = await dom0kit(words(line).slice(1), { cwd, simDir: join(cwd, ".sim") });
      // Warnings on stderr are part of the tutorial's output; errors are not.
      expect({ line, exitCode: result.exitCode, error: /^dom0kit: /m.test(result.stderr) }).toEqual({
        line,
        exitCode: 0,
        error: false,
      });
    }
  }, 300_000);
});
