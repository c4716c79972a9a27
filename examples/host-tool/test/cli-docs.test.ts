import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { renderCliReference } from "../src/docs/cli-reference.js";

const CLI_MD = new URL("../../../docs/cli.md", import.meta.url);

it("docs/cli.md is the reference rendered from the command definitions (run `pnpm docs:cli` when it is stale)", async () => {
  const committed = await readFile(CLI_MD, "utf8").catch(() => "(docs/cli.md is missing)");
  expect(committed === renderCliReference(), "docs/cli.md is stale: run `npx -y pnpm@10 docs:cli`").toBe(
    true,
  );
});

it("the reference covers every command with its help", () => {
  const reference = renderCliReference();
  for (const command of [
    "dom0kit plan",
    "dom0kit apply",
    "dom0kit status",
    "dom0kit render",
    "dom0kit demo",
  ]) {
    expect(reference).toContain(`## \`${command}\``);
    expect(reference).toContain(`Usage: ${command} [options]`);
  }
});
