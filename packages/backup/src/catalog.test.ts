import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testTempDir } from "@dom0kit/test-support";
import { fakeManifest, writeFakeBackup, writeLeftovers } from "../test/helpers/fake-backups.js";
import { archiveBytesOf, listBackups } from "./catalog.js";

const day = (n: number) => new Date(Date.UTC(2024, 0, n, 3, 0, 0));

describe("listBackups", () => {
  it("lists finished backups with manifests, and every leftover so nothing goes unnoticed", async () => {
    const root = await testTempDir();
    await writeFakeBackup(root, "vm1", day(1));
    await writeFakeBackup(root, "vm1", day(3));
    await writeLeftovers(root, "vm1", { partial: day(4), pruning: day(2), failed: day(5), damaged: day(6) });
    await writeFile(join(root, "vm1", "notes.txt"), "not ours");
    await writeFakeBackup(root, "vm2", day(2));
    const entries = await listBackups(root);
    expect(entries.map((entry) => [entry.domain, entry.id, entry.status])).toEqual([
      ["vm1", "2024-01-01T03-00-00.000Z", "complete"],
      ["vm1", "2024-01-02T03-00-00.000Z", "pruning"],
      ["vm2", "2024-01-02T03-00-00.000Z", "complete"],
      ["vm1", "2024-01-03T03-00-00.000Z", "complete"],
      ["vm1", "2024-01-04T03-00-00.000Z", "partial"],
      ["vm1", "2024-01-05T03-00-00.000Z", "failed"],
      ["vm1", "2024-01-06T03-00-00.000Z", "damaged"],
    ]);
    expect(entries.at(-1)?.problem).toMatch(/cannot read .*manifest.json/);
    expect((await listBackups(root, "vm2")).map((entry) => entry.id)).toEqual(["2024-01-02T03-00-00.000Z"]);
    expect(await listBackups(join(root, "nowhere"))).toEqual([]);
  });

  it("calls a backup damaged when its manifest belongs to another one", async () => {
    const root = await testTempDir();
    const dir = join(root, "vm1", "2024-01-09T03-00-00.000Z");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "manifest.json"), JSON.stringify(fakeManifest("vm1", day(1))));
    const [entry] = await listBackups(root, "vm1");
    expect(entry?.status).toBe("damaged");
    expect(entry?.problem).toMatch(/manifest is for vm1 2024-01-01T03-00-00.000Z/);
  });
});

describe("archiveBytesOf", () => {
  it("adds up the archives", () => {
    expect(archiveBytesOf(fakeManifest("vm1", day(1), 4096))).toBe(4096);
  });
});
