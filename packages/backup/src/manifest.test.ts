import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testTempDir } from "@dom0kit/test-support";
import { fakeManifest } from "../test/helpers/fake-backups.js";
import { isBackupError } from "./errors.js";
import { readManifest, writeManifest } from "./manifest.js";

describe("manifest", () => {
  it("round-trips through manifest.json", async () => {
    const dir = await testTempDir();
    const manifest = fakeManifest("vm1", new Date(Date.UTC(2024, 0, 15)));
    await writeManifest(dir, manifest);
    expect(await readManifest(dir)).toEqual(manifest);
    expect(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"))).toMatchObject({
      format: "dom0kit-backup",
      version: 1,
    });
  });

  it.each([
    ["not json", /is not JSON/],
    [JSON.stringify({ format: "vzdump" }), /not a dom0kit backup manifest \(version 1\): format/],
    [JSON.stringify({ ...fakeManifest("vm1", new Date(0)), version: 2 }), /version/],
  ])("rejects %s", async (text, message) => {
    const dir = await testTempDir();
    await writeFile(join(dir, "manifest.json"), text);
    const error = await readManifest(dir).catch((caught: unknown) => caught);
    expect(isBackupError(error, "BACKUP_MANIFEST_INVALID")).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it("refuses to write an invalid manifest", async () => {
    const dir = await testTempDir();
    await expect(
      writeManifest(dir, { ...fakeManifest("vm1", new Date(0)), domain: "../x" }),
    ).rejects.toThrow();
  });
});
