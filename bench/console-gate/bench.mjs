#!/usr/bin/env node
// Per-request latency of the console gate, as a customer feels it after sshd has
// authenticated them: the forced command runs, answers one status request through
// real sudo and an xl stand-in, and exits.
//   dom0kit:  env -i … node dom0kit-console.js (SSH_ORIGINAL_COMMAND="status vm1")
//   baseline: the field's xencontrol bash menu (`sudo xm list $DOM`, the menu, "6" = exit)
// Both run as a temporary customer account (via setpriv) with the same sudoers rule
// and the same stand-in xl; alternating, median of each and the ratio. Needs root
// (it creates and removes the account and its sudoers file) and a build.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const program = new URL("../../packages/console-gate/dist/dom0kit-console.js", import.meta.url).pathname;
if (process.getuid?.() !== 0) {
  console.log("skipped: needs root (creates a temporary customer account and sudoers rule)");
  process.exit(0);
}
if (!existsSync(program)) {
  console.error(`missing ${program}: build first (pnpm bench builds)`);
  process.exit(1);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const user = `d0kbench${randomBytes(3).toString("hex")}`;
const base = mkdtempSync(join(tmpdir(), "d0k-bench-console-"));
chmodSync(base, 0o755);
const sudoers = `/etc/sudoers.d/dom0kit-bench-${user}`;
const xl = join(base, "xl");

function cleanUp() {
  spawnSync("userdel", ["--force", user]);
  rmSync(sudoers, { force: true });
  rmSync(base, { recursive: true, force: true });
}

try {
  writeFileSync(
    xl,
    '#!/bin/sh\nprintf "Name                                        ID   Mem VCPUs\\tState\\tTime(s)\\n%-40s%5d   512     1     -b----      12.3\\n" "$2" 7\n',
    { mode: 0o755 },
  );
  execFileSync("useradd", [
    "--no-create-home",
    "--home-dir",
    base,
    "--shell",
    "/bin/sh",
    "--user-group",
    "--password",
    "*",
    user,
  ]);
  writeFileSync(sudoers, `${user} ALL=(root) NOPASSWD: ${xl} list vm1\n`, { mode: 0o440 });
  execFileSync("visudo", ["-c", "-q", "-f", sudoers]);

  const accessDir = join(base, "console");
  mkdirSync(join(accessDir, "users"), { recursive: true, mode: 0o755 });
  const map = join(accessDir, "users", `${user}.json`);
  writeFileSync(
    map,
    JSON.stringify({
      format: "dom0kit-console-access/1",
      user,
      commands: { sudo: "/usr/bin/sudo", xl, logger: "/bin/true" },
      audit: { facility: "authpriv" },
      domains: [{ name: "vm1", config: "/etc/xen/vm1.cfg", actions: ["status"] }],
    }),
    { mode: 0o640 },
  );
  execFileSync("chgrp", [user, map]);

  const xencontrol = join(base, "xencontrol");
  writeFileSync(
    xencontrol,
    [
      "#!/bin/bash",
      "DOM=vm1",
      "cat << EOF",
      `\`sudo ${xl} list $DOM\``,
      "Options for $DOM",
      "1. console",
      "2. create/start",
      "3. shutdown",
      "4. destroy/hard shutdown",
      "5. reboot",
      "6. exit",
      "EOF",
      'printf "> "',
      "read X",
      'case "$X" in',
      `  *1*) sudo ${xl} console "$DOM" ;;`,
      "esac",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );

  const asCustomer = ["setpriv", "--reuid", user, "--regid", user, "--init-groups", "--reset-env", "--"];
  const contenders = {
    dom0kit: [
      ...asCustomer,
      "/usr/bin/env",
      "-i",
      "PATH=/usr/bin:/bin",
      "SSH_ORIGINAL_COMMAND=status vm1",
      process.execPath,
      program,
      "--access-dir",
      accessDir,
    ],
    xencontrol: [...asCustomer, xencontrol],
    // Reference: Node.js starting and doing nothing, to show what is Node's and what is ours.
    node: [...asCustomer, process.execPath, "-e", 'console.log("vm1       7   512")'],
  };
  const times = { dom0kit: [], xencontrol: [], node: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of round % 2 === 0
      ? ["dom0kit", "xencontrol", "node"]
      : ["node", "xencontrol", "dom0kit"]) {
      const [file, ...args] = contenders[name];
      const started = process.hrtime.bigint();
      const result = spawnSync(file, args, { input: "6\n", encoding: "utf8" });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0 || !/vm1\s+7\s+512/.test(result.stdout)) {
        throw new Error(`${name} failed (${String(result.status)}): ${result.stdout}${result.stderr}`);
      }
      times[name].push(elapsed);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ours = median(times.dom0kit);
  const theirs = median(times.xencontrol);
  console.log(
    `one status request, ${String(ROUNDS)} rounds each, alternating, as a customer through real sudo:`,
  );
  console.log(`  dom0kit-console (Node.js)  median ${ours.toFixed(1)} ms`);
  console.log(`  xencontrol (bash)          median ${theirs.toFixed(1)} ms`);
  console.log(`  node -e (reference)        median ${median(times.node).toFixed(1)} ms`);
  console.log(`  ratio dom0kit / baseline   ${(ours / theirs).toFixed(2)}×`);
} finally {
  cleanUp();
}
