import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { newSim, sh } from "../../test/helpers/new-sim.js";
import type { SimHost } from "../sim-host.js";

const needs = integrationPrerequisites({ commands: ["dd", "zstd", "gzip", "pigz", "sha256sum", "cp"] });

async function diskWithData(sim: SimHost, name: string, size = "8M"): Promise<Buffer> {
  await sh(sim, ["lvcreate", "-L", size, "-n", name, "vg0"]);
  const data = Buffer.alloc(3 * 1024 * 1024);
  for (let at = 0; at < data.length; at += 32)
    createHash("sha256").update(String(at)).digest().copy(data, at);
  await sh(sim, ["dd", `of=/dev/vg0/${name}`, "bs=1M", "status=none"], { input: data });
  return data;
}

describe.skipIf(needs.skip)("data programs on simulated paths", () => {
  it("streams an LV snapshot through zstd and restores it with dd, byte for byte", async () => {
    const sim = await newSim();
    const data = await diskWithData(sim, "vm1-disk");
    await sh(sim, ["lvcreate", "-s", "-L", "4M", "-n", "vm1-snap", "vg0/vm1-disk"]);
    const backup = sim.stream([
      { file: "ionice", args: ["-c", "3", "dd", "if=/dev/vg0/vm1-snap", "bs=1M", "status=none"] },
      { file: "zstd", args: ["-T0", "-c"] },
      { file: "dd", args: ["of=/var/backups/vm1.img.zst", "bs=1M", "status=none"] },
    ]);
    await backup.done;
    await sh(sim, ["lvcreate", "-L", "8M", "-n", "restored", "vg0"]);
    const restore = sim.stream([
      { file: "zstd", args: ["-dc", "/var/backups/vm1.img.zst"] },
      { file: "dd", args: ["of=/dev/vg0/restored", "bs=1M", "status=none"] },
    ]);
    await restore.done;
    const restored = await sim.readFile("/dev/vg0/restored");
    expect(restored.length).toBe(8 * 1024 * 1024);
    expect(restored.subarray(0, data.length).equals(data)).toBe(true);
    expect((await sh(sim, ["zstd", "-t", "/var/backups/vm1.img.zst"])).exitCode).toBe(0);
  });

  it("hands the last stage's stdout to the caller (gzip and pigz streams)", async () => {
    const sim = await newSim();
    const data = await diskWithData(sim, "disk");
    for (const compressor of [
      ["gzip", "-c"],
      ["pigz", "-c", "-p", "2"],
    ]) {
      const run = sim.stream([
        { file: "cat", args: ["/dev/vg0/disk"] },
        { file: compressor[0] as string, args: compressor.slice(1) },
      ]);
      const [compressed] = await Promise.all([buffer(run.stdout), run.done]);
      const plain = execFileSync("gzip", ["-dc"], { input: compressed, maxBuffer: 64 * 1024 * 1024 });
      expect(plain.subarray(0, data.length).equals(data)).toBe(true);
    }
  });

  it("feeds a caller's stream into the first stage", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "4M", "-n", "disk", "vg0"]);
    const run = sim.stream(
      { file: "dd", args: ["of=/dev/vg0/disk", "status=none"] },
      { stdin: Readable.from([Buffer.from("streamed in")]) },
    );
    await run.done;
    expect((await sim.readFile("/dev/vg0/disk")).subarray(0, 11).toString()).toBe("streamed in");
  });

  it("translates paths back in what programs print", async () => {
    const sim = await newSim();
    await sim.writeFile("/var/backups/a.txt", "hello\n");
    const sum = await sh(sim, ["sha256sum", "/var/backups/a.txt"]);
    expect(sum.stdout).toBe(`${createHash("sha256").update("hello\n").digest("hex")}  /var/backups/a.txt\n`);
    expect(await sh(sim, ["cat", "/var/backups/missing"])).toMatchObject({
      exitCode: 1,
      stderr: "cat: /var/backups/missing: No such file or directory\n",
    });
    expect((await sh(sim, ["mktemp", "-p", "/tmp"])).stdout).toMatch(/^\/tmp\/tmp\.\w+\n$/);
  });

  it("answers test, mkdir -p, df and blockdev", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "4M", "-n", "disk", "vg0"]);
    expect((await sh(sim, ["test", "-b", "/dev/vg0/disk"])).exitCode).toBe(0);
    expect((await sh(sim, ["test", "-f", "/dev/vg0/disk"])).exitCode).toBe(1);
    expect((await sh(sim, ["test", "-e", "/dev/vg0/nosuch"])).exitCode).toBe(1);
    expect((await sh(sim, ["[", "-d", "/etc/xen", "]"])).exitCode).toBe(0);
    expect((await sh(sim, ["mkdir", "-p", "/srv/backup/vm1"])).exitCode).toBe(0);
    expect((await sh(sim, ["test", "-d", "/srv/backup/vm1"])).exitCode).toBe(0);
    expect((await sh(sim, ["df", "-B1", "--output=avail", "/srv/backup"])).stdout).toMatch(
      /^\s*Avail\n\d+\n$/,
    );
    expect((await sh(sim, ["blockdev", "--getsz", "/dev/vg0/disk"])).stdout).toBe("8192\n");
  });

  it("never lets dd grow an LV: the write past its end fails with ENOSPC", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "4M", "-n", "disk", "vg0"]);
    const overflow = await sh(sim, ["dd", "of=/dev/vg0/disk", "bs=1M", "status=none"], {
      input: Buffer.alloc(5 * 1024 * 1024, 7),
    });
    expect(overflow).toMatchObject({
      exitCode: 1,
      stderr: "dd: error writing '/dev/vg0/disk': No space left on device\n",
    });
    expect((await sim.readFile("/dev/vg0/disk")).length).toBe(4 * 1024 * 1024);
  });

  it("refuses programs that would replace or misreport a simulated block device", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "4M", "-n", "disk", "vg0"]);
    for (const argv of [
      ["rm", "/dev/vg0/disk"],
      ["gzip", "/dev/vg0/disk"],
      ["cp", "/etc/hostname", "/dev/vg0/disk"],
      ["stat", "/dev/vg0/disk"],
    ]) {
      const refused = await sh(sim, argv);
      expect(refused.exitCode).toBe(127);
      expect(refused.stderr).toMatch(/^sim-host: .*: not simulated \(/);
    }
    expect((await sim.readFile("/dev/vg0/disk")).length).toBe(4 * 1024 * 1024);
  });

  it("fails loudly for programs it does not run", async () => {
    const sim = await newSim();
    expect(await sh(sim, ["wget", "http://example.com"])).toMatchObject({
      exitCode: 127,
      stderr: "sim-host: wget: not simulated\n",
    });
    expect(await sh(sim, ["/usr/bin/curl", "x"])).toMatchObject({
      exitCode: 127,
      stderr: "sim-host: curl: not simulated\n",
    });
    expect(await sh(sim, ["sh", "-c", "rm -rf /"])).toMatchObject({
      exitCode: 127,
      stderr: "sim-host: sh: not simulated\n",
    });
  });

  it("keeps an LV busy while a data command reads it", async () => {
    const sim = await newSim();
    await diskWithData(sim, "disk");
    await sh(sim, ["lvcreate", "-s", "-L", "4M", "-n", "snap", "vg0/disk"]);
    const reader = sim.stream({ file: "dd", args: ["if=/dev/vg0/snap", "bs=4k", "status=none"] });
    await new Promise<void>((resolve) => reader.stdout.once("readable", () => resolve()));
    expect(await sh(sim, ["lvremove", "-f", "vg0/snap"])).toMatchObject({
      exitCode: 5,
      stderr: "  Logical volume vg0/snap in use.\n",
    });
    reader.stdout.resume();
    await reader.done;
    expect((await sh(sim, ["lvremove", "-f", "vg0/snap"])).exitCode).toBe(0);
  });

  it("kills the real processes of a canceled stream", async () => {
    const sim = await newSim();
    await diskWithData(sim, "disk", "64M");
    const run = sim.stream([
      { file: "cat", args: ["/dev/vg0/disk"] },
      { file: "sleep", args: ["30"] },
    ]);
    setTimeout(() => run.cancel(), 200);
    await expect(run.done).rejects.toMatchObject({ isCanceled: true });
  });

  it("pipes a simulated command's output into a real one", async () => {
    const sim = await newSim();
    const run = sim.stream([
      { file: "xl", args: ["list"] },
      { file: "wc", args: ["-l"] },
    ]);
    const [out] = await Promise.all([buffer(run.stdout), run.done]);
    expect(out.toString().trim()).toBe("2");
  });
});
