#!/usr/bin/env node
// Backing up one 2 GiB disk image: dom0kit's data path against the field
// pipeline it replaces and the floor. All three read the same image, generated
// deterministically (1 MiB blocks: a third zeros, two fifths text-like, the
// rest random — a used VM disk), from the page cache; rounds alternate; medians
// and ratios are printed.
//
// - dom0kit zstd: streamToArchive as `dom0kit backup run` uses it — `ionice -c 2
//   -n 7 dd if=IMG bs=4M` through the runner, SHA-256 of the raw data, `zstd -3
//   -T0`, SHA-256 of the archive, written to .partial, fsync, rename, fsync dir.
//   Then, separately timed, the check `backup run` does before it names the
//   backup: re-read the archive, SHA-256 and `zstd -t`.
// - dom0kit gzip: the same with `gzip -6` (single-threaded, like the field's).
// - field: `dd if=IMG | gzip -c > OUT` (DOMAIN.md "Backups").
// - floor: `zstd -T0 < IMG > OUT` — compression alone, no hashing, no fsync.
import { spawn } from "node:child_process";
import { createCipheriv } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const root = join(import.meta.dirname, "../..");
const { ExecaRunner } = await import(join(root, "packages/runner/dist/index.js"));
const { compressCommand, compressionChoice, readCommand, streamToArchive, verifyArchive } = await import(
  join(root, "packages/backup/dist/index.js")
);

const SIZE = Number(process.env.BENCH_BACKUP_MIB ?? 2048) * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_BACKUP_ROUNDS ?? 3);
// `BENCH_BACKUP_ONLY=zstd,floor` skips the slow single-threaded gzip contenders.
const CONTENDERS = (process.env.BENCH_BACKUP_ONLY ?? "zstd,floor,field,gzip").split(",");
const work = join(root, "bench/.work/backup");
const image = join(work, `disk-${String(SIZE / 2 ** 20)}M.img`);
const runner = new ExecaRunner();

const WORDS = (
  "the of and to in is that for it as was with be by on not he this are or his from at which but have an " +
  "they you were her she there been one all we their has would when if so no what up out more can about " +
  "root kernel xen domain backup disk error warning info debug nginx apache mysql select insert update " +
  "GET POST HTTP/1.1 200 404 500 /var/log/syslog /etc/passwd /usr/lib/x86_64-linux-gnu 2024-01-15T12:00:00Z"
).split(" ");

/**
 * The deterministic image: an AES-CTR keystream drives every choice. Text
 * blocks are lines drawn from a pool of 4096 log-like lines, so content
 * repeats across the disk as it does on a real one (the same binaries, configs
 * and log lines); random blocks stand for data that is already compressed.
 */
async function makeImage() {
  const keystream = createCipheriv("aes-128-ctr", Buffer.alloc(16, 7), Buffer.alloc(16, 1));
  const block = 1 << 20;
  const zero = Buffer.alloc(block);
  const seed = keystream.update(Buffer.alloc(4096 * 24));
  const lines = Array.from({ length: 4096 }, (_, line) => {
    const words = [];
    for (let word = 0; word < 6 + (seed[line * 24] % 12); word += 1) {
      words.push(WORDS[seed.readUInt16LE(line * 24 + 1 + (word % 11) * 2) % WORDS.length]);
    }
    return `${words.join(" ")}\n`;
  });
  const file = await open(`${image}.partial`, "w");
  for (let index = 0; index < SIZE / block; index += 1) {
    const noise = keystream.update(zero);
    const kind = noise[0] % 15; // 0-4 zeros, 5-10 text, 11-14 random
    let data;
    if (kind < 5) data = zero;
    else if (kind < 11) {
      const parts = [];
      let length = 0;
      for (let at = 1; length < block; at += 2) {
        const line = lines[noise.readUInt16LE(at) % lines.length];
        parts.push(line);
        length += line.length;
      }
      data = Buffer.from(parts.join("")).subarray(0, block);
    } else data = noise;
    await file.write(data);
  }
  await file.close();
  await rename(`${image}.partial`, image);
}

function sh(script) {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", script], { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} exited ${String(code)}`)),
    );
  });
}

/**
 * CPU seconds used so far by this process (all its threads: the main thread,
 * the libuv pool) and by its children that have been waited for (dd, zstd,
 * gzip, sh). On a shared machine wall time follows the load; CPU time says
 * how much work each contender does, whatever the load.
 */
function cpuSeconds() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    // utime, stime, cutime, cstime are fields 14-17; after the ") " split, 12-15 (0-based 11-14).
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
  } catch {
    return Number.NaN; // not Linux
  }
}

async function timed(work) {
  const start = performance.now();
  const cpuStart = cpuSeconds();
  const extra = await work();
  return { ms: performance.now() - start, cpu: cpuSeconds() - cpuStart, extra };
}

async function sizeOf(path) {
  return (await stat(path)).size;
}

async function dom0kit(algorithm, target) {
  await rm(target, { force: true });
  const choice = compressionChoice(algorithm, undefined, 0);
  const result = await streamToArchive({
    hostRunner: runner,
    read: readCommand(image, { ioniceClass: "best-effort", ioniceLevel: 7 }),
    localRunner: runner,
    compress: compressCommand(choice),
    target,
    label: "xvda",
    sourcePath: image,
  });
  return { algorithm, ...result };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

await mkdir(work, { recursive: true });
if (!existsSync(image) || (await sizeOf(image)) !== SIZE) {
  console.log(`generating ${mib(SIZE)} test image…`);
  await makeImage();
}
// Warm the page cache so every contender reads from memory.
await sh(`cat '${image}' > /dev/null`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(" ");
console.log(`image: ${mib(SIZE)}; load average before: ${load()} (${String(ROUNDS)} rounds)`);
try {
  console.log(`uptime: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
} catch {
  // not Linux
}

const times = { zstd: [], verify: [], gzip: [], field: [], floor: [] };
const cpu = { zstd: [], gzip: [], field: [], floor: [] };
const sizes = {};
const out = (name) => join(work, `out-${name}`);
for (let round = 1; round <= ROUNDS; round += 1) {
  const order = round % 2 === 1 ? ["zstd", "floor", "field", "gzip"] : ["gzip", "field", "floor", "zstd"];
  for (const name of order.filter((contender) => CONTENDERS.includes(contender))) {
    let sample;
    if (name === "zstd" || name === "gzip") {
      sample = await timed(() => dom0kit(name, out(name)));
      if (name === "zstd") {
        const written = sample.extra;
        const check = await timed(() => verifyArchive(out("zstd"), written, runner, "archive"));
        if (!check.extra.ok) throw new Error(`verify failed: ${check.extra.problems.join("; ")}`);
        times.verify.push(check.ms);
      }
    } else if (name === "field") {
      await rm(out("field"), { force: true });
      sample = await timed(() => sh(`dd if='${image}' 2>/dev/null | gzip -c > '${out("field")}'`));
    } else {
      await rm(out("floor"), { force: true });
      sample = await timed(() => sh(`zstd -q -T0 < '${image}' > '${out("floor")}'`));
    }
    times[name].push(sample.ms);
    cpu[name].push(sample.cpu);
    sizes[name] = await sizeOf(out(name));
    console.log(
      `round ${String(round)}: ${name.padEnd(6)} ${seconds(sample.ms)}  cpu ${sample.cpu.toFixed(2)} s  (load ${load()})`,
    );
  }
}

const m = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
const c = Object.fromEntries(Object.entries(cpu).map(([name, values]) => [name, median(values)]));
const ran = (name) => times[name].length > 0;
const cpuOf = (name) => `cpu ${c[name].toFixed(2)} s`;
console.log("\nmedians:");
if (ran("zstd")) {
  console.log(
    `  dom0kit zstd   ${seconds(m.zstd)}  ${cpuOf("zstd")}  archive ${mib(sizes.zstd)}  (+ verify ${seconds(m.verify)})`,
  );
}
if (ran("gzip"))
  console.log(`  dom0kit gzip   ${seconds(m.gzip)}  ${cpuOf("gzip")}  archive ${mib(sizes.gzip)}`);
if (ran("field"))
  console.log(`  field dd|gzip  ${seconds(m.field)}  ${cpuOf("field")}  archive ${mib(sizes.field)}`);
if (ran("floor"))
  console.log(`  floor zstd -T0 ${seconds(m.floor)}  ${cpuOf("floor")}  archive ${mib(sizes.floor)}`);
console.log("\nratios (medians):");
if (ran("field") && ran("zstd")) {
  console.log(
    `  field / dom0kit zstd:           ${(m.field / m.zstd).toFixed(1)}× faster (target ≥ 3×), archive ${(sizes.zstd / sizes.field).toFixed(2)}× the field's`,
  );
}
if (ran("floor") && ran("zstd")) {
  console.log(`  dom0kit zstd / floor:           ${(m.zstd / m.floor).toFixed(2)}× (target ≤ 1.2×)`);
  console.log(`  dom0kit zstd + verify / floor:  ${((m.zstd + m.verify) / m.floor).toFixed(2)}×`);
  console.log(`  CPU time, dom0kit zstd / floor: ${(c.zstd / c.floor).toFixed(2)}×`);
}
if (ran("gzip") && ran("field")) {
  console.log(`  dom0kit gzip / field:           ${(m.gzip / m.field).toFixed(2)}× (target ≤ 1.0×)`);
}
console.log(`load average after: ${load()}`);
for (const name of ["zstd", "gzip", "field", "floor"]) await rm(out(name), { force: true });
