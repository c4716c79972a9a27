import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import { SimHost } from "../src/index.js";
import { sh, startGuest } from "./helpers/new-sim.js";

const run = promisify(execFile);
const needs = integrationPrerequisites({ root: true, commands: ["ip", "tc"] });

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Auto-assigned handles come from a kernel-wide counter: compare them as a placeholder. */
const normalize = (text: string): string => text.replace(/\b(?!ffff:)[89a-f][0-9a-f]{3}:/g, "AUTO:");

/**
 * The same tc commands against the real tc in a network namespace (devices
 * named like the simulated dom0's: peth0, vif1.0) and against a simulated
 * host; their exit codes, messages and `show` output must be identical.
 */
describe.skipIf(needs.skip)("tc: the simulator against the real tc (iproute2 6.1) in a namespace", () => {
  const ns = uniqueName("d0ksim");
  let sim: SimHost;
  let dir: string;

  async function real(args: readonly string[]): Promise<Result> {
    try {
      const { stdout, stderr } = await run("ip", ["netns", "exec", ns, "tc", ...args]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  async function both(args: readonly string[]): Promise<void> {
    const [expected, actual] = [await real(args), await sh(sim, ["tc", ...args])];
    expect(
      { code: actual.exitCode, stdout: normalize(actual.stdout), stderr: actual.stderr },
      `tc ${args.join(" ")}`,
    ).toEqual({
      code: expected.code,
      stdout: normalize(expected.stdout),
      stderr: expected.stderr,
    });
  }

  async function compareShows(dev: string): Promise<void> {
    for (const show of [
      ["-j", "qdisc", "show", "dev", dev],
      ["qdisc", "show", "dev", dev],
      ["-s", "-j", "qdisc", "show", "dev", dev],
      ["class", "show", "dev", dev],
      ["-j", "class", "show", "dev", dev],
      ["-s", "class", "show", "dev", dev],
      ["-j", "filter", "show", "dev", dev],
      ["filter", "show", "dev", dev],
    ]) {
      await both(show);
    }
  }

  beforeAll(async () => {
    await run("ip", ["netns", "add", ns]);
    for (const [dev, peer] of [
      ["peth0", "p0"],
      ["vif1.0", "v0"],
    ] as const) {
      await run("ip", ["-n", ns, "link", "add", dev, "type", "veth", "peer", "name", peer]);
      await run("ip", ["-n", ns, "link", "set", dev, "up"]);
    }
    dir = await mkdtemp(join(tmpdir(), "dom0kit-sim-tc-"));
    sim = await SimHost.create(dir);
    await startGuest(sim, "vm1");
  });

  afterAll(async () => {
    await run("ip", ["netns", "del", ns]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it("tbf on a vif: add, replace (change), rates, bursts and latency as tc computes them", async () => {
    await both([
      "qdisc",
      "add",
      "dev",
      "vif1.0",
      "root",
      "tbf",
      "rate",
      "1mbit",
      "burst",
      "32kb",
      "latency",
      "50ms",
    ]);
    await compareShows("vif1.0");
    for (const options of [
      ["rate", "1mbit", "burst", "32kb", "latency", "50ms", "peakrate", "2mbit", "mtu", "1540"],
      ["rate", "1500kbit", "burst", "3000", "latency", "400ms"],
      ["rate", "10mbit", "burst", "10kb", "limit", "30000"],
      ["rate", "2gbit", "burst", "1mb", "latency", "2s"],
      ["rate", "100kbps", "burst", "15k", "latency", "15ms"],
    ]) {
      await both(["qdisc", "replace", "dev", "vif1.0", "root", "tbf", ...options]);
      await compareShows("vif1.0");
    }
    await both(["qdisc", "del", "dev", "vif1.0", "root"]);
    await compareShows("vif1.0");
  });

  it("an HTB tree on the NIC with leaf qdiscs, u32 filters, changes and deletions", async () => {
    const dev = ["dev", "peth0"];
    await both(["qdisc", "add", ...dev, "root", "handle", "1:", "htb", "default", "ffff", "r2q", "10"]);
    await both([
      "class",
      "add",
      ...dev,
      "parent",
      "1:",
      "classid",
      "1:1",
      "htb",
      "rate",
      "100mbit",
      "quantum",
      "1514",
    ]);
    await both([
      "class",
      "add",
      ...dev,
      "parent",
      "1:1",
      "classid",
      "1:10",
      "htb",
      "rate",
      "5mbit",
      "ceil",
      "20mbit",
      "quantum",
      "1514",
      "prio",
      "1",
    ]);
    await both([
      "class",
      "add",
      ...dev,
      "parent",
      "1:1",
      "classid",
      "1:11",
      "htb",
      "rate",
      "3mbit",
      "ceil",
      "1mbit",
      "burst",
      "15k",
    ]);
    await both(["class", "add", ...dev, "parent", "1:1", "classid", "1:ffff", "htb", "rate", "1kbit"]);
    await both([
      "class",
      "add",
      ...dev,
      "parent",
      "1:1",
      "classid",
      "1:12",
      "htb",
      "rate",
      "100mbit",
      "ceil",
      "100mbit",
    ]);
    await both(["qdisc", "add", ...dev, "parent", "1:10", "handle", "10:", "pfifo", "limit", "100"]);
    await both(["qdisc", "add", ...dev, "parent", "1:11", "handle", "11:", "bfifo", "limit", "64kb"]);
    await both([
      "filter",
      "add",
      ...dev,
      "parent",
      "1:",
      "protocol",
      "all",
      "prio",
      "1",
      "u32",
      "match",
      "ip",
      "src",
      "192.0.2.11/32",
      "flowid",
      "1:10",
    ]);
    await both([
      "filter",
      "add",
      ...dev,
      "parent",
      "1:",
      "protocol",
      "all",
      "prio",
      "1",
      "u32",
      "match",
      "ip",
      "src",
      "192.0.2.12",
      "match",
      "ip",
      "dport",
      "80",
      "0xffff",
      "flowid",
      "1:11",
    ]);
    await both([
      "filter",
      "add",
      ...dev,
      "parent",
      "1:",
      "protocol",
      "ipv6",
      "prio",
      "2",
      "u32",
      "match",
      "ip6",
      "src",
      "2001:db8::12/64",
      "classid",
      "1:11",
    ]);
    await both([
      "filter",
      "add",
      ...dev,
      "parent",
      "1:",
      "protocol",
      "all",
      "prio",
      "3",
      "u32",
      "match",
      "ether",
      "src",
      "00:16:3e:5a:01:02",
      "flowid",
      "1:11",
    ]);
    await both([
      "filter",
      "add",
      ...dev,
      "parent",
      "1:",
      "protocol",
      "ip",
      "prio",
      "4",
      "u32",
      "match",
      "u32",
      "0",
      "0",
      "at",
      "0",
      "flowid",
      "1:ffff",
    ]);
    await both([
      "filter",
      "add",
      ...dev,
      "parent",
      "1:",
      "protocol",
      "ip",
      "u32",
      "match",
      "ip",
      "protocol",
      "6",
      "0xff",
      "flowid",
      "1:12",
    ]);
    await compareShows("peth0");
    await both(["class", "change", ...dev, "classid", "1:10", "htb", "rate", "2mbit"]);
    await both([
      "class",
      "replace",
      ...dev,
      "parent",
      "1:1",
      "classid",
      "1:10",
      "htb",
      "rate",
      "3mbit",
      "quantum",
      "1514",
    ]);
    await both(["filter", "del", ...dev, "parent", "1:", "prio", "2"]);
    await both(["class", "del", ...dev, "classid", "1:11"]);
    await compareShows("peth0");
    await both(["qdisc", "del", ...dev, "root"]);
    await compareShows("peth0");
  });

  it("an ingress qdisc with a u32 filter", async () => {
    await both(["qdisc", "add", "dev", "vif1.0", "ingress"]);
    await both([
      "filter",
      "add",
      "dev",
      "vif1.0",
      "parent",
      "ffff:",
      "protocol",
      "ip",
      "prio",
      "10",
      "u32",
      "match",
      "ip",
      "dst",
      "10.0.0.0/8",
      "flowid",
      "1:1",
    ]);
    await compareShows("vif1.0");
    await both(["qdisc", "del", "dev", "vif1.0", "ingress"]);
    await compareShows("vif1.0");
  });

  it("rejects what tc and the kernel reject, with their messages and exit codes", async () => {
    await both([
      "qdisc",
      "add",
      "dev",
      "vif1.0",
      "root",
      "tbf",
      "rate",
      "1mbit",
      "latency",
      "50ms",
      "peakrate",
      "2mbit",
      "maxburst",
      "40MB",
    ]);
    await both(["qdisc", "add", "dev", "vif1.0", "root", "tbf", "rate", "1mbit", "burst", "10k"]);
    await both(["qdisc", "add", "dev", "vif1.0", "root", "tbf", "burst", "10k", "limit", "10000"]);
    await both([
      "qdisc",
      "add",
      "dev",
      "vif1.0",
      "root",
      "tbf",
      "rate",
      "1xbit",
      "burst",
      "10k",
      "limit",
      "10000",
    ]);
    await both([
      "qdisc",
      "add",
      "dev",
      "vif1.0",
      "root",
      "tbf",
      "rate",
      "1mbit",
      "burst",
      "10k",
      "latency",
      "50ms",
      "peakrate",
      "1mbit",
      "mtu",
      "1540",
    ]);
    await both(["qdisc", "add", "dev", "vif1.0", "root", "foo", "bar"]);
    await both(["qdisc", "del", "dev", "vif1.0", "root"]);
    await both(["qdisc", "show", "dev", "vif9.0"]);
    await both(["qdisc", "add", "dev", "peth0", "root", "handle", "5:", "htb"]);
    await both(["qdisc", "add", "dev", "peth0", "root", "handle", "5:", "htb"]);
    await both(["qdisc", "add", "dev", "peth0", "root", "handle", "6:", "htb"]);
    await both(["qdisc", "replace", "dev", "peth0", "root", "handle", "5:", "htb", "default", "20"]);
    await both(["class", "add", "dev", "peth0", "parent", "5:", "classid", "5:1", "htb", "ceil", "1mbit"]);
    await both(["class", "add", "dev", "peth0", "parent", "5:", "classid", "6:1", "htb", "rate", "1mbit"]);
    await both(["class", "add", "dev", "peth0", "parent", "5:", "classid", "5:1", "htb", "rate", "1mbit"]);
    await both(["class", "add", "dev", "peth0", "parent", "5:", "classid", "5:1", "htb", "rate", "1mbit"]);
    await both(["qdisc", "add", "dev", "peth0", "parent", "5:9", "handle", "9:", "pfifo"]);
    await both(["class", "del", "dev", "peth0", "classid", "5:7"]);
    await both(["qdisc", "del", "dev", "peth0", "root"]);
    await compareShows("peth0");
  });

  it("applies a batch line by line, stopping at the first failure unless -force", async () => {
    const file = join(sim.dir, "shaping.tc");
    await writeFile(
      file,
      [
        "qdisc add dev peth0 root handle 1: htb default 10",
        "class add dev peth0 parent 1: classid 1:10 htb rate 10mbit quantum 1514",
        "# a comment",
        "qdisc add dev peth0 parent 1:99 handle 99: pfifo",
        "class add dev peth0 parent 1: classid 1:20 htb rate 20mbit quantum 1514",
        "",
      ].join("\n"),
    );
    await both(["-batch", file]);
    await compareShows("peth0");
    await both(["qdisc", "del", "dev", "peth0", "root"]);
    await both(["-force", "-batch", file]);
    await compareShows("peth0");
    await both(["qdisc", "del", "dev", "peth0", "root"]);
  });
});
