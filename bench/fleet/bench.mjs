#!/usr/bin/env node
// bench/fleet: a plan of 200 commands on one host over SSH.
//   dom0kit:  applyPlan over an SshRunner (one ControlMaster connection, reused; the
//             runner connects, runs the plan, closes — all inside the timing)
//   baseline: one plain `ssh host cmd` per command (a fresh connection, key exchange
//             and login each time), as a shell loop over a fleet does it
// Both run against the same real sshd on 127.0.0.1 (started here, own keys and user),
// alternating, for BENCH_ROUNDS rounds (default 3); prints each round and the median
// ratio. Needs sshd and ssh (and root, to create the login user); build first.
import { execFile } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { promisify } from "node:util";
import { applyPlan, plan, SshRunner, step } from "../../packages/runner/dist/index.js";
import { startTestSshd } from "../../packages/test-support/dist/index.js";

const run = promisify(execFile);
const COMMANDS = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The commands of the plan: cheap reads, as a status check of a dom0 makes. */
const argvs = Array.from({ length: COMMANDS }, (_, index) =>
  index % 2 === 0 ? ["test", "-e", "/etc/hostname"] : ["printf", "%s\n", `step ${String(index)}`],
);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const quote = (word) => (/^[A-Za-z0-9_%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

async function dom0kitRound(sshd) {
  const started = performance.now();
  const runner = new SshRunner({
    destination: sshd.destination,
    port: sshd.port,
    identityFile: sshd.identityFile,
    knownHostsFile: sshd.knownHostsFile,
    configFile: "none",
  });
  try {
    const report = await applyPlan(
      plan(
        `${String(COMMANDS)} commands`,
        argvs.map((argv, index) => step(`command ${String(index + 1)}`, argv)),
      ),
      runner,
    );
    if (report.status !== "succeeded") throw new Error(`the plan ${report.status}`);
  } finally {
    await runner.close();
  }
  return performance.now() - started;
}

async function baselineRound(sshd) {
  const started = performance.now();
  for (const argv of argvs) {
    await run("ssh", [
      "-F",
      "none",
      "-i",
      sshd.identityFile,
      "-o",
      "IdentitiesOnly=yes",
      "-o",
      "BatchMode=yes",
      "-o",
      "StrictHostKeyChecking=yes",
      "-o",
      `UserKnownHostsFile=${sshd.knownHostsFile}`,
      "-o",
      "ControlMaster=no",
      "-o",
      "ControlPath=none",
      "-p",
      String(sshd.port),
      sshd.destination,
      argv.map(quote).join(" "),
    ]);
  }
  return performance.now() - started;
}

const sshd = await startTestSshd();
const loadBefore = loadavg();
const rounds = [];
try {
  await dom0kitRound(sshd); // warm-up: page cache, sshd's first fork
  for (let round = 1; round <= ROUNDS; round += 1) {
    const dom0kit = await dom0kitRound(sshd);
    const baseline = await baselineRound(sshd);
    rounds.push({ dom0kit, baseline, ratio: baseline / dom0kit });
    console.log(
      `round ${String(round)}: SshRunner ${(dom0kit / 1000).toFixed(2)} s, ` +
        `plain ssh ${(baseline / 1000).toFixed(2)} s — ${(baseline / dom0kit).toFixed(1)}× faster`,
    );
  }
} finally {
  await sshd.stop();
}
const loadAfter = loadavg();
const ratio = median(rounds.map((each) => each.ratio));
console.log(
  `\n${String(COMMANDS)} commands on one host, ${String(ROUNDS)} rounds, alternating: ` +
    `SshRunner median ${(median(rounds.map((each) => each.dom0kit)) / 1000).toFixed(2)} s ` +
    `(${(median(rounds.map((each) => each.dom0kit)) / COMMANDS).toFixed(1)} ms/command), ` +
    `plain ssh median ${(median(rounds.map((each) => each.baseline)) / 1000).toFixed(2)} s ` +
    `(${(median(rounds.map((each) => each.baseline)) / COMMANDS).toFixed(1)} ms/command)`,
);
console.log(`median ratio: ${ratio.toFixed(1)}× faster (target ≥ 5×) — ${ratio >= 5 ? "met" : "NOT met"}`);
console.log(
  `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? "unknown CPU"}, ` +
    `${String(Math.round(totalmem() / 2 ** 30))} GiB, Node ${process.version}; ` +
    `load average ${loadBefore.map((each) => each.toFixed(2)).join(" ")} before, ` +
    `${loadAfter.map((each) => each.toFixed(2)).join(" ")} after`,
);
