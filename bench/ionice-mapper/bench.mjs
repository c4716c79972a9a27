#!/usr/bin/env node
// Setting disk I/O priorities on N tasks: the field way (one `ionice -c 2 -n L -p PID`
// per process, every time) against dom0kit (one `ionice -p` read, then one
// `ionice -c 2 -n L -p …` per level for the tasks that differ; nothing when nothing
// differs). Real processes, the real ionice; runs alternate; medians and ratios printed.
// Needs root (ionice on other users' tasks) and util-linux. Build first (`pnpm bench`).
import { execFileSync, spawn } from "node:child_process";
import { applyPlan, ExecaRunner } from "../../packages/runner/dist/index.js";
import { ioPriority, planIoniceChanges, readIoPriorities } from "../../packages/ionice-mapper/dist/index.js";

const TASKS = Number(process.env.BENCH_TASKS ?? 120);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

const children = Array.from({ length: TASKS }, () => spawn("sleep", ["3600"], { stdio: "ignore" }));
const pids = children.map((child) => child.pid);
const runner = new ExecaRunner();
const levelOf = (index, offset) => (index + offset) % 8;

function fieldWay(offset) {
  for (const [index, pid] of pids.entries())
    execFileSync("ionice", ["-c", "2", "-n", String(levelOf(index, offset)), "-p", String(pid)]);
}

async function dom0kitWay(offset) {
  const now = await readIoPriorities(runner, pids);
  const targets = pids.map((tid, index) => ({
    tid,
    owner: `vm${String(index % 8)}`,
    want: ioPriority("best-effort", levelOf(index, offset)),
    now: now.get(tid),
  }));
  const planned = planIoniceChanges(targets);
  const report = await applyPlan(planned, runner);
  if (report.status !== "succeeded") throw new Error(`apply ${report.status}`);
  return planned.steps.length;
}

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

try {
  const field = [];
  const ours = [];
  const fieldAgain = [];
  const oursAgain = [];
  let steps = 0;
  let stepsAgain = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    // Each run changes every task: the offsets differ from the previous run's.
    field.push((await timed(() => fieldWay(2 * round))).ms);
    fieldAgain.push((await timed(() => fieldWay(2 * round))).ms);
    const first = await timed(() => dom0kitWay(2 * round + 1));
    ours.push(first.ms);
    steps = first.result;
    const again = await timed(() => dom0kitWay(2 * round + 1));
    oursAgain.push(again.ms);
    stepsAgain = again.result;
  }
  const check = execFileSync("ionice", ["-p", String(pids[3])], { encoding: "utf8" }).trim();
  const line = (what, a, b) =>
    console.log(
      `${what.padEnd(34)} field ${median(a).toFixed(1).padStart(8)} ms   dom0kit ${median(b).toFixed(1).padStart(8)} ms   ratio ${(median(a) / median(b)).toFixed(1)}×`,
    );
  console.log(`${String(TASKS)} tasks, ${String(ROUNDS)} alternating rounds, medians`);
  line(`change every task (${String(steps)} ionice -c)`, field, ours);
  line(`re-apply unchanged (${String(stepsAgain)} ionice -c)`, fieldAgain, oursAgain);
  console.log(`read back task 3: ${check}`);
} finally {
  for (const child of children) child.kill("SIGTERM");
}
