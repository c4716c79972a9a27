import { describe, expect, it } from "vitest";
import { parseVifRate, XenVifRateError } from "./index.js";

describe("parseVifRate", () => {
  it.each([
    ["10Mb/s", 62500n, 50000],
    ["10Mb/s@20ms", 25000n, 20000],
    ["2MB/s", 100000n, 50000],
    ["80Mb/s@1s", 10000000n, 1000000],
    ["1KB/s@500us", 0n, 500],
    ["100Gb/s", 625000000n, 50000],
    ["010B/s@1", 8n, 1000000],
    ["0789Kb/s", 0n, 50000],
  ])("reads %s", (rate, bytesPerInterval, intervalUsecs) => {
    expect(parseVifRate(rate)).toMatchObject({ bytesPerInterval, intervalUsecs });
  });

  it.each([
    ["foo", 22],
    ["10MB", 22],
    ["10MB/m", 22],
    ["@10ms", 22],
    ["10Mb/s@10h", 22],
    ["0B/s", 75],
    ["08MB/s", 75],
    ["4294967296b/s", 75],
    ["1B/s@4295s", 75],
    ["4294967295GB/s@5us", 75],
  ])("rejects %s with errno %d", (rate, errno) => {
    let caught: unknown;
    try {
      parseVifRate(rate);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(XenVifRateError);
    expect((caught as XenVifRateError).errno).toBe(errno);
  });
});
