import { describe, expect, it } from "vitest";
import { addressWords, isMacAddress, parseDomainAddress } from "./address.js";

describe("parseDomainAddress", () => {
  it.each([
    ["192.0.2.10", { family: 4, address: "192.0.2.10", prefix: 32 }],
    ["192.0.2.0/24", { family: 4, address: "192.0.2.0", prefix: 24 }],
    ["2001:db8::5", { family: 6, address: "2001:db8::5", prefix: 128 }],
    ["2001:db8::/48", { family: 6, address: "2001:db8::", prefix: 48 }],
  ])("reads %j", (text, address) => {
    expect(parseDomainAddress(text)).toEqual(address);
  });

  it.each(["192.0.2.300", "192.0.2.1/33", "2001:db8::/129", "host", "1.2.3.4/", "1.2.3.4/2/3", "::/x"])(
    "rejects %j",
    (text) => {
      expect(parseDomainAddress(text)).toBeUndefined();
    },
  );
});

describe("addressWords", () => {
  it("matches what tc stores for match ip src (one word at offset 12)", () => {
    expect(addressWords(parseDomainAddress("10.77.1.0/24")!)).toEqual([
      { value: 0x0a4d0100, mask: 0xffffff00 },
    ]);
  });

  it("matches what tc stores for match ip6 src (words of the prefix only)", () => {
    expect(addressWords(parseDomainAddress("fd77::1")!)).toEqual([
      { value: 0xfd770000, mask: 0xffffffff },
      { value: 0, mask: 0xffffffff },
      { value: 0, mask: 0xffffffff },
      { value: 1, mask: 0xffffffff },
    ]);
    expect(addressWords(parseDomainAddress("2001:db8:1::/48")!)).toEqual([
      { value: 0x20010db8, mask: 0xffffffff },
      { value: 0x10000, mask: 0xffff0000 },
    ]);
    expect(addressWords(parseDomainAddress("::ffff:10.0.0.1")!)[2]).toEqual({
      value: 0xffff,
      mask: 0xffffffff,
    });
  });
});

describe("isMacAddress", () => {
  it("accepts aa:bb:cc:dd:ee:ff and nothing else", () => {
    expect(isMacAddress("00:16:3e:00:00:01")).toBe(true);
    expect(isMacAddress("00:16:3E:00:00:0")).toBe(false);
    expect(isMacAddress("00-16-3e-00-00-01")).toBe(false);
  });
});
