import { describe, expect, it } from "vitest";
import { formatBytes, parseRate, parseSize } from "./units.js";

describe("parseSize", () => {
  it.each([
    ["512M", 512 * 1024 ** 2],
    ["1G", 1024 ** 3],
    ["2T", 2 * 1024 ** 4],
    ["0G", undefined],
    ["1.5G", undefined],
    ["1GB", undefined],
  ])("reads %s as %j", (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });
});

describe("parseRate", () => {
  it.each([
    ["8bit", 1],
    ["400mbit", 50_000_000],
    ["1.5gbit", 187_500_000],
    ["1mibit", 131_072],
    ["100bps", 100],
    ["50MiBps", 50 * 1024 * 1024],
    ["10kbps", 10_000],
    ["0mbit", undefined],
    ["10", undefined],
    ["10 mbit", undefined],
    ["10furlongs", undefined],
  ])("reads %s as %j bytes per second, as tc does", (text, bytes) => {
    expect(parseRate(text)).toBe(bytes);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1536, "1.5 KiB"],
    [1024 ** 3, "1 GiB"],
    [150 * 1024 ** 2, "150 MiB"],
  ])("writes %d as %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
