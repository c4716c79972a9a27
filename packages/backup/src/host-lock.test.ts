import { spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExecaRunner } from "@dom0kit/runner";
import { testTempDir } from "@dom0kit/test-support";
import { isBackupError } from "./errors.js";
import { HostLock, parseLockOwner } from "./host-lock.js";

const runner = new ExecaRunner();

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("HostLock", () => {
  it("is held by one owner at a time and names the holder to the next", async () => {
    const dir = await testTempDir();
    const lock = await HostLock.acquire(runner, dir, "dom0kit-backup-vm1");
    expect(await readdir(join(dir, "dom0kit-backup-vm1.lock"))).toEqual([
      expect.stringMatching(new RegExp(`^owner_.+_${String(process.pid)}_\\d+$`)),
    ]);
    const error = await HostLock.acquire(runner, dir, "dom0kit-backup-vm1").catch(
      (caught: unknown) => caught,
    );
    expect(isBackupError(error, "BACKUP_LOCKED")).toBe(true);
    expect((error as Error).message).toContain(`held by pid ${String(process.pid)}`);
    await lock.release();
    await lock.release();
    const again = await HostLock.acquire(runner, dir, "dom0kit-backup-vm1");
    await again.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("takes over a lock whose owner died on this machine", async () => {
    const dir = await testTempDir();
    const pid = deadPid();
    const stale = join(dir, "dom0kit-backup.lock");
    await runner.run({ file: "mkdir", args: [stale] });
    const controller = hostname().replace(/[^A-Za-z0-9.-]/g, "-");
    await runner.run({
      file: "touch",
      args: [join(stale, `owner_${controller}_${String(pid)}_1705320000000`)],
    });
    const lock = await HostLock.acquire(runner, dir, "dom0kit-backup");
    expect(lock.tookOverFrom?.pid).toBe(pid);
    await lock.release();
  });

  it("never takes over a lock owned by another machine", async () => {
    const dir = await testTempDir();
    const held = join(dir, "dom0kit-backup.lock");
    await runner.run({ file: "mkdir", args: [held] });
    await runner.run({ file: "touch", args: [join(held, "owner_other-controller_1_1705320000000")] });
    await expect(HostLock.acquire(runner, dir, "dom0kit-backup")).rejects.toThrow(
      /held by pid 1 on other-controller since 2024-01-15T12:00:00.000Z/,
    );
  });

  it("waits for the holder when asked to", async () => {
    const dir = await testTempDir();
    const first = await HostLock.acquire(runner, dir, "dom0kit-backup");
    const second = HostLock.acquire(runner, dir, "dom0kit-backup", { waitMs: 30_000 });
    setTimeout(() => void first.release(), 300);
    const lock = await second;
    expect(lock.held).toBe(true);
    await lock.release();
  });

  it("reports a lock with no owner file after a grace period", async () => {
    const dir = await testTempDir();
    await runner.run({ file: "mkdir", args: [join(dir, "x.lock")] });
    await expect(HostLock.acquire(runner, dir, "x", { settleMs: 200 })).rejects.toThrow(/unknown owner/);
  });
});

describe("parseLockOwner", () => {
  it("reads the owner file name", () => {
    expect(parseLockOwner("owner_backup1.example_4242_1705320000000")).toEqual({
      controller: "backup1.example",
      pid: 4242,
      since: new Date(1705320000000),
    });
    expect(parseLockOwner("README")).toBeUndefined();
  });
});
