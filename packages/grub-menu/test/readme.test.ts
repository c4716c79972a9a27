import { expectReadmeShows, markdownCodeBlocks } from "@dom0kit/test-support";
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it, vi } from "vitest";

const README = new URL("../README.md", import.meta.url).pathname;

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

describe("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("runs the PyGRUB layout example and shows what it prints", async () => {
    await expectReadmeShows("../README.md", "../examples/pygrub-layout.ts", import.meta.url);
    const output = await printed(() => import("../examples/pygrub-layout.js"));
    expect(output.trimEnd()).toBe(await outputShownAfter("../examples/pygrub-layout.ts"));
  });

  it("runs the PV-GRUB layout example and shows what it prints", async () => {
    await expectReadmeShows("../README.md", "../examples/pv-grub-layout.ts", import.meta.url);
    const output = await printed(() => import("../examples/pv-grub-layout.js"));
    expect(output.trimEnd()).toBe(await outputShownAfter("../examples/pv-grub-layout.ts"));
  });

  it("runs the editing example", async () => {
    await expectReadmeShows("../README.md", "../examples/edit-customer-menu.ts", import.meta.url);
    const output = await printed(() => import("../examples/edit-customer-menu.js"));
    expect(output).toContain("# my kernels -- please keep this comment\ndefault 0\n");
    expect(output).toContain(
      "\ntitle rescue-disk\n\troot (hd0,0)\n\tkernel /boot/vmlinuz-6.1.0-18-amd64 console=hvc0 root=LABEL=RESCUE ro\n",
    );
    expect(output).toContain("0 /boot/vmlinuz-6.1.0-18-amd64 root=/dev/xvda2 ro console=hvc0");
    expect(output).toContain("1 console=hvc0 root=LABEL=RESCUE ro");
  });
});
