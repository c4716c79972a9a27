import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const README = readFileSync(join(here, "../README.md"), "utf8");
const SOURCE = join(here, "../src/index.ts");

/** The README's code blocks after a marker comment. */
function blockAfter(marker: string): string {
  const start = README.indexOf(marker);
  const match = /```ts\n([\s\S]*?)```/.exec(README.slice(start));
  if (start < 0 || !match?.[1]) throw new Error(`no code block after ${marker}`);
  return match[1];
}

describe("the README", () => {
  it("has an editing example that runs and whose assertions hold", async () => {
    const code = blockAfter("<!-- readme-example").replace(
      'from "@dom0kit/xen-config"',
      `from ${JSON.stringify(SOURCE)}`,
    );
    expect(code).toContain("assert.equal(");
    const dir = await testTempDir();
    const file = join(dir, "readme-example.ts");
    writeFileSync(file, code);
    await expect(import(file)).resolves.toBeDefined();
  });
});
