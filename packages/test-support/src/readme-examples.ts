import { readFile } from "node:fs/promises";
import { expect } from "vitest";

/** The fenced code blocks of a Markdown file, with their info strings. */
export async function markdownCodeBlocks(path: string): Promise<{ lang: string; code: string }[]> {
  const text = await readFile(path, "utf8");
  return [...text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    lang: (match[1] ?? "").trim(),
    code: match[2] ?? "",
  }));
}

/**
 * Asserts that a README shows an example file verbatim in a fenced block, so the
 * example a reader copies is the one the tests run. Import the example file in
 * the same test to run it.
 *
 * @example
 * ```ts
 * it("runs the README's example", async () => {
 *   await expectReadmeShows("../README.md", "../examples/quick-start.ts", import.meta.url);
 *   await import("../examples/quick-start.js");
 * });
 * ```
 */
export async function expectReadmeShows(readme: string, example: string, base: string): Promise<void> {
  const readmePath = new URL(readme, base).pathname;
  const code = await readFile(new URL(example, base), "utf8");
  const blocks = await markdownCodeBlocks(readmePath);
  expect(
    blocks.some((block) => block.code === code),
    `${readme} does not show ${example} verbatim in a code block`,
  ).toBe(true);
}
