import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import { SimHost } from "../src/index.js";
import { sh } from "./helpers/new-sim.js";

const run = promisify(execFile);
const needs = integrationPrerequisites({ root: true, commands: ["ip", "nft"] });

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function realNft(ns: string, args: readonly string[], input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn("ip", ["netns", "exec", ns, "nft", ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // nft may exit before reading its input (a bad option): its stdin closing is not an error here.
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Scripts a tc-builder or firewall might load, applied to the real nft and the simulator alike. */
const SCRIPTS: readonly (readonly [string, string])[] = [
  [
    "a bridge-family priority map (the shaping classifier)",
    `table bridge dom0kit {
  map vif_class {
    type ifname : classid
    elements = { "vif1.0" : 1:10, "vif2.0" : 1:20 }
  }
  chain forward {
    type filter hook forward priority filter; policy accept;
    meta priority set iifname map @vif_class
    iifname "vif3.0" meta priority set 1:30 counter
  }
}
`,
  ],
  [
    "an inet filter with sets, ranges, ct state and jumps",
    `flush ruleset
table inet filter {
  set blocked { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 192.168.1.1 } }
  chain input { type filter hook input priority filter; policy drop;
    ct state established,related accept
    ct state { established, related } counter accept
    iifname "lo" accept
    tcp dport { 22, 80-90 } accept
    ip saddr @blocked drop
    ip6 saddr 2001:db8::/32 jump customers comment "customer range"
  }
  chain customers {
    udp sport 53 accept
    meta l4proto tcp log prefix "cust: " drop
  }
}
`,
  ],
  [
    "anonymous maps, marks and inequality",
    `table bridge shaping {
  chain forward {
    type filter hook forward priority 0; policy accept;
    meta priority set iifname map { "vif1.0" : 1:10, "vif2.0" : 1:20 }
    iifname != "peth0" meta mark set 0x5 counter
    ether saddr 00:16:3e:00:00:01 return
  }
}
`,
  ],
];

describe.skipIf(needs.skip)("nft: the simulator against the real nft (1.0.6) in a namespace", () => {
  const ns = uniqueName("d0knft");
  let dir: string;
  let sim: SimHost;

  beforeAll(async () => {
    await run("ip", ["netns", "add", ns]);
    dir = await mkdtemp(join(tmpdir(), "dom0kit-sim-nft-"));
    sim = await SimHost.create(dir);
  });

  afterAll(async () => {
    await run("ip", ["netns", "del", ns]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  async function both(args: readonly string[], input?: string): Promise<void> {
    const expected = await realNft(ns, args, input);
    const actual = await sh(sim, ["nft", ...args], input === undefined ? {} : { input });
    expect(
      { code: actual.exitCode, stdout: actual.stdout, stderr: actual.stderr },
      `nft ${args.join(" ")}`,
    ).toEqual(expected);
  }

  async function compareRuleset(): Promise<void> {
    await both(["-j", "list", "ruleset"]);
    await both(["list", "ruleset"]);
  }

  it.each(SCRIPTS)("loads %s and lists it identically", async (_what, script) => {
    await both(["flush", "ruleset"]);
    await both(["-f", "-"], script);
    await compareRuleset();
  });

  it("adds and deletes rules, elements and chains by command", async () => {
    await both(["flush", "ruleset"]);
    await both(["-f", "-"], (SCRIPTS[1] as readonly [string, string])[1]);
    await both(["add", "rule", "inet", "filter", "customers", "tcp", "dport", "22", "accept"]);
    await both(["insert", "rule", "inet", "filter", "customers", "iifname", '"vif9.0"', "drop"]);
    await both(["add", "element", "inet", "filter", "blocked", "{", "172.16.0.0/12", "}"]);
    await both(["delete", "rule", "inet", "filter", "customers", "handle", "11"]);
    await both(["add", "table", "ip", "t2"]);
    await both(["add", "chain", "ip", "t2", "c"]);
    await compareRuleset();
    await both(["delete", "table", "ip", "t2"]);
    await both(["-j", "list", "table", "inet", "filter"]);
    await both(["-j", "list", "chain", "inet", "filter", "customers"]);
    await compareRuleset();
  });

  it("applies a script all or nothing", async () => {
    await both(["flush", "ruleset"]);
    await both(["-f", "-"], "table ip keep {\n  chain c {\n  }\n}\n");
    await both(["-f", "-"], "table ip lost {\n  chain c {\n  }\n}\nadd rule ip nosuch c accept\n");
    await compareRuleset();
  });
});
