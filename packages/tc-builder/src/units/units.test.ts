import { describe, expect, it } from "vitest";
import { TcUnitError } from "../errors.js";
import { formatRate, parseRate, rateArgument } from "./rate.js";
import { formatSize, parseSize, sizeArgument } from "./size.js";
import { formatTime, parseTime, timeArgument } from "./time.js";

describe("parseRate", () => {
  it.each([
    ["10mbit", 1_250_000],
    ["10MBIT", 1_250_000],
    ["10Mbit", 1_250_000],
    ["1mbps", 1_000_000],
    ["1kbps", 1000],
    ["1Bps", 1],
    ["1kibit", 128],
    ["1mibit", 131_072],
    ["1kibps", 1024],
    ["8", 1],
    ["15", 1],
    ["1bit", 0],
    ["1.5mbit", 187_500],
    ["1e6bit", 125_000],
    ["0x10kbit", 2000],
    [" 10mbit", 1_250_000],
    ["100gbit", 12_500_000_000],
    ["1tbit", 125_000_000_000],
    ["1tbps", 1_000_000_000_000],
  ])("reads %j as %d bytes/s", (text, bytes) => {
    expect(parseRate(text)).toBe(bytes);
  });

  it.each(["1M", "10 mbit", "-5kbit", "10mbits", "", "mbit", "10%", "inf", "nan", "10mbit ", "1,5mbit"])(
    "rejects %j and lists the accepted units",
    (text) => {
      expect(() => parseRate(text)).toThrow(TcUnitError);
      expect(() => parseRate(text)).toThrow(/Accepted: .*kbit.*mbps/u);
    },
  );

  it("carries a stable code and the rejected text", () => {
    const error = (() => {
      try {
        parseRate("1M");
      } catch (caught) {
        return caught as TcUnitError;
      }
      throw new Error("no error");
    })();
    expect(error).toMatchObject({ name: "TcUnitError", code: "TC_BAD_UNIT", kind: "rate", text: "1M" });
  });
});

describe("formatRate", () => {
  it.each([
    [1_250_000, "10Mbit"],
    [154_320, "1234Kbit"],
    [125, "1Kbit"],
    [100, "800bit"],
    [0, "0bit"],
    [12_500_000_000, "100Gbit"],
    [125_000_000_000, "1Tbit"],
    [125_000_000_000_000, "1000Tbit"],
    [187_500, "1500Kbit"],
  ])("prints %d bytes/s as %j", (bytes, text) => {
    expect(formatRate(bytes)).toBe(text);
  });

  it("prints binary prefixes like tc -iec", () => {
    expect(formatRate(128, { iec: true })).toBe("1Kibit");
    expect(formatRate(131_072, { iec: true })).toBe("1Mibit");
  });

  it("round-trips what it prints", () => {
    for (const bytes of [1, 125, 154_320, 1_250_000, 987_654_321]) {
      const printed = formatRate(bytes);
      expect(formatRate(parseRate(printed))).toBe(printed);
    }
  });
});

describe("rateArgument", () => {
  it.each([
    [1_250_000, "10mbit"],
    [154_321, "1234568bit"],
    [125, "1kbit"],
    [125_000_000, "1gbit"],
  ])("writes %d bytes/s losslessly as %j", (bytes, text) => {
    expect(rateArgument(bytes)).toBe(text);
    expect(parseRate(text)).toBe(bytes);
  });
});

describe("parseSize", () => {
  it.each([
    ["32kb", 32_768],
    ["32KB", 32_768],
    ["1540", 1540],
    ["1540b", 1540],
    ["1mbit", 131_072],
    ["1kbit", 128],
    ["1k", 1024],
    ["2m", 2_097_152],
    ["1g", 1_073_741_824],
    ["1.5k", 1536],
  ])("reads %j as %d bytes", (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(["10 kb", "-1", "1kib", "1kbyte", "4gb", "", "k"])(
    "rejects %j and lists the accepted units",
    (text) => {
      expect(() => parseSize(text)).toThrow(/Accepted: .*kb \(KiB\)/u);
    },
  );
});

describe("formatSize", () => {
  it.each([
    [32_767, "32Kb"],
    [32_768, "32Kb"],
    [1600, "1600b"],
    [4100, "4Kb"],
    [1536, "1536b"],
    [1_048_576, "1Mb"],
    [1_049_000, "1Mb"],
    [1_540, "1540b"],
    [0, "0b"],
  ])("prints %d bytes as %j", (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it("writes exact arguments", () => {
    expect(sizeArgument(32_768)).toBe("32kb");
    expect(sizeArgument(2_097_152)).toBe("2mb");
    expect(sizeArgument(1514)).toBe("1514");
  });
});

describe("parseTime", () => {
  it.each([
    ["50ms", 50_000],
    ["50", 50],
    ["1s", 1_000_000],
    ["1.5ms", 1500],
    ["2secs", 2_000_000],
    ["10usec", 10],
    ["10US", 10],
  ])("reads %j as %d µs", (text, micros) => {
    expect(parseTime(text)).toBe(micros);
  });

  it.each(["50 ms", "1min", "-1ms", "ms", "1h"])("rejects %j and lists the accepted units", (text) => {
    expect(() => parseTime(text)).toThrow(/Accepted: .*msecs/u);
  });
});

describe("formatTime", () => {
  it.each([
    [50_000, "50ms"],
    [1500, "1.5ms"],
    [999, "999us"],
    [1_000_000, "1s"],
    [1_234_567, "1.23s"],
    [12_345_678, "12.3s"],
    [123_456_789, "123s"],
    [1_234_567_890, "1.23e+03s"],
  ])("prints %d µs as %j", (micros, text) => {
    expect(formatTime(micros)).toBe(text);
  });

  it("writes exact arguments", () => {
    expect(timeArgument(50_000)).toBe("50ms");
    expect(timeArgument(2_000_000)).toBe("2s");
    expect(timeArgument(1500)).toBe("1500us");
  });
});
