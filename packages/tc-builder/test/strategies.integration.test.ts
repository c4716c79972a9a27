import { ExecaRunner, type Command } from "@dom0kit/runner";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyShaping,
  chooseStrategy,
  detectStrategies,
  isReadOnlyCommand,
  parseTcBatchErrors,
  planShaping,
  readLiveState,
  renderBatchFiles,
  resolveShaping,
  ShapingConflictError,
  teardownShaping,
  type ClassificationStrategy,
  type ShapingInput,
  type StrategySupport,
} from "../src/index.js";
import { Dom0Network } from "./helpers/dom0-network.js";
import { IperfServer, measureWithRetry } from "./helpers/iperf.js";
import { NetnsRunner } from "./helpers/netns-runner.js";

const needs = integrationPrerequisites({
  root: true,
  commands: ["ip", "tc", "nft", "iptables-restore", "ip6tables-restore", "iperf3", "ss", "unshare"],
});

describe.skipIf(needs.skip)("classification strategies on the running kernel", () => {
  let network: Dom0Network;
  let runner: NetnsRunner;
  let iperf: IperfServer;
  let input: ShapingInput;
  let support: StrategySupport[];
  let qdiscsBefore: string;

  const rawQdiscs = async (): Promise<string> => network.exec(network.dom0, ["tc", "-j", "qdisc", "show"]);
  const classBytes = async (minor: number): Promise<number> => {
    const live = await readLiveState(runner, { uplink: "peth0", stats: true });
    return live.classes.find((each) => each.minor === minor)?.counters?.bytes ?? Number.NaN;
  };

  beforeAll(async () => {
    network = await Dom0Network.create(3);
    runner = new NetnsRunner(network.dom0, new ExecaRunner());
    iperf = await IperfServer.start(network);
    const [vm1, vm2, vm3] = network.domains;
    input = {
      uplink: { interface: "peth0", rate: "1gbit" },
      domains: [
        {
          name: "vm1",
          vif: vm1!.vif,
          ips: [vm1!.ipv4, vm1!.ipv6],
          in: { rate: "4mbit" },
          out: { rate: "4mbit" },
        },
        { name: "vm2", vif: vm2!.vif, ips: [vm2!.ipv4], out: { rate: "2mbit", ceil: "8mbit" } },
        { name: "vm3", vif: vm3!.vif, ips: [vm3!.ipv4, vm3!.ipv6] },
      ],
    };
    qdiscsBefore = await rawQdiscs();
    support = await detectStrategies(runner);
  });

  afterAll(async () => {
    await iperf?.stop();
    await network?.destroy();
  });

  it("detects what the kernel has: nft, classify and u32, but not fw", () => {
    const byName = Object.fromEntries(support.map((each) => [each.strategy, each]));
    expect(byName.nft?.available).toBe(true);
    expect(byName.classify?.available).toBe(true);
    expect(byName.u32?.available).toBe(true);
    expect(byName.fw).toMatchObject({
      available: false,
      reason: expect.stringMatching(/no fw classifier .*TC classifier not found/u) as string,
    });
    expect(chooseStrategy(support)).toBe("nft");
    expect(() => chooseStrategy(support, "fw")).toThrow(ShapingConflictError);
    expect(() => chooseStrategy(support, "fw")).toThrow(
      /the fw strategy is not available here: the kernel has no fw classifier/u,
    );
  });

  it.each<[ClassificationStrategy, string[]]>([
    ["classify", ["tc -batch -", "iptables-restore --noflush", "ip6tables-restore --noflush"]],
    ["u32", ["tc -batch -"]],
  ])(
    "shapes with the %s strategy, re-applies with no change and tears down cleanly",
    async (strategy, processes) => {
      const desired = resolveShaping(input);
      const vm1Minor = desired.domains[0]!.minor!;
      runner.reset();
      const first = await applyShaping(runner, input, { strategy });
      expect(first.report?.status).toBe("succeeded");
      const writes = runner.commands.filter((command: Command) => !isReadOnlyCommand(command));
      expect(writes.map((command) => [command.file, ...command.args].join(" "))).toEqual(processes);

      // IPv4 from vm1 is in vm1's class, at vm1's rate.
      const before = await classBytes(vm1Minor);
      const within = (mbit: number): boolean => Math.abs(mbit - 4) <= 4 * 0.15;
      const measured = await measureWithRetry(
        () => iperf.measure(network.domains[0]!.namespace, { toDomain: false, seconds: 3 }),
        within,
      );
      expect(within(measured.at(-1)!), `${strategy} vm1 out: ${measured.join(", ")} Mbit/s`).toBe(true);
      // IPv6 from vm1 is in vm1's class too (ip6tables rules; a u32 ip6 filter for its address).
      const afterV4 = await classBytes(vm1Minor);
      await iperf.measure(network.domains[0]!.namespace, { toDomain: false, seconds: 1, ipv6: true });
      expect(afterV4 - before).toBeGreaterThan(1_000_000);
      expect((await classBytes(vm1Minor)) - afterV4).toBeGreaterThan(300_000);
      // vm2's IPv6 address is not in the inventory: under u32 its IPv6 traffic cannot be classified and lands in the default class.
      const defaultBefore = await classBytes(0xffff);
      await iperf.measure(network.domains[2]!.namespace, { toDomain: false, seconds: 1, ipv6: true });
      if (strategy === "u32")
        await iperf.measure(network.domains[1]!.namespace, { toDomain: false, seconds: 1, ipv6: true });
      expect((await classBytes(0xffff)) - defaultBefore).toBeGreaterThan(1_000_000);
      const live = await readLiveState(runner, { uplink: "peth0", stats: true });
      expect(live.qdiscs.find((q) => q.dev === "peth0" && q.root)?.htb?.directPackets).toBe(0);

      runner.reset();
      const again = await applyShaping(runner, input, { strategy });
      expect(again.operations).toBe(0);
      expect(runner.commands.filter((command) => !isReadOnlyCommand(command))).toEqual([]);

      const { report } = await teardownShaping(runner, { uplink: "peth0" });
      expect(report?.status).toBe("succeeded");
      expect(await rawQdiscs()).toBe(qdiscsBefore);
      const chains = await network.exec(network.dom0, ["iptables-save", "-t", "mangle"]);
      expect(chains).not.toContain("DOM0KIT");
    },
    90_000,
  );

  it("switches strategy in one apply, removing the old strategy's rules", async () => {
    await applyShaping(runner, input, { strategy: "u32" });
    const switched = await applyShaping(runner, input, { strategy: "nft" });
    expect(switched.report?.status).toBe("succeeded");
    const filters = await network.exec(network.dom0, [
      "tc",
      "-j",
      "filter",
      "show",
      "dev",
      "peth0",
      "parent",
      "d0:",
    ]);
    expect(JSON.parse(filters)).toEqual([]);
    expect((await applyShaping(runner, input)).operations).toBe(0); // "auto" keeps nft now
    await teardownShaping(runner, { uplink: "peth0" });
    expect(await rawQdiscs()).toBe(qdiscsBefore);
  }, 60_000);

  it("reports the fw strategy as skipped here, and its batch file still passes tc's syntax check", async () => {
    const fw = support.find((each) => each.strategy === "fw");
    expect(fw?.available).toBe(false);
    // Plan the field method anyway and hand its batch to the real tc; -force goes on after a failing line.
    const { changes } = await planShaping(runner, input, { strategy: "fw" });
    const files = renderBatchFiles(changes);
    const lines = (files.tc ?? "").trimEnd().split("\n");
    const result = await runner.run({
      file: "tc",
      args: ["-force", "-batch", "-"],
      input: files.tc ?? "",
      okExitCodes: [0, 1],
    });
    const failures = parseTcBatchErrors(result.stderr);
    const fwLines = lines.flatMap((line, index) => (/ fw classid /u.test(line) ? [index + 1] : []));
    expect(fwLines).toHaveLength(2);
    // Only the fw filters failed, and only because this kernel has no fw classifier: no syntax error anywhere.
    expect(failures.map((failure) => failure.line)).toEqual(fwLines);
    expect(failures.every((failure) => failure.kind === "classifier-missing")).toBe(true);
    // The iptables half of the field method (physdev + MARK) is accepted by the kernel.
    const mark = await runner.run({
      file: "iptables-restore",
      args: ["--noflush"],
      input: files.iptables ?? "",
    });
    expect(mark.exitCode).toBe(0);
    expect(await network.exec(network.dom0, ["iptables-save", "-t", "mangle"])).toMatch(
      /-j MARK --set-xmark 0x[0-9a-f]+\/0xffff/u,
    );
    // A line with a real syntax error is told apart from a missing classifier.
    const typo = await runner.run({
      file: "tc",
      args: ["-force", "-batch", "-"],
      input: `${(lines.find((line) => line.includes(" fw ")) ?? "").replace("classid", "clasid")}\n`,
      okExitCodes: [0, 1],
    });
    expect(parseTcBatchErrors(typo.stderr)).toEqual([expect.objectContaining({ line: 1, kind: "syntax" })]);

    await teardownShaping(runner, { uplink: "peth0" });
    expect(await rawQdiscs()).toBe(qdiscsBefore);
    expect(await network.exec(network.dom0, ["iptables-save", "-t", "mangle"])).not.toContain("DOM0KIT");
  }, 60_000);
});
