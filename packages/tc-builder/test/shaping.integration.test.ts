import { ExecaRunner, type Command } from "@dom0kit/runner";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyShaping,
  isReadOnlyCommand,
  readKernelHz,
  readLiveState,
  resolveShaping,
  teardownShaping,
  shapingStatus,
  type ShapingInput,
} from "../src/index.js";
import { Dom0Network } from "./helpers/dom0-network.js";
import { IperfServer, measureWithRetry } from "./helpers/iperf.js";
import { NetnsRunner } from "./helpers/netns-runner.js";

const needs = integrationPrerequisites({
  root: true,
  commands: ["ip", "tc", "nft", "iperf3", "ss", "unshare"],
});

/** Within ±15% of the configured rate, as the issue asks. */
const TOLERANCE = 0.15;

interface RawQdisc {
  kind: string;
  handle: string;
  dev: string;
  root?: boolean;
  options: Record<string, unknown>;
}

/** What iperf3 measured, printed once at the end (the rates are the point of the suite). */
const measured: string[] = [];

function note(what: string, mbits: readonly number[], want: string): void {
  measured.push(`${what}: ${mbits.map((mbit) => mbit.toFixed(2)).join(" then ")} Mbit/s (want ${want})`);
}

function modifying(commands: readonly Command[]): Command[] {
  return commands.filter((command) => !isReadOnlyCommand(command));
}

describe.skipIf(needs.skip)("shaping a dom0 network in namespaces (nft strategy)", () => {
  let network: Dom0Network;
  let runner: NetnsRunner;
  let iperf: IperfServer;
  let input: ShapingInput;
  let qdiscsBefore: string;

  const rawQdiscs = async (): Promise<RawQdisc[]> =>
    JSON.parse(await network.exec(network.dom0, ["tc", "-j", "qdisc", "show"])) as RawQdisc[];
  const rawClasses = async (): Promise<string> =>
    network.exec(network.dom0, ["tc", "-d", "class", "show", "dev", "peth0"]);

  beforeAll(async () => {
    network = await Dom0Network.create(3);
    runner = new NetnsRunner(network.dom0, new ExecaRunner());
    iperf = await IperfServer.start(network);
    const [vm1, vm2, vm3] = network.domains;
    const { hz } = await readKernelHz(runner);
    input = {
      uplink: { interface: "peth0", rate: "1gbit" },
      hz,
      domains: [
        {
          name: "vm1",
          vif: vm1!.vif,
          ips: [vm1!.ipv4, vm1!.ipv6],
          in: { rate: "4mbit" },
          out: { rate: "4mbit" },
        },
        {
          name: "vm2",
          vif: vm2!.vif,
          ips: [vm2!.ipv4, vm2!.ipv6],
          in: { rate: "8mbit" },
          out: { rate: "2mbit", ceil: "8mbit" },
        },
        { name: "vm3", vif: vm3!.vif, ips: [vm3!.ipv4, vm3!.ipv6] },
      ],
    };
    qdiscsBefore = JSON.stringify(await rawQdiscs());
  });

  afterAll(async () => {
    if (measured.length > 0) console.info(`measured throughput (TCP, iperf3):\n  ${measured.join("\n  ")}`);
    await iperf?.stop();
    await network?.destroy();
  });

  it("applies in two processes: one tc batch, one nft transaction", async () => {
    runner.reset();
    const result = await applyShaping(runner, input);
    expect(result.report?.status).toBe("succeeded");
    expect(result.strategy).toBe("nft");
    expect(modifying(runner.commands).map((command) => [command.file, ...command.args].join(" "))).toEqual([
      "tc -batch -",
      "nft -f -",
    ]);
    expect(result.changes.foreign).toEqual([]);
  });

  it("reads back every qdisc and class with tc", async () => {
    const desired = resolveShaping(input);
    const qdiscs = await rawQdiscs();
    const root = (dev: string): RawQdisc | undefined => qdiscs.find((q) => q.dev === dev && q.root === true);
    expect(root("peth0")).toMatchObject({ kind: "htb", handle: "d0:", options: { default: "0xffff" } });
    expect(root("vif1.0")).toMatchObject({
      kind: "tbf",
      handle: "d0:",
      options: { rate: 500_000, lat: 50_000 },
    });
    expect(root("vif2.0")).toMatchObject({
      kind: "tbf",
      handle: "d0:",
      options: { rate: 1_000_000, lat: 50_000 },
    });
    expect(root("vif3.0")?.handle).not.toBe("d0:");
    expect(qdiscs.filter((q) => q.handle === "d0:")).toHaveLength(3);

    const classes = (await rawClasses()).split("\n").filter((line) => line.startsWith("class "));
    expect(classes).toHaveLength(4);
    const line = (minor: number): string =>
      classes.find((each) => each.startsWith(`class htb d0:${minor.toString(16)} `)) ?? "";
    expect(line(1)).toMatch(/ root rate 1Gbit ceil 1Gbit /u);
    expect(line(0xffff)).toMatch(/parent d0:1 prio 0 quantum 125000 rate 10Mbit ceil 1Gbit /u);
    const [vm1, vm2] = desired.domains;
    expect(line(vm1!.minor!)).toMatch(/parent d0:1 prio 0 quantum 50000 rate 4Mbit ceil 4Mbit /u);
    expect(line(vm2!.minor!)).toMatch(/parent d0:1 prio 0 quantum 25000 rate 2Mbit ceil 8Mbit /u);

    const map = JSON.parse(
      await network.exec(network.dom0, ["nft", "-j", "list", "map", "bridge", "dom0kit", "vif_class"]),
    ) as {
      nftables: { map?: { elem?: [string, string][] } }[];
    };
    const elements = map.nftables.flatMap((item) => item.map?.elem ?? []);
    expect(elements.sort()).toEqual(
      [
        ["vif1.0", `d0:${vm1!.minor!.toString(16)}`],
        ["vif2.0", `d0:${vm2!.minor!.toString(16)}`],
      ].sort(),
    );
  });

  it("holds each shaped domU to its rate, both directions (TCP, ±15%)", async () => {
    const cases = [
      { vm: 0, toDomain: false, rate: 4 },
      { vm: 0, toDomain: true, rate: 4 },
      { vm: 1, toDomain: true, rate: 8 },
    ];
    for (const { vm, toDomain, rate } of cases) {
      const namespace = network.domains[vm]!.namespace;
      const within = (mbit: number): boolean => Math.abs(mbit - rate) <= rate * TOLERANCE;
      const measured = await measureWithRetry(() => iperf.measure(namespace, { toDomain }), within);
      note(`vm${String(vm + 1)} ${toDomain ? "in (TBF)" : "out (HTB)"}`, measured, `${String(rate)} ±15%`);
      expect(
        within(measured.at(-1)!),
        `vm${String(vm + 1)} ${toDomain ? "in" : "out"}: ${measured.join(", ")} Mbit/s, want ${String(rate)}`,
      ).toBe(true);
    }
  }, 120_000);

  it("lets a domU borrow up to its ceil when the others are idle", async () => {
    const within = (mbit: number): boolean => Math.abs(mbit - 8) <= 8 * TOLERANCE;
    const measured = await measureWithRetry(
      () => iperf.measure(network.domains[1]!.namespace, { toDomain: false }),
      within,
    );
    note("vm2 out (HTB rate 2, ceil 8, others idle)", measured, "its ceil, 8 ±15%");
    // vm2 is guaranteed 2mbit and may borrow up to 8mbit.
    expect(within(measured.at(-1)!), `vm2 out: ${measured.join(", ")} Mbit/s, want its ceil of 8`).toBe(true);
  }, 60_000);

  it("does not limit an unshaped domU", async () => {
    const out = await iperf.measure(network.domains[2]!.namespace, { toDomain: false, seconds: 2 });
    const toward = await iperf.measure(network.domains[2]!.namespace, { toDomain: true, seconds: 2 });
    note("vm3 out (unshaped)", [out], "> 80");
    note("vm3 in (unshaped)", [toward], "> 80");
    expect(out).toBeGreaterThan(80);
    expect(toward).toBeGreaterThan(80);
  }, 60_000);

  it("puts IPv6 in the domU's class and unclassified traffic in the default class — never unshaped", async () => {
    const desired = resolveShaping(input);
    const classBytes = async (minor: number): Promise<number> => {
      const live = await readLiveState(runner, { uplink: "peth0", stats: true });
      return live.classes.find((each) => each.minor === minor)?.counters?.bytes ?? Number.NaN;
    };
    const vm1Minor = desired.domains[0]!.minor!;
    const vm1Before = await classBytes(vm1Minor);
    const defaultBefore = await classBytes(0xffff);

    const within = (mbit: number): boolean => Math.abs(mbit - 4) <= 4 * TOLERANCE;
    const v6 = await measureWithRetry(
      () => iperf.measure(network.domains[0]!.namespace, { toDomain: false, ipv6: true, seconds: 3 }),
      within,
    );
    note("vm1 out over IPv6 (HTB)", v6, "4 ±15%");
    expect(within(v6.at(-1)!), `vm1 IPv6 out: ${v6.join(", ")} Mbit/s, want 4`).toBe(true);
    expect((await classBytes(vm1Minor)) - vm1Before).toBeGreaterThan(1_000_000);

    // vm3 is in no class of its own: its traffic (IPv4, IPv6, ARP, neighbour discovery) is the default class's.
    await iperf.measure(network.domains[2]!.namespace, { toDomain: false, seconds: 1, ipv6: true });
    const afterV6 = await classBytes(0xffff);
    expect(afterV6 - defaultBefore).toBeGreaterThan(1_000_000);
    await iperf.measure(network.domains[2]!.namespace, { toDomain: false, seconds: 1 });
    expect((await classBytes(0xffff)) - afterV6).toBeGreaterThan(1_000_000);

    const live = await readLiveState(runner, { uplink: "peth0", stats: true });
    const htb = live.qdiscs.find((q) => q.dev === "peth0" && q.root);
    expect(htb?.htb?.directPackets).toBe(0);
  }, 60_000);

  it("reports planned and live rates with the kernel's counters", async () => {
    const status = await shapingStatus(runner, input);
    const vm1 = status.domains.find((row) => row.name === "vm1");
    expect(vm1?.in).toMatchObject({ planned: { rate: 500_000 }, live: { rate: 500_000 }, inSync: true });
    expect(vm1?.out).toMatchObject({
      planned: { rate: 500_000, ceil: 500_000 },
      live: { rate: 500_000, ceil: 500_000 },
      inSync: true,
    });
    expect(vm1?.out.counters?.bytes).toBeGreaterThan(0);
    expect(vm1?.in.counters?.packets).toBeGreaterThan(0);
    expect(status.directPackets).toBe(0);
  });

  it("re-applies an unchanged inventory with no modifying command", async () => {
    runner.reset();
    const result = await applyShaping(runner, input);
    expect(result.operations).toBe(0);
    expect(result.report).toBeUndefined();
    expect(runner.commands.length).toBeGreaterThan(0);
    expect(modifying(runner.commands)).toEqual([]);
  });

  it("changes only the class whose rate changed", async () => {
    const desired = resolveShaping(input);
    const vm1Minor = desired.domains[0]!.minor!.toString(16);
    const before = (await rawClasses()).split("\n").filter((line) => line.startsWith("class "));
    const qdiscs = JSON.stringify(await rawQdiscs());
    const changed: ShapingInput = {
      ...input,
      domains: input.domains.map((domain) =>
        domain.name === "vm1" ? { ...domain, out: { rate: "6mbit" } } : domain,
      ),
    };
    runner.reset();
    const result = await applyShaping(runner, changed);
    expect(result.report?.status).toBe("succeeded");
    const writes = modifying(runner.commands);
    expect(writes.map((command) => [command.file, ...command.args].join(" "))).toEqual(["tc -batch -"]);
    expect(String(writes[0]?.input)).toBe(
      `class change dev peth0 parent d0:1 classid d0:${vm1Minor} htb rate 6mbit ceil 6mbit burst 5kb cburst 5kb quantum 75000 prio 0\n`,
    );
    const after = (await rawClasses()).split("\n").filter((line) => line.startsWith("class "));
    expect(after.filter((line) => !line.startsWith(`class htb d0:${vm1Minor} `))).toEqual(
      before.filter((line) => !line.startsWith(`class htb d0:${vm1Minor} `)),
    );
    expect(after.find((line) => line.startsWith(`class htb d0:${vm1Minor} `))).toMatch(
      /rate 6Mbit ceil 6Mbit/u,
    );
    expect(JSON.stringify(await rawQdiscs())).toBe(qdiscs);
  });

  it("tears down exactly what it added: the tc state equals the state before", async () => {
    runner.reset();
    const { report } = await teardownShaping(runner, { uplink: "peth0" });
    expect(report?.status).toBe("succeeded");
    expect(JSON.stringify(await rawQdiscs())).toBe(qdiscsBefore);
    expect((await rawClasses()).trim()).toBe("");
    const tables = await network.exec(network.dom0, ["nft", "list", "tables"]);
    expect(tables).not.toContain("dom0kit");
  });
});
