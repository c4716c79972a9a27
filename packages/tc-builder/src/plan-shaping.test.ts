import { readFileSync } from "node:fs";
import { DryRunRunner, type Command, type CommandRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { isReadOnlyCommand } from "./live/read-commands.js";
import { applyShaping, planShaping } from "./plan-shaping.js";
import { describeStatus } from "./status.js";
import { teardownChanges } from "./teardown.js";
import { readLiveState } from "./live/read-live-state.js";
import type { ShapingInput } from "./model.js";
import { resolveShaping } from "./resolve.js";
import { renderBatchFiles } from "./render/render-plan.js";

function fixture(name: string): string {
  return readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8");
}

/** The recorded real output (test/fixtures) of dom0kit's reads. */
function recordedOutput(command: Command): { stdout: string } | undefined {
  if (command.file === "cat") return { stdout: fixture("proc-net-dev.txt") };
  if (command.file === "tc" && command.args.includes("-batch") && isReadOnlyCommand(command))
    return { stdout: fixture("tc-show-batch.txt") };
  if (command.file === "tc" && command.args.join(" ") === "qdisc show") {
    // What tc prints for vif2.0's TBF, whose peak rate the JSON of tc-show-batch.txt leaves out.
    return {
      stdout:
        "qdisc tbf d0: dev vif2.0 root refcnt 3 rate 8Mbit burst 32Kb peakrate 10Mbit minburst 1540b lat 50ms \n",
    };
  }
  if (command.file === "nft") return { stdout: fixture("nft-list-table.json") };
  return undefined;
}

/** A host that answers dom0kit's reads with the recorded real output. */
function recordedHost(): DryRunRunner {
  return new DryRunRunner({ respond: recordedOutput });
}

const INPUT: ShapingInput = {
  uplink: { interface: "peth0", rate: "100mbit" },
  domains: [
    {
      name: "vm1",
      vif: "vif1.0",
      classId: "8700",
      ips: ["10.77.0.1"],
      in: { rate: "4mbit", burst: "2000" },
      out: { rate: "1234567bit", ceil: "8mbit", burst: "4100", cburst: "6kb", quantum: 50_000, prio: 3 },
    },
    { name: "vm2", vif: "vif2.0", in: { rate: "8mbit", burst: "32kb", peakrate: "10mbit", mtu: "1540" } },
    { name: "vm3", vif: "vif3.0", in: { rate: "1mbit" } },
  ],
};

describe("planShaping on a recorded host", () => {
  it("reads with one tc batch and nft; skips iptables while nft is in use and /proc/net/dev while tc lists every vif", async () => {
    const host = recordedHost();
    const planned = await planShaping(host, INPUT);
    expect(host.commands.map((command) => command.file)).toEqual(["tc", "nft", "tc"]);
    expect(host.commands.every(isReadOnlyCommand)).toBe(true);
    expect(planned.strategy).toBe("nft");
    expect(planned.live.qdiscs.find((q) => q.dev === "vif2.0")?.tbf?.peakrate).toBe(1_250_000);
  });

  it("reads /proc/net/dev when a vif has no qdisc listed (down, or not there)", async () => {
    const host = recordedHost();
    const withVif4 = {
      ...INPUT,
      domains: [...INPUT.domains, { name: "vm4", vif: "vif4.0", in: { rate: "1mbit" } }],
    };
    const planned = await planShaping(host, withVif4);
    expect(host.commands.map((command) => command.file)).toEqual(["tc", "nft", "cat", "tc"]);
    expect(planned.changes.notes).toEqual([expect.stringContaining("vif4.0 (vm4) does not exist")]);
  });

  it("leaves the matching parts alone and reports the foreign ones", async () => {
    const { changes } = await planShaping(recordedHost(), INPUT);
    // vif3.0 has someone's pfifo 5: at root; prio 5's u32 filter is not dom0kit's either.
    expect(changes.foreign.map((each) => `${each.kind} ${each.dev} ${each.description}`)).toEqual([
      "qdisc vif3.0 pfifo 5: at root",
      "filter peth0 u32 filter, protocol ip, prio 5 on d0:",
    ]);
    expect(renderBatchFiles(changes)).toEqual({
      // dom0kit's own u32 filters (prios 20, 21) are not used by the nft strategy: removed.
      tc: [
        "filter del dev peth0 parent d0: protocol ip prio 20",
        "filter del dev peth0 parent d0: protocol ipv6 prio 21",
        "",
      ].join("\n"),
      // vif2.0 is not shaped away from it: its map element goes.
      nft: 'delete element bridge dom0kit vif_class { "vif2.0" }\n',
    });
  });

  it("applies through the runner and says how many changes it made", async () => {
    const host = recordedHost();
    const result = await applyShaping(host, INPUT);
    expect(result.operations).toBe(3);
    expect(result.report?.status).toBe("succeeded");
    expect(
      host.commands
        .filter((command) => !isReadOnlyCommand(command))
        .map((command) => [command.file, ...command.args].join(" ")),
    ).toEqual(["tc -batch -", "nft -f -"]);
  });
});

describe("readLiveState", () => {
  it("collects tc's output through a file (tc flushes once per object) and nft's through a pipe", async () => {
    const host = recordedHost();
    const captures: [string, string | undefined][] = [];
    const watched: CommandRunner = {
      run: (command, options) => {
        captures.push([command.file, options?.captureStdout]);
        return host.run(command, options);
      },
      stream: (pipeline, options) => host.stream(pipeline, options),
    };
    await readLiveState(watched, { uplink: "peth0", devices: ["vif1.0", "vif2.0"] });
    expect(captures).toEqual([
      ["tc", "file"],
      ["nft", undefined],
      ["tc", "file"],
    ]);
  });

  it("reports nft failing with its message, after the other reads are done", async () => {
    const finished: string[] = [];
    const host = new DryRunRunner({
      respond: (command: Command) => {
        finished.push(command.file);
        if (command.file === "nft")
          return { exitCode: 1, stderr: "Error: netlink: Operation not permitted\n" };
        return recordedOutput(command);
      },
    });
    await expect(readLiveState(host, { uplink: "peth0", iptables: false })).rejects.toThrow(
      /nft -j list table bridge dom0kit.*Operation not permitted/u,
    );
    expect(finished).toEqual(expect.arrayContaining(["tc", "nft"]));
  });
});

describe("teardownChanges", () => {
  it("removes dom0kit's qdiscs and table, and nothing else", async () => {
    const live = await readLiveState(recordedHost(), { uplink: "peth0", iptables: false });
    const changes = teardownChanges(live, { uplink: "peth0" });
    expect(renderBatchFiles(changes)).toEqual({
      tc: "qdisc del dev vif1.0 root handle d0:\nqdisc del dev vif2.0 root handle d0:\nqdisc del dev peth0 root handle d0:\n",
      nft: "delete table bridge dom0kit\n",
    });
  });
});

describe("describeStatus", () => {
  it("puts planned and live rates and the counters side by side", async () => {
    const live = await readLiveState(recordedHost(), { uplink: "peth0", iptables: false });
    const status = describeStatus(resolveShaping(INPUT), live);
    expect(status.domains[0]).toMatchObject({
      name: "vm1",
      classId: "d0:8700",
      in: { planned: { rate: 500_000 }, live: { rate: 500_000 }, inSync: true, counters: { bytes: 0 } },
      out: {
        planned: { rate: 154_320, ceil: 1_000_000 },
        live: { rate: 154_250, ceil: 1_000_000 },
        inSync: true,
      }, // printed 1234Kbit
    });
    expect(status.domains[2]?.in).toEqual({ planned: { rate: 125_000 }, inSync: false });
    expect(status.directPackets).toBe(0);
  });
});
