// Shaping N domUs (N TBF qdiscs + N HTB classes + classification) in a network
// namespace: dom0kit (applyShaping: read live state, diff, one tc -batch + one
// nft -f) against the field method (one tc / iptables process per rule) and the
// floor (a hand-written tc -batch + nft -f of the same rules, run directly).
// Alternating, in one run; prints medians and ratios.
//
//   sudo node bench/tc-builder/bench.mjs [sizes=1000,4000] [rounds=5] [field rounds=2]
//
// The field method takes minutes at these sizes (one process per rule), so it can
// be timed in fewer rounds than the others: it then runs in the first rounds only.
//
// Needs root, iproute2, nftables, iptables; imports the built packages
// (npx -y pnpm@10 build first).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpus, loadavg, release } from "node:os";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(import.meta.url);

function run(file, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.resume();
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${file} ${args.join(" ")}: exit ${code}: ${stderr.trim()}`)),
    );
    if (input !== undefined) {
      child.stdin.on("error", () => undefined);
      child.stdin.end(input);
    }
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// ---------------------------------------------------------------- outside: make the namespace, re-run inside it
if (process.argv[2] !== "--inside") {
  const sizes = process.argv[2] ?? "1000,4000";
  const rounds = process.argv[3] ?? "5";
  const fieldRounds = process.argv[4] ?? String(Math.min(2, Number(rounds)));
  const namespace = `tcbbench${randomBytes(3).toString("hex")}`;
  // The vifs' other ends live in a second namespace, so the dom0 namespace holds what a real
  // dom0 does: one interface per domU, not two (tc maps every interface on each start).
  const peers = `${namespace}p`;
  spawnSync("ip", ["netns", "add", namespace], { stdio: "inherit" });
  spawnSync("ip", ["netns", "add", peers], { stdio: "inherit" });
  try {
    const child = spawnSync(
      "ip",
      ["netns", "exec", namespace, process.execPath, here, "--inside", sizes, rounds, fieldRounds, peers],
      { stdio: "inherit" },
    );
    process.exitCode = child.status ?? 1;
  } finally {
    spawnSync("ip", ["netns", "del", namespace], { stdio: "inherit" });
    spawnSync("ip", ["netns", "del", peers], { stdio: "inherit" });
  }
} else {
  await inside(
    process.argv[3].split(",").map(Number),
    Number(process.argv[4]),
    Number(process.argv[5]),
    process.argv[6],
  );
}

// ---------------------------------------------------------------- inside the namespace
async function inside(sizes, rounds, fieldRounds, peers) {
  const { ExecaRunner } = await import("../../packages/runner/dist/index.js");
  const { applyShaping } = await import("../../packages/tc-builder/dist/index.js");
  const runner = new ExecaRunner();

  const tcVersion = spawnSync("tc", ["-V"], { encoding: "utf8" }).stdout.trim();
  console.log(
    `# tc-builder bench: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, kernel ${release()}, ${tcVersion}, node ${process.version}`,
  );
  console.log(
    `# load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );

  const maxSize = Math.max(...sizes);
  const links = [`link add peth0 type veth peer name pnet netns ${peers}`];
  for (let i = 0; i < maxSize; i += 1)
    links.push(`link add vif${i}.0 type veth peer name p${i} netns ${peers}`);
  // Up, as the vifs of running domUs are (the kernel then gives each its default qdisc).
  links.push("link set peth0 up");
  for (let i = 0; i < maxSize; i += 1) links.push(`link set vif${i}.0 up`);
  await run("ip", ["-batch", "-"], `${links.join("\n")}\n`);

  for (const size of sizes) {
    const domains = Array.from({ length: size }, (_, i) => {
      const mbit = 1 + (i % 10);
      return {
        name: `vm${i}`,
        vif: `vif${i}.0`,
        in: { rate: `${mbit}mbit` },
        out: { rate: `${mbit}mbit`, ceil: `${2 * mbit}mbit` },
      };
    });
    const input = { uplink: { interface: "peth0", rate: "40gbit" }, domains };

    // The floor: the same rules, written by hand, run as two processes.
    const floorTc = [
      "qdisc add dev peth0 root handle d0: htb default ffff direct_qlen 0",
      "class add dev peth0 parent d0: classid d0:1 htb rate 40gbit ceil 40gbit burst 20mb cburst 20mb quantum 200000",
      "class add dev peth0 parent d0:1 classid d0:ffff htb rate 400mbit ceil 40gbit burst 200kb cburst 20mb quantum 200000",
    ];
    const floorElements = [];
    domains.forEach((domain, i) => {
      const mbit = 1 + (i % 10);
      const minor = (i + 2).toString(16);
      floorTc.push(
        `qdisc add dev ${domain.vif} root handle d0: tbf rate ${mbit}mbit burst 5000 latency 50ms`,
      );
      floorTc.push(
        `class add dev peth0 parent d0:1 classid d0:${minor} htb rate ${mbit}mbit ceil ${2 * mbit}mbit burst 6kb cburst 12kb quantum 50000 prio 0`,
      );
      floorElements.push(`"${domain.vif}" : d0:${minor}`);
    });
    const floorTcText = `${floorTc.join("\n")}\n`;
    const floorNftText =
      "table bridge dom0kit {\n\tmap vif_class {\n\t\ttype ifname : classid\n\t}\n" +
      "\tchain forward {\n\t\ttype filter hook forward priority 0; policy accept;\n\t\tmeta priority set iifname map @vif_class\n\t}\n}\n" +
      `add element bridge dom0kit vif_class { ${floorElements.join(", ")} }\n`;

    // The field method: one process per rule (CLASSIFY stands in for MARK + an fw filter,
    // which this kernel lacks — one process fewer per domU than the field script).
    const fieldCommands = [
      ["tc", ["qdisc", "add", "dev", "peth0", "root", "handle", "d0:", "htb", "default", "ffff"]],
      ["tc", ["class", "add", "dev", "peth0", "parent", "d0:", "classid", "d0:1", "htb", "rate", "40gbit"]],
      [
        "tc",
        [
          "class",
          "add",
          "dev",
          "peth0",
          "parent",
          "d0:1",
          "classid",
          "d0:ffff",
          "htb",
          "rate",
          "400mbit",
          "ceil",
          "40gbit",
        ],
      ],
    ];
    domains.forEach((domain, i) => {
      const mbit = 1 + (i % 10);
      const minor = (i + 2).toString(16);
      fieldCommands.push([
        "tc",
        [
          "qdisc",
          "add",
          "dev",
          domain.vif,
          "root",
          "tbf",
          "rate",
          `${mbit}mbit`,
          "burst",
          "5000",
          "latency",
          "50ms",
        ],
      ]);
      fieldCommands.push([
        "tc",
        [
          "class",
          "add",
          "dev",
          "peth0",
          "parent",
          "d0:1",
          "classid",
          `d0:${minor}`,
          "htb",
          "rate",
          `${mbit}mbit`,
          "ceil",
          `${2 * mbit}mbit`,
        ],
      ]);
      fieldCommands.push([
        "iptables",
        [
          "-t",
          "mangle",
          "-A",
          "FORWARD",
          "-m",
          "physdev",
          "--physdev-in",
          domain.vif,
          "-j",
          "CLASSIFY",
          "--set-class",
          `d0:${minor}`,
        ],
      ]);
    });

    const reset = async () => {
      const lines = [
        "qdisc del dev peth0 root",
        ...domains.map((domain) => `qdisc del dev ${domain.vif} root`),
      ];
      await run("tc", ["-force", "-batch", "-"], `${lines.join("\n")}\n`).catch(() => undefined);
      await run("nft", ["delete", "table", "bridge", "dom0kit"]).catch(() => undefined);
      await run("iptables", ["-t", "mangle", "-F", "FORWARD"]).catch(() => undefined);
    };

    const contenders = {
      dom0kit: async () => {
        const result = await applyShaping(runner, input, { strategy: "nft" });
        if (result.report?.status !== "succeeded")
          throw new Error(`dom0kit apply failed: ${result.report?.failedStep?.error?.message}`);
      },
      field: async () => {
        for (const [file, args] of fieldCommands) await run(file, args);
      },
      floor: async () => {
        await run("tc", ["-batch", "-"], floorTcText);
        await run("nft", ["-f", "-"], floorNftText);
      },
    };
    const times = { dom0kit: [], field: [], floor: [], reapply: [] };
    // BENCH_SKIP_FIELD=1 leaves the (slow) field method out, for quick looks.
    const order = Object.keys(contenders).filter(
      (name) => name !== "field" || process.env.BENCH_SKIP_FIELD !== "1",
    );
    await reset();
    for (let round = 0; round < rounds; round += 1) {
      for (let k = 0; k < order.length; k += 1) {
        const name = order[(round + k) % order.length];
        if (name === "field" && round >= fieldRounds) continue;
        const started = performance.now();
        await contenders[name]();
        times[name].push(performance.now() - started);
        if (name === "dom0kit") {
          const again = performance.now();
          const result = await applyShaping(runner, input, { strategy: "nft" });
          times.reapply.push(performance.now() - again);
          if (result.operations !== 0) throw new Error(`re-apply planned ${result.operations} changes`);
        }
        await reset();
      }
      process.stderr.write(
        `  ${size} domUs, round ${round + 1}/${rounds}: ${order.map((n) => `${n} ${times[n].at(-1)?.toFixed(0) ?? "-"} ms`).join(", ")}, re-apply ${times.reapply.at(-1).toFixed(0)} ms, load ${loadavg()[0].toFixed(1)}\n`,
      );
    }
    const m = Object.fromEntries(
      Object.entries(times).map(([name, values]) => [
        name,
        values.length === 0 ? Number.NaN : median(values),
      ]),
    );
    console.log(
      `\n## ${size} domUs (${size} TBF + ${size + 2} HTB classes + nft map of ${size}), medians of ${rounds} rounds (field method: ${times.field.length})`,
    );
    console.log(`dom0kit (read + diff + tc -batch + nft -f): ${m.dom0kit.toFixed(0)} ms`);
    console.log(`field method (${fieldCommands.length} processes):     ${m.field.toFixed(0)} ms`);
    console.log(`floor (hand-written tc -batch + nft -f):    ${m.floor.toFixed(0)} ms`);
    console.log(`re-apply unchanged (reads only):            ${m.reapply.toFixed(0)} ms`);
    console.log(`field / dom0kit:     ${(m.field / m.dom0kit).toFixed(1)}× faster   (target ≥ 20×)`);
    console.log(`dom0kit / floor:     ${(m.dom0kit / m.floor).toFixed(2)}×          (target ≤ 1.3×)`);
    console.log(
      `re-apply / apply:    ${((100 * m.reapply) / m.dom0kit).toFixed(1)}%          (target < 10%)`,
    );
  }
  console.log(
    `\n# load average at end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
}
