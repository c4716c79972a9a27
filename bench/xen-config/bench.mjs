#!/usr/bin/env node
// Parsing every domain config on a host: dom0kit's parseXlConfig against the
// baseline it must agree with, Xen's own libxlutil (xlu_cfg_readdata, what
// `xl create` uses), driven by the C harness the conformance tests compile.
// Both parse the same files the same number of times in-process (the harness
// reads them once and loops in C); rounds alternate; MB/s for both and the
// median ratio are printed. Then a 1 MB config: time for both, and the heap a
// Node process needs to parse it (checked by parsing it under a 50 MB cap).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const root = join(import.meta.dirname, "../..");
const dist = join(root, "packages/xen-config/dist/index.js");
const { safeParseXlConfig } = await import(dist);
const CORPUS = process.env.DOM0KIT_CORPUS ?? "/work/shared/corpus";
const ROUNDS = 9;
const REPEAT = 300;

const work = join(root, "bench/.work/xen-config");
mkdirSync(work, { recursive: true });
const oracle = join(work, "xlu-oracle");
execFileSync("gcc", [
  "-O2",
  "-o",
  oracle,
  join(root, "packages/xen-config/test/oracle/xlu-oracle.c"),
  "-lxlutil",
  "-lxenlight",
]);

function filesUnder(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) =>
      statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)],
    );
}
const files = [...filesUnder(join(CORPUS, "xl")), ...filesUnder(join(CORPUS, "xm"))];
const texts = files.map((file) => readFileSync(file, "utf8"));
const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

// libxlutil builds its settings list while parsing; dom0kit builds the syntax
// tree and evaluates values (what xl sees) on first use. "parse + values()"
// does both, for a like-for-like comparison.
function ours(inputs, repeat, withValues = true) {
  let keys = 0;
  const start = performance.now();
  for (let round = 0; round < repeat; round++) {
    for (const text of inputs) {
      const result = safeParseXlConfig(text);
      if (result.ok && withValues) keys += Object.keys(result.value.values()).length;
    }
  }
  return { seconds: (performance.now() - start) / 1000, keys };
}

function libxlutil(paths, repeat) {
  const out = execFileSync(oracle, ["--bench", String(repeat), ...paths], { encoding: "utf8" });
  return JSON.parse(out);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mbps = (total, seconds) => total / seconds / 1e6;

ours(texts, 20); // warm up the JIT
ours(texts, 20, false);
const oursRates = [];
const parseRates = [];
const cRates = [];
for (let round = 0; round < ROUNDS; round++) {
  const steps = [
    () => oursRates.push(mbps(bytes * REPEAT, ours(texts, REPEAT).seconds)),
    () => cRates.push(mbps(bytes * REPEAT, libxlutil(files, REPEAT).seconds)),
    () => parseRates.push(mbps(bytes * REPEAT, ours(texts, REPEAT, false).seconds)),
  ];
  for (const step of round % 2 === 0 ? steps : steps.reverse()) step();
}
const ratios = oursRates.map((rate, index) => rate / (cRates[index] ?? rate));
console.log(
  `corpus: ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB, parsed ${REPEAT}× per round, ${ROUNDS} rounds alternating`,
);
console.log(`  dom0kit parse + values() ${median(oursRates).toFixed(1)} MB/s (median)`);
console.log(`  dom0kit parse only       ${median(parseRates).toFixed(1)} MB/s (median)`);
console.log(`  libxlutil (C)            ${median(cRates).toFixed(1)} MB/s (median)`);
console.log(
  `  ratio dom0kit (parse + values) / libxlutil: ${median(ratios).toFixed(2)} (median of per-round ratios; target ≥ 0.5)`,
);

// A 1 MB config: many domains' worth of keys, lists over several lines, comments.
const lines = [];
for (let i = 0; lines.join("\n").length < 1_000_000; i++) {
  lines.push(
    `# domain ${i}`,
    `name${i} = "web${i}"`,
    `memory${i} = ${512 + i} # MiB`,
    `vcpus${i} = 0x${(i % 16).toString(16)}`,
    `disk${i} = [`,
    `    'phy:/dev/vg/web${i},xvda,w',`,
    `    'format=raw, vdev=xvdb, access=ro, target=/srv/iso/rescue-${i}.iso',`,
    `]`,
    `vif${i} = [ "mac=00:16:3e:00:${(i % 256).toString(16).padStart(2, "0")}:01,bridge=xenbr0,rate=10Mb/s" ]`,
    `extra${i} = "console=hvc0 root=/dev/xvda1 ro\\tquiet"`,
  );
}
const big = `${lines.join("\n")}\n`;
const bigFile = join(work, "1mb.cfg");
writeFileSync(bigFile, big);
const bigBytes = Buffer.byteLength(big);
const bigOurs = [];
const bigParse = [];
const bigC = [];
for (let round = 0; round < 7; round++) {
  bigOurs.push(ours([big], 3).seconds / 3);
  bigParse.push(ours([big], 3, false).seconds / 3);
  bigC.push(libxlutil([bigFile], 3).seconds / 3);
}
const line = (label, seconds) =>
  `  ${label} ${(seconds * 1000).toFixed(1)} ms (${mbps(bigBytes, seconds).toFixed(1)} MB/s)`;
console.log(`1 MB config (${(bigBytes / 1e6).toFixed(2)} MB, ${lines.length} lines), medians of 7 rounds:`);
console.log(line("dom0kit parse + values()", median(bigOurs)));
console.log(line("dom0kit parse only      ", median(bigParse)));
console.log(line("libxlutil (C)           ", median(bigC)));

const HEAP_CHECK = `
const { parseXlConfig } = await import(${JSON.stringify(dist)});
const { readFileSync } = await import("node:fs");
const text = readFileSync(${JSON.stringify(bigFile)}, "utf8");
globalThis.gc();
const before = process.memoryUsage().heapUsed;
const config = parseXlConfig(text);
const values = config.values();
globalThis.gc();
const after = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ retainedMB: (after - before) / 1e6, keys: Object.keys(values).length, peakHeapMB: process.memoryUsage().heapTotal / 1e6 }));
`;
const heap = JSON.parse(
  execFileSync(
    process.execPath,
    [
      "--max-old-space-size=50",
      "--max-semi-space-size=1",
      "--expose-gc",
      "--input-type=module",
      "-e",
      HEAP_CHECK,
    ],
    { encoding: "utf8" },
  ),
);
console.log(
  `  heap: parses under --max-old-space-size=50 (semi-space 1 MB); tree + values retain ${heap.retainedMB.toFixed(1)} MB; heap total at the end ${heap.peakHeapMB.toFixed(1)} MB (${heap.keys} keys)`,
);
