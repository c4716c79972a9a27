import { describe, expect, it } from "vitest";
import { formatCommand } from "@dom0kit/runner";
import {
  archiveExtension,
  compressCommand,
  compressionChoice,
  decompressCommand,
  testCommand,
} from "./compression.js";

describe("compressionChoice", () => {
  it.each([
    ["zstd", undefined, 0, { algorithm: "zstd", level: 3, threads: 0 }],
    ["zstd", 19, 4, { algorithm: "zstd", level: 19, threads: 4 }],
    ["pigz", undefined, 2, { algorithm: "pigz", level: 6, threads: 2 }],
    ["gzip", 1, 8, { algorithm: "gzip", level: 1 }],
    ["none", 5, 8, { algorithm: "none" }],
  ] as const)("%s level %j threads %j", (algorithm, level, threads, expected) => {
    expect(compressionChoice(algorithm, level, threads)).toEqual(expected);
  });
});

describe("compressor commands", () => {
  it("compresses with the level and threads asked for", () => {
    expect(formatCommand(compressCommand({ algorithm: "zstd", level: 3, threads: 0 })!)).toBe(
      "zstd -3 -T0 -q -c --no-progress",
    );
    expect(formatCommand(compressCommand({ algorithm: "pigz", level: 6, threads: 0 })!)).toBe("pigz -6 -c");
    expect(formatCommand(compressCommand({ algorithm: "pigz", level: 9, threads: 4 })!)).toBe(
      "pigz -9 -p 4 -c",
    );
    expect(formatCommand(compressCommand({ algorithm: "gzip", level: 6 })!)).toBe("gzip -6 -c");
    expect(compressCommand({ algorithm: "none" })).toBeUndefined();
  });

  it("tests and decompresses with the compressor's own checks", () => {
    expect(formatCommand(testCommand("zstd")!)).toBe("zstd -t -q --no-progress");
    expect(formatCommand(testCommand("gzip")!)).toBe("gzip -t");
    expect(formatCommand(decompressCommand("pigz")!)).toBe("pigz -d -c");
    expect(testCommand("none")).toBeUndefined();
  });

  it("names archives by their format", () => {
    expect(["zstd", "pigz", "gzip", "none"].map((each) => archiveExtension(each as "zstd"))).toEqual([
      ".zst",
      ".gz",
      ".gz",
      "",
    ]);
  });
});
