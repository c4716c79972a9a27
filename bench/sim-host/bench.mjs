#!/usr/bin/env node
// bench/sim-host: what the simulated dom0 costs next to running the same things for real.
//   data path:  `dd if=/dev/vg0/disk-snap bs=1M status=none | zstd -T0 -c` read to the end —
//               SimHost.stream (simulated paths translated, real dd and zstd, bytes through
//               Node) vs ExecaRunner.stream running the same programs on the backing file.
//   control:    200 simulated commands (`xl list`, `lvs`, `xl sched-credit2`, `tc -j qdisc show`)
//               through SimHost.run — each reads the state under the lock — vs 200 spawns
//               of the cheapest real program (`true`) through ExecaRunner: what a test pays
//               per command against the simulator versus per process on a real host.
//   shims:      50 × `xl list` from a real `sh` through the shims (a Node process each) vs
//               50 × SimHost.run in-process: the price of reaching the simulator from scripts.
// Alternating rounds (BENCH_ROUNDS, default 5); prints each round and the median ratios.
// Build first (`pnpm bench sim-host` does).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ExecaRunner } from "../../packages/runner/dist/index.js";
import { SimHost, writeShims } from "../../packages/sim-host/dist/index.js";

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DISK_MIB = 256;
const CONTROL_COMMANDS = 200;
const SHIM_COMMANDS = 50;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function timed(work) {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Runs a pipeline to the end, counting its output. */
async function drain(streaming) {
  let bytes = 0;
  streaming.stdout.on("data", (chunk) => (bytes += chunk.length));
  await streaming.done;
  return bytes;
}

const dir = await mkdtemp(join(tmpdir(), "dom0kit-bench-sim-"));
const loadBefore = loadavg();
const results = { data: [], control: [], shims: [] };
try {
  const sim = await SimHost.create(join(dir, "state"), { host: { cpus: 8, memoryMiB: 32768 } });
  await sim.run({ file: "lvcreate", args: ["-L", `${String(DISK_MIB)}M`, "-n", "disk", "vg0"] });
  // Half random, half zeros: a disk that compresses like a real one, roughly.
  const half = randomBytes((DISK_MIB / 2) * 1024 * 1024);
  await sim.run({ file: "dd", args: ["of=/dev/vg0/disk", "bs=1M", "status=none"], input: half });
  await sim.run({ file: "lvcreate", args: ["-s", "-L", "64M", "-n", "disk-snap", "vg0/disk"] });
  await sim.writeFile("/etc/xen/vm1.cfg", 'name = "vm1"\nmemory = 512\nvcpus = 2\n');
  await sim.run({ file: "xl", args: ["create", "/etc/xen/vm1.cfg"] });
  const backing = await sim.hostPath("/dev/vg0/disk-snap");
  const execa = new ExecaRunner();
  const bin = join(dir, "bin");
  await writeShims(bin, sim.dir, { programs: ["xl"] });

  const simulatedData = () =>
    drain(
      sim.stream([
        { file: "dd", args: ["if=/dev/vg0/disk-snap", "bs=1M", "status=none"] },
        { file: "zstd", args: ["-T0", "-c"] },
      ]),
    );
  const realData = () =>
    drain(
      execa.stream([
        { file: "dd", args: [`if=${backing}`, "bs=1M", "status=none"] },
        { file: "zstd", args: ["-T0", "-c"] },
      ]),
    );
  const controlArgv = [
    ["xl", "list"],
    ["lvs", "-o", "lv_name,lv_attr,data_percent"],
    ["xl", "sched-credit2"],
    ["tc", "-j", "qdisc", "show", "dev", "peth0"],
  ];
  const simulatedControl = async () => {
    for (let index = 0; index < CONTROL_COMMANDS; index += 1) {
      const [file, ...args] = controlArgv[index % controlArgv.length];
      await sim.run({ file, args });
    }
  };
  const realSpawns = async () => {
    for (let index = 0; index < CONTROL_COMMANDS; index += 1) await execa.run({ file: "true", args: [] });
  };
  const throughShims = () =>
    run(
      "sh",
      ["-c", `i=0; while [ $i -lt ${String(SHIM_COMMANDS)} ]; do xl list >/dev/null; i=$((i+1)); done`],
      {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
      },
    );
  const inProcess = async () => {
    for (let index = 0; index < SHIM_COMMANDS; index += 1) await sim.run({ file: "xl", args: ["list"] });
  };

  // Warm-up: page cache, first spawns, the shim's node start.
  await simulatedData();
  await realData();
  await simulatedControl();
  await throughShims();

  for (let round = 1; round <= ROUNDS; round += 1) {
    const data = { sim: await timed(simulatedData), real: await timed(realData) };
    const control = { sim: await timed(simulatedControl), real: await timed(realSpawns) };
    const shims = { shim: await timed(throughShims), direct: await timed(inProcess) };
    results.data.push(data);
    results.control.push(control);
    results.shims.push(shims);
    console.log(
      `round ${String(round)}: data path sim ${data.sim.toFixed(0)} ms / real ${data.real.toFixed(0)} ms; ` +
        `${String(CONTROL_COMMANDS)} commands sim ${control.sim.toFixed(0)} ms / ${String(CONTROL_COMMANDS)} spawns ${control.real.toFixed(0)} ms; ` +
        `${String(SHIM_COMMANDS)} × xl list via shims ${shims.shim.toFixed(0)} ms / in-process ${shims.direct.toFixed(0)} ms`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const loadAfter = loadavg();

const ratio = (list, over, under) => median(list.map((each) => each[over] / each[under]));
const ms = (list, key, count = 1) =>
  (median(list.map((each) => each[key])) / count).toFixed(count === 1 ? 0 : 2);
console.log(
  `\ndata path (${String(DISK_MIB)} MiB snapshot | zstd -T0): SimHost.stream median ${ms(results.data, "sim")} ms, ` +
    `ExecaRunner on the backing file ${ms(results.data, "real")} ms — the simulator costs ` +
    `${ratio(results.data, "sim", "real").toFixed(2)}× the real pipeline`,
);
console.log(
  `control: ${ms(results.control, "sim", CONTROL_COMMANDS)} ms per simulated command vs ` +
    `${ms(results.control, "real", CONTROL_COMMANDS)} ms per spawn of \`true\` — ` +
    `${ratio(results.control, "real", "sim").toFixed(1)}× faster than spawning anything`,
);
console.log(
  `shims: ${ms(results.shims, "shim", SHIM_COMMANDS)} ms per \`xl list\` through a shim vs ` +
    `${ms(results.shims, "direct", SHIM_COMMANDS)} ms in-process — ${ratio(results.shims, "shim", "direct").toFixed(1)}× (a Node start each)`,
);
console.log(
  `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? "unknown CPU"}, ` +
    `${String(Math.round(totalmem() / 2 ** 30))} GiB, Node ${process.version}; ` +
    `load average ${loadBefore.map((each) => each.toFixed(2)).join(" ")} before, ` +
    `${loadAfter.map((each) => each.toFixed(2)).join(" ")} after`,
);
