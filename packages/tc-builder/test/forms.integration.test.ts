import { ExecaRunner, renderScript } from "@dom0kit/runner";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyShaping,
  planFreshShaping,
  planShaping,
  readLiveState,
  teardownShaping,
  type ClassificationStrategy,
  type ShapingInput,
} from "../src/index.js";
import { Dom0Network } from "./helpers/dom0-network.js";
import { NetnsRunner } from "./helpers/netns-runner.js";

const needs = integrationPrerequisites({
  root: true,
  commands: ["ip", "tc", "nft", "iptables", "ip6tables", "sh"],
});

describe.skipIf(needs.skip)("output forms: single commands, batch files, a shell script", () => {
  let network: Dom0Network;
  let runner: NetnsRunner;
  let input: ShapingInput;
  let pristine: string;

  /** Everything dom0kit may create, as the tools print it (counters left out). */
  const snapshot = async (): Promise<string> => {
    const parts = await Promise.all([
      network.exec(network.dom0, ["tc", "-j", "qdisc", "show"]),
      network.exec(network.dom0, ["tc", "-d", "class", "show", "dev", "peth0"]),
      network.exec(network.dom0, ["tc", "-j", "filter", "show", "dev", "peth0"]),
      network.exec(network.dom0, ["nft", "-s", "list", "ruleset"]),
      network.exec(network.dom0, ["iptables", "-t", "mangle", "-S"]),
      network.exec(network.dom0, ["ip6tables", "-t", "mangle", "-S"]),
    ]);
    return parts.join("\n---\n");
  };

  beforeAll(async () => {
    network = await Dom0Network.create(3);
    runner = new NetnsRunner(network.dom0, new ExecaRunner());
    input = {
      uplink: { interface: "peth0", rate: "100mbit" },
      domains: network.domains.map((domain, index) => ({
        name: `vm${String(index + 1)}`,
        vif: domain.vif,
        ips: [domain.ipv4, domain.ipv6],
        in: { rate: `${String(index + 2)}mbit`, ...(index === 0 ? { peakrate: "20mbit", mtu: "1540" } : {}) },
        out: { rate: `${String(index + 1)}mbit`, ceil: "50mbit" },
      })),
    };
    // A rule someone else owns, ahead of ours: it must survive every apply and teardown.
    // (It also makes iptables-nft create its mangle table, which iptables never removes again.)
    for (const program of ["iptables", "ip6tables"] as const) {
      await network.exec(network.dom0, [
        program,
        "-t",
        "mangle",
        "-A",
        "FORWARD",
        "-p",
        "udp",
        "--dport",
        "9",
        "-j",
        "ACCEPT",
      ]);
    }
    pristine = await snapshot();
  });

  afterAll(async () => {
    await network?.destroy();
  });

  it.each<ClassificationStrategy>(["nft", "classify", "u32"])(
    "the %s strategy's single commands, batch files and script all build the same state",
    async (strategy) => {
      const results: string[] = [];
      for (const form of ["commands", "batch", "script"] as const) {
        if (form === "script") {
          const { plan } = await planShaping(runner, input, { strategy, form: "batch" });
          await runner.run({ file: "sh", args: ["-c", renderScript(plan)] });
        } else {
          const result = await applyShaping(runner, input, { strategy, form });
          expect(result.report?.status, form).toBe("succeeded");
        }
        results.push(await snapshot());
        expect((await applyShaping(runner, input, { strategy })).operations, `re-apply after ${form}`).toBe(
          0,
        );
        const { report } = await teardownShaping(runner, { uplink: "peth0" });
        expect(report?.status).toBe("succeeded");
        expect(await snapshot(), `teardown after ${form}`).toBe(pristine);
      }
      expect(results[1]).toBe(results[0]);
      expect(results[2]).toBe(results[0]);
    },
    60_000,
  );

  it("reads a TBF's peak rate back even though iproute2 6.1's JSON leaves it out", async () => {
    await applyShaping(runner, input, { strategy: "nft" });
    const changed: ShapingInput = {
      ...input,
      domains: input.domains.map((domain, index) =>
        index === 0 ? { ...domain, in: { rate: "2mbit", peakrate: "30mbit", mtu: "1540" } } : domain,
      ),
    };
    const { changes } = await planShaping(runner, changed, { strategy: "nft" });
    expect(changes.tc).toEqual([
      expect.objectContaining({ op: "tbf-change", dev: "vif1.0", why: "vm1: peakrate changed" }),
    ]);
    await teardownShaping(runner, { uplink: "peth0" });
  });

  it("reads every TBF's peak rate, root or not, in one more tc process", async () => {
    await applyShaping(runner, input, { strategy: "nft" });
    // Someone else's TBF under an HTB class, on an interface that is not a vif: its root
    // qdisc (HTB) prints no peak rate, the TBF below it does.
    const dom0 = (argv: readonly [string, ...string[]]) => network.exec(network.dom0, argv);
    await dom0(["ip", "link", "add", "other0", "type", "veth", "peer", "name", "other1"]);
    try {
      // Words of three tc commands; none holds a space.
      const tc = (words: string): Promise<string> => dom0(["tc", ...words.split(" ")]);
      await tc("qdisc add dev other0 root handle 1: htb");
      await tc("class add dev other0 parent 1: classid 1:1 htb rate 5mbit");
      await tc(
        "qdisc add dev other0 parent 1:1 handle 10: tbf rate 1mbit burst 5000 latency 50ms peakrate 10mbit mtu 1540",
      );
      runner.reset();
      const live = await readLiveState(runner, { uplink: "peth0" });
      const tbfs = live.qdiscs.filter((qdisc) => qdisc.kind === "tbf");
      expect(tbfs.find((qdisc) => qdisc.dev === "other0")?.tbf?.peakrate).toBe(1_250_000);
      expect(tbfs.find((qdisc) => qdisc.dev === network.domains[0]?.vif)?.tbf?.peakrate).toBe(2_500_000);
      expect(tbfs.filter((qdisc) => qdisc.tbf?.peakrate === undefined)).toHaveLength(2);
      expect(runner.commands.filter((command) => command.file === "tc")).toHaveLength(2);
    } finally {
      await dom0(["ip", "link", "del", "other0"]);
      await teardownShaping(runner, { uplink: "peth0" });
    }
  });

  it("a plan made without a host matches what apply does on a fresh one", async () => {
    const fresh = planFreshShaping(input, { strategy: "nft" });
    const { plan } = await planShaping(runner, input, { strategy: "nft" });
    expect(plan.steps.map((step) => [step.command.file, step.command.args, step.command.input])).toEqual(
      fresh.plan.steps.map((step) => [step.command.file, step.command.args, step.command.input]),
    );
  });
});
