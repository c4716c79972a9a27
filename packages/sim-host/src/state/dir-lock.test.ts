import { mkdir, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testTempDir } from "@dom0kit/test-support";
import { withDirLock } from "./dir-lock.js";

describe("withDirLock", () => {
  it("runs critical sections one at a time", async () => {
    const dir = join(await testTempDir(), "lock");
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withDirLock(dir, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it("breaks a lock left by a process that died", async () => {
    const dir = join(await testTempDir(), "lock");
    await mkdir(dir);
    await writeFile(
      join(dir, "owner.json"),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), token: "x" }),
    );
    expect(await withDirLock(dir, async () => "got it")).toBe("got it");
  });

  it("times out on a lock held by a live process, naming it", async () => {
    const dir = join(await testTempDir(), "lock");
    await mkdir(dir);
    await writeFile(
      join(dir, "owner.json"),
      JSON.stringify({ pid: process.pid, host: hostname(), token: "other" }),
    );
    await expect(withDirLock(dir, async () => undefined, { timeoutMs: 100 })).rejects.toMatchObject({
      code: "SIM_LOCK_TIMEOUT",
      message: expect.stringContaining(`locked by process ${String(process.pid)}`) as string,
    });
  });

  it("waits for a fresh lock whose owner has not written its file yet, and breaks an old one", async () => {
    const dir = join(await testTempDir(), "lock");
    await mkdir(dir);
    await expect(withDirLock(dir, async () => undefined, { timeoutMs: 100 })).rejects.toMatchObject({
      code: "SIM_LOCK_TIMEOUT",
      message: expect.stringContaining("locked by process (unknown)") as string,
    });
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(dir, minuteAgo, minuteAgo);
    expect(await withDirLock(dir, async () => "got it")).toBe("got it");
  });

  it("clears what a breaker that died left behind", async () => {
    const dir = join(await testTempDir(), "lock");
    await mkdir(dir);
    await writeFile(
      join(dir, "owner.json"),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), token: "x" }),
    );
    await mkdir(`${dir}.breaking`);
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(`${dir}.breaking`, minuteAgo, minuteAgo);
    expect(await withDirLock(dir, async () => "got it")).toBe("got it");
  });
});
