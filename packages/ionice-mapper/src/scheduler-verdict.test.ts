import { describe, expect, it } from "vitest";
import { parseSchedulerFile, schedulerVerdict, weakestHonours, type Honours } from "./scheduler-verdict.js";

describe("parseSchedulerFile", () => {
  it.each([
    ["none [mq-deadline] kyber bfq\n", "mq-deadline", ["none", "mq-deadline", "kyber", "bfq"]],
    ["[none] mq-deadline kyber bfq\n", "none", ["none", "mq-deadline", "kyber", "bfq"]],
    ["noop anticipatory deadline [cfq]\n", "cfq", ["noop", "anticipatory", "deadline", "cfq"]],
    ["none\n", "none", ["none"]],
  ])("reads %j", (text, active, available) => {
    expect(parseSchedulerFile(text)).toEqual({ active, available });
  });

  it("has no active scheduler for an empty file", () => {
    expect(parseSchedulerFile("")).toEqual({ available: [] });
  });
});

describe("schedulerVerdict", () => {
  const all = ["none", "mq-deadline", "kyber", "bfq"];
  it.each<[string | undefined, Honours]>([
    ["bfq", "levels"],
    ["cfq", "levels"],
    ["mq-deadline", "class"],
    ["none", "nothing"],
    ["kyber", "nothing"],
    ["noop", "nothing"],
    ["deadline", "nothing"],
    [undefined, "nothing"],
    ["adios", "unknown"],
  ])("judges %s: %s", (active, honours) => {
    const disk =
      active === undefined ? { disk: "sdx", available: [] } : { disk: "sdx", active, available: all };
    expect(schedulerVerdict(disk).honours).toBe(honours);
  });

  it("says mq-deadline honours the class only, and how to switch to bfq for good", () => {
    expect(schedulerVerdict({ disk: "sdb", active: "mq-deadline", available: all })).toEqual({
      disk: "sdb",
      scheduler: "mq-deadline",
      honours: "class",
      summary: "mq-deadline on sdb honours only the class (realtime, best-effort, idle), not levels 0-7",
      advice:
        'switch sdb to bfq: write "bfq" to /sys/block/sdb/queue/scheduler; keep it across reboots ' +
        'with a udev rule ACTION=="add|change", KERNEL=="sdb", ATTR{queue/scheduler}="bfq"',
    });
  });

  it("says to load BFQ first when the disk does not offer it", () => {
    expect(
      schedulerVerdict({ disk: "vda", active: "none", available: ["none", "mq-deadline"] }).advice,
    ).toMatch(/^load BFQ first \(modprobe bfq; kernel option CONFIG_IOSCHED_BFQ\), then switch vda to bfq/);
  });

  it("warns that BFQ's low_latency can override weights, and is quiet when it is off", () => {
    expect(schedulerVerdict({ disk: "sda", active: "bfq", available: all, lowLatency: true }).advice).toBe(
      "low_latency is on: BFQ may raise interactive and soft real-time processes above their weight; " +
        "for strict proportions write 0 to /sys/block/sda/queue/iosched/low_latency",
    );
    expect(
      schedulerVerdict({ disk: "sda", active: "bfq", available: all, lowLatency: false }).advice,
    ).toBeUndefined();
  });
});

describe("weakestHonours", () => {
  it.each<[Honours[], Honours]>([
    [["levels", "class"], "class"],
    [["levels", "nothing", "class"], "nothing"],
    [["levels", "unknown"], "unknown"],
    [["levels"], "levels"],
    [[], "unknown"],
  ])("weakest of %j is %s", (values, expected) => {
    expect(weakestHonours(values)).toBe(expected);
  });
});
