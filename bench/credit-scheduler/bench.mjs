// The fair-share calculator of @dom0kit/credit-scheduler against the iterative
// water-filling a script would write (split by weight, clamp whoever overflows,
// repeat: O(n) per pass), on 1k, 10k and 100k domains, two workloads. Both run in
// the same process, alternating; the median of each and their ratio are printed,
// with the passes the baseline needed. Both answers are checked equal first.
// Run `pnpm build` first.
import os from "node:os";
import { fairShares } from "../../packages/credit-scheduler/dist/index.js";

/** Seeded random numbers (mulberry32), so every run times the same hosts. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random contended host: ten domains per pCPU, any weight, a quarter capped, a third partly idle. */
function randomHost(count, seed) {
  const random = seeded(seed);
  const between = (low, high) => low + Math.floor(random() * (high - low + 1));
  const claims = Array.from({ length: count }, () => {
    const vcpus = between(1, 8);
    const claim = { weight: between(1, 65535), vcpus };
    if (random() < 0.25) claim.cap = between(10, vcpus * 100);
    if (random() < 0.33) claim.demand = between(0, vcpus * 100);
    return claim;
  });
  return { claims, capacity: Math.max(1, Math.round(count / 10)) * 100 };
}

/**
 * Hosting-like host: RAM of 512 MiB–16 GiB, vcpus in proportion, weight = RAM ÷ vcpus,
 * demand log-uniform from 0.1% to all vcpus busy (most customers mostly idle), five
 * domains per pCPU.
 */
function hostingHost(count, seed) {
  const random = seeded(seed);
  const sizes = [512, 1024, 2048, 4096, 8192, 16384];
  const claims = Array.from({ length: count }, () => {
    const memory = sizes[Math.floor(random() * sizes.length)];
    const vcpus = Math.max(1, Math.round(memory / 2048));
    const demand = Math.exp(Math.log(0.1) + random() * (Math.log(vcpus * 100) - Math.log(0.1)));
    return { weight: Math.round(memory / vcpus), vcpus, demand };
  });
  return { claims, capacity: Math.max(1, Math.round(count / 5)) * 100 };
}

function limit(claim) {
  const cap = claim.cap > 0 ? claim.cap : Infinity;
  return Math.max(0, Math.min(claim.demand ?? claim.vcpus * 100, claim.vcpus * 100, cap));
}

/** The baseline: repeat "split what is left by weight; clamp whoever gets more than its limit". */
function iterativeWaterFilling(claims, capacity) {
  const shares = new Array(claims.length).fill(0);
  let open = [];
  for (let index = 0; index < claims.length; index += 1) if (limit(claims[index]) > 0) open.push(index);
  let remaining = capacity;
  while (open.length > 0 && remaining > 1e-12) {
    let weight = 0;
    for (const index of open) weight += claims[index].weight * claims[index].vcpus;
    const level = remaining / weight;
    const still = [];
    let clamped = 0;
    for (const index of open) {
      const cap = limit(claims[index]);
      if (cap <= level * claims[index].weight * claims[index].vcpus) {
        shares[index] = cap;
        remaining -= cap;
        clamped += 1;
      } else still.push(index);
    }
    if (clamped === 0) {
      for (const index of open) shares[index] = level * claims[index].weight * claims[index].vcpus;
      return { shares };
    }
    open = still;
  }
  return { shares };
}

/** How many passes the baseline needed (it is O(n) per pass). */
function rounds(claims, capacity) {
  let count = 0;
  let open = claims.map((_, index) => index).filter((index) => limit(claims[index]) > 0);
  let remaining = capacity;
  while (open.length > 0) {
    count += 1;
    let weight = 0;
    for (const index of open) weight += claims[index].weight * claims[index].vcpus;
    const level = remaining / weight;
    const still = [];
    for (const index of open) {
      if (limit(claims[index]) > level * claims[index].weight * claims[index].vcpus) still.push(index);
      else remaining -= limit(claims[index]);
    }
    if (still.length === open.length) break;
    open = still;
  }
  return count;
}

function time(run) {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(
  `machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);
console.log("workload  domains  passes  fairShares (median)  water-filling (median)  ratio  runs");

for (const [label, build, count, runs] of [
  ["random ", randomHost, 1_000, 31],
  ["random ", randomHost, 10_000, 21],
  ["random ", randomHost, 100_000, 7],
  ["hosting", hostingHost, 1_000, 31],
  ["hosting", hostingHost, 10_000, 21],
  ["hosting", hostingHost, 100_000, 7],
]) {
  const { claims, capacity } = build(count, count);
  // Same answer, or the comparison means nothing.
  const fast = fairShares(claims, { capacity });
  const slow = iterativeWaterFilling(claims, capacity).shares;
  for (let index = 0; index < count; index += 1) {
    if (Math.abs(fast[index] - slow[index]) > 1e-6 * Math.max(1, slow[index])) {
      throw new Error(`answers differ at ${count} domains, index ${index}: ${fast[index]} vs ${slow[index]}`);
    }
  }
  fairShares(claims, { capacity }); // warm up
  iterativeWaterFilling(claims, capacity);
  const ours = [];
  const baseline = [];
  for (let run = 0; run < runs; run += 1) {
    if (run % 2 === 0) {
      ours.push(time(() => fairShares(claims, { capacity })));
      baseline.push(time(() => iterativeWaterFilling(claims, capacity)));
    } else {
      baseline.push(time(() => iterativeWaterFilling(claims, capacity)));
      ours.push(time(() => fairShares(claims, { capacity })));
    }
  }
  const a = median(ours);
  const b = median(baseline);
  console.log(
    `${label}   ${String(count).padStart(7)}  ${String(rounds(claims, capacity)).padStart(6)}  ${a.toFixed(2).padStart(16)} ms  ${b.toFixed(2).padStart(19)} ms  ${(b / a).toFixed(1).padStart(4)}×  ${String(runs).padStart(4)}`,
  );
}
