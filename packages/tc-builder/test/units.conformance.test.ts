import { ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  formatRate,
  formatSize,
  formatTime,
  parseRate,
  parseSize,
  parseTime,
  TcUnitError,
} from "../src/index.js";
import { NetnsRunner } from "./helpers/netns-runner.js";

const needs = integrationPrerequisites({ root: true, commands: ["ip", "tc"] });
const host = new ExecaRunner();
let namespace: string;
let tc: NetnsRunner;

/** Sets a TBF from tc text and reads back what the kernel holds (JSON) and what tc prints (text). */
async function roundTrip(
  args: readonly string[],
): Promise<{ json: Record<string, number>; text: string } | { error: string }> {
  const set = await tc.run({
    file: "tc",
    args: ["qdisc", "replace", "dev", "va0", "root", "handle", "d0:", "tbf", ...args],
    okExitCodes: [0, 1, 2, 255],
  });
  if (set.exitCode !== 0) return { error: set.stderr };
  const json = await tc.run({ file: "tc", args: ["-j", "qdisc", "show", "dev", "va0"] });
  const text = await tc.run({ file: "tc", args: ["qdisc", "show", "dev", "va0"] });
  const [qdisc] = JSON.parse(json.stdout) as { options: Record<string, number> }[];
  return { json: qdisc?.options ?? {}, text: text.stdout };
}

function printed(text: string, key: string): string {
  return new RegExp(`\\b${key} (\\S+)`, "u").exec(text)?.[1] ?? "";
}

describe.skipIf(needs.skip)("units against the real tc (iproute2)", () => {
  beforeAll(async () => {
    namespace = uniqueName("tcbu");
    await host.run({ file: "ip", args: ["netns", "add", namespace] });
    tc = new NetnsRunner(namespace, host);
    await tc.run({ file: "ip", args: ["link", "add", "va0", "type", "veth", "peer", "name", "vb0"] });
  });
  afterAll(async () => {
    await host.run({ file: "ip", args: ["netns", "del", namespace], okExitCodes: [0, 1] });
  });

  const rates = [
    "10mbit",
    "10MBIT",
    "1mbps",
    "1kibit",
    "1mibit",
    "1kibps",
    "15",
    "1.5mbit",
    "1e6bit",
    "0x10kbit",
    " 10mbit",
    "100gbit",
    "1234567bit",
    "1tbit",
    "8bps",
    "3Gibit",
  ];

  it.each(rates)("reads rate %j as the kernel does and prints it as tc does", async (rate) => {
    const result = await roundTrip(["rate", rate, "burst", "1mb", "latency", "50ms"]);
    if ("error" in result) throw new Error(result.error);
    expect(result.json.rate).toBe(parseRate(rate));
    expect(formatRate(parseRate(rate))).toBe(printed(result.text, "rate"));
  });

  it("agrees with tc on random rates", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 8, max: 2 ** 36 }),
        fc.constantFrom("bit", "kbit", "mbit", "kbps", "mibit", "Bps"),
        async (value, unit) => {
          const text = `${String(value)}${unit}`;
          const bytes = (() => {
            try {
              return parseRate(text);
            } catch {
              return 0;
            }
          })();
          fc.pre(bytes >= 1 && bytes < 2 ** 40);
          const result = await roundTrip(["rate", text, "burst", "1mb", "latency", "50ms"]);
          if ("error" in result) throw new Error(`${text}: ${result.error}`);
          expect(result.json.rate).toBe(parseRate(text));
          expect(formatRate(parseRate(text))).toBe(printed(result.text, "rate"));
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each(["1M", "10 mbit", "10mbits", "mbit", "1,5mbit"])("rejects rate %j, as tc does", async (rate) => {
    const result = await roundTrip(["rate", rate, "burst", "1mb", "latency", "50ms"]);
    expect(result).toHaveProperty("error");
    expect(() => parseRate(rate)).toThrow(TcUnitError);
  });

  it.each(["32kb", "1mbit", "1.5k", "4100", "1540b", "2m", "100k"])(
    "reads size %j as the kernel does and prints it as tc does",
    async (size) => {
      const result = await roundTrip(["rate", "1mbit", "burst", size, "latency", "50ms"]);
      if ("error" in result) throw new Error(result.error);
      expect(Math.abs((result.json.burst ?? 0) - parseSize(size))).toBeLessThanOrEqual(2);
      expect(formatSize(result.json.burst ?? 0)).toBe(printed(result.text, "burst"));
    },
  );

  it.each(["10 kb", "1kib", "1kbyte"])("rejects size %j, as tc does", async (size) => {
    const result = await roundTrip(["rate", "1mbit", "burst", size, "latency", "50ms"]);
    expect(result).toHaveProperty("error");
    expect(() => parseSize(size)).toThrow(TcUnitError);
  });

  it.each(["50ms", "1500us", "2secs", "1s", "20msec", "100000"])(
    "reads time %j as tc does and prints it as tc does",
    async (time) => {
      const result = await roundTrip(["rate", "1gbit", "burst", "1mb", "latency", time]);
      if ("error" in result) throw new Error(result.error);
      expect(Math.abs((result.json.lat ?? 0) - parseTime(time))).toBeLessThanOrEqual(10);
      expect(formatTime(result.json.lat ?? 0)).toBe(printed(result.text, "lat"));
    },
  );

  it.each(["50 ms", "1min"])("rejects time %j, as tc does", async (time) => {
    const result = await roundTrip(["rate", "1mbit", "burst", "1mb", "latency", time]);
    expect(result).toHaveProperty("error");
    expect(() => parseTime(time)).toThrow(TcUnitError);
  });
});
