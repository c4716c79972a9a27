#!/usr/bin/env node
// Runs the benchmarks: every bench/<area>/bench.mjs, or the areas named on the
// command line (`pnpm bench tc-builder`). Each compares dom0kit with the baseline
// it replaces in one run and prints its own results; record them, with the
// machine, in docs/benchmarks.md. Build first (`pnpm bench` does).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const here = import.meta.dirname;
const available = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, "bench.mjs")))
  .map((entry) => entry.name)
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`no benchmark named ${unknown.join(", ")}; available: ${available.join(", ") || "none yet"}`);
  process.exit(2);
}
const areas = wanted.length > 0 ? wanted : available;
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
let failed = false;
for (const area of areas) {
  console.log(`\n## ${area}\n`);
  try {
    execFileSync(process.execPath, [join(here, area, "bench.mjs")], { stdio: "inherit" });
  } catch {
    failed = true;
    console.error(`bench ${area} failed`);
  }
}
if (areas.length === 0) console.log("no benchmarks yet");
process.exit(failed ? 1 : 0);
