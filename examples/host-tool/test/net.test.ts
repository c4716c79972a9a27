import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: process.cwd(),
  });
  return { exitCode, stdout, stderr };
}

describe("dom0kit net plan --fresh (no host read)", () => {
  it("prints one tc batch and one nft transaction for the inventory", async () => {
    const result = await cli(["net", "plan", "--fresh", "-i", DENMARK]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("# shape domU traffic on peth0 (nft classification): 2 commands\n");
    expect(result.stdout).toContain(
      "$ tc -batch - <<'EOF'\nqdisc add dev peth0 root handle d0: htb default ffff direct_qlen 0\n",
    );
    expect(result.stdout).toContain(
      "qdisc add dev osric root handle d0: tbf rate 1mbit burst 1514 latency 50ms\n",
    );
    expect(result.stdout).toMatch(
      /class add dev peth0 parent d0:1 classid d0:[0-9a-f]+ htb rate 5mbit ceil 20mbit /u,
    );
    expect(result.stdout).toContain("$ nft -f - <<'EOF'\ntable bridge dom0kit {");
    expect(result.stdout).toMatch(/add element bridge dom0kit vif_class \{ "horatio" : d0:[0-9a-f]+, /u);
  });

  it("prints one command per rule with --format commands", async () => {
    const result = await cli(["net", "plan", "--fresh", "--format", "commands", "-i", DENMARK]);
    expect(result.exitCode).toBe(0);
    const commands = result.stdout.split("\n").filter((line) => line.startsWith("$ "));
    expect(commands[0]).toBe("$ tc qdisc add dev peth0 root handle d0: htb default ffff direct_qlen 0");
    expect(commands.filter((line) => line.startsWith("$ tc qdisc add dev ")).length).toBe(6);
    expect(commands.filter((line) => line.startsWith("$ tc class add ")).length).toBe(7);
    expect(commands).toContain("$ nft add table bridge dom0kit");
  });

  it("prints a POSIX shell script with --format script", async () => {
    const result = await cli([
      "net",
      "plan",
      "--fresh",
      "--format",
      "script",
      "--strategy",
      "classify",
      "-i",
      DENMARK,
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith("#!/bin/sh\n")).toBe(true);
    expect(result.stdout).toContain("| tc -batch -");
    expect(result.stdout).toContain("| iptables-restore --noflush");
    expect(result.stdout).toContain("| ip6tables-restore --noflush");
    expect(result.stdout).toContain(
      "sysctl -q -w net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1",
    );
  });

  it("prints JSON with the plan, the batch files and the warnings", async () => {
    const result = await cli(["--json", "net", "plan", "--fresh", "--strategy", "u32", "-i", DENMARK]);
    const json = JSON.parse(result.stdout) as {
      strategy: string;
      operations: number;
      files: { tc: string };
      plan: { steps: { argv: string[] }[] };
    };
    expect(json.strategy).toBe("u32");
    expect(json.files.tc).toContain("u32 match ip src 192.0.2.12/32");
    expect(json.files.tc).toContain("u32 match ip6 src 2001:db8::12/128");
    expect(json.plan.steps.map((step) => step.argv.join(" "))).toEqual(["tc -batch -"]);
    expect(json.operations).toBeGreaterThan(10);
  });

  it("reports shaping problems at their place in the inventory", async () => {
    const dir = await testTempDir();
    const file = join(dir, "dom0kit.yaml");
    const text = (await readFile(DENMARK, "utf8")).replace(
      "rate: { in: 10mbit, out: 5mbit, ceil: 20mbit }",
      "rate: { in: 10mbit, out: 5mbit, ceil: 2mbit }",
    );
    await writeFile(file, text);
    const result = await cli(["net", "plan", "--fresh", "-i", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("domains[0].network[0].rate.ceil: ceil 2Mbit is below rate 5Mbit");
    expect(result.stdout).toBe("");
  });

  it("warns when guaranteed rates exceed the uplink, with the numbers", async () => {
    const dir = await testTempDir();
    const file = join(dir, "dom0kit.yaml");
    await writeFile(file, (await readFile(DENMARK, "utf8")).replace("uplink: 100mbit", "uplink: 20mbit"));
    const result = await cli(["net", "plan", "--fresh", "-i", file]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      "warning: domains: guaranteed rates add up to 28Mbit for 5 domUs + 200Kbit for the default class",
    );
  });

  it("rejects an unknown strategy with exit 2", async () => {
    const result = await cli(["net", "plan", "--strategy", "magic", "-i", DENMARK]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("argument 'magic' is invalid");
  });

  it.each([["plan"], ["apply"], ["show"], ["teardown"], ["detect"]])("has help for net %s", async (name) => {
    const result = await cli(["net", name, "--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Usage: dom0kit net ${name}`);
  });
});

describe("shapingFromInventory", () => {
  it("maps each interface to a domU entry, and problems back to the inventory", async () => {
    const { loadInventory } = await import("@dom0kit/inventory");
    const { shapingFromInventory, inventoryPath } = await import("../src/net/shaping-input.js");
    const inventory = await loadInventory(DENMARK);
    const twoNics = {
      ...inventory,
      domains: inventory.domains.map((domain, index) =>
        index === 0
          ? {
              ...domain,
              network: [
                ...domain.network,
                {
                  ...domain.network[0]!,
                  vifname: "horatio-2",
                  mac: "00:16:3e:5a:01:99",
                  rate: { ceil: "5mbit" },
                },
              ],
            }
          : domain,
      ),
    };
    const shaping = shapingFromInventory(twoNics, 1000);
    expect(shaping.input.hz).toBe(1000);
    expect(shaping.input.uplink).toEqual({ interface: "peth0", rate: "100mbit" });
    expect(shaping.input.domains.slice(0, 2)).toEqual([
      {
        name: "horatio",
        vif: "horatio",
        ips: ["192.0.2.11"],
        mac: "00:16:3e:5a:01:01",
        in: { rate: "10mbit" },
        out: { rate: "5mbit", ceil: "20mbit" },
      },
      { name: "horatio/horatio-2", vif: "horatio-2", ips: ["192.0.2.11"], mac: "00:16:3e:5a:01:99" },
    ]);
    expect(shaping.notes).toEqual([
      "domains[0].network[1].rate.ceil: ignored — a ceiling needs a guaranteed rate.out",
    ]);
    expect(inventoryPath("domains[1].vif", shaping.sources)).toBe("domains[0].network[1].vifname");
    expect(inventoryPath("domains[2].in.rate", shaping.sources)).toBe("domains[1].network[0].rate.in");
    expect(inventoryPath("uplink.rate", shaping.sources)).toBe("host.network.uplink");
  });
});
