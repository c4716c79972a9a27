import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { testTempDir } from "@dom0kit/test-support";
import { AtomicFile } from "./atomic-file.js";

describe("AtomicFile", () => {
  it("shows the file under its name only once it is complete", async () => {
    const dir = await testTempDir();
    const file = await AtomicFile.create(join(dir, "a.img"));
    await pipeline(Readable.from([Buffer.from("hello "), Buffer.from("world")]), file.stream());
    expect(await readdir(dir)).toEqual(["a.img.partial"]);
    await file.commit();
    expect(await readdir(dir)).toEqual(["a.img"]);
    expect(await readFile(join(dir, "a.img"), "utf8")).toBe("hello world");
  });

  it("removes the partial file when discarded", async () => {
    const dir = await testTempDir();
    const file = await AtomicFile.create(join(dir, "a.img"));
    file.stream().write("half");
    await file.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses to reuse a partial file another writer may own", async () => {
    const dir = await testTempDir();
    await writeFile(join(dir, "a.img.partial"), "someone else's");
    await expect(AtomicFile.create(join(dir, "a.img"))).rejects.toMatchObject({ code: "EEXIST" });
  });

  it("writes whole buffers with mode 0600", async () => {
    const dir = await testTempDir();
    const file = await AtomicFile.create(join(dir, "m.json"));
    await file.write("{}\n");
    await file.commit();
    const { stat } = await import("node:fs/promises");
    expect((await stat(join(dir, "m.json"))).mode & 0o777).toBe(0o600);
  });
});
