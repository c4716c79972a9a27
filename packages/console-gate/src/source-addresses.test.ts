import { describe, expect, it } from "vitest";
import { sourceAddressProblem } from "./source-addresses.js";

describe("sourceAddressProblem", () => {
  it.each([
    "203.0.113.7",
    "203.0.113.0/24",
    "0.0.0.0/0",
    "10.0.0.0/8",
    "2001:db8::1",
    "2001:db8::/32",
    "::/0",
    "::ffff:192.0.2.0/120",
    "fe80::/10",
  ])("accepts %j", (entry) => {
    expect(sourceAddressProblem(entry)).toBeUndefined();
  });

  it.each([
    ["203.0.113.7/24", "host bits set"],
    ["10.1.0.0/8", "host bits set"],
    ["2001:db8::1/64", "host bits set"],
    ["203.0.113.0/33", "invalid prefix length"],
    ["2001:db8::/129", "invalid prefix length"],
    ["203.0.113.0/-1", "invalid prefix length"],
    ["203.0.113.0/24/1", "not an IP address"],
    ["*.example.com", "not an IP address"],
    ["example.com", "not an IP address"],
    ["10.0.0.*", "not an IP address"],
    ["!10.0.0.1", "not an IP address"],
    ["10.0.0.1,10.0.0.2", "not an IP address"],
    ['10.0.0.1"', "not an IP address"],
    ["fe80::1%eth0", "not an IP address"],
    ["", "not an IP address"],
  ])("refuses %j", (entry, expected) => {
    expect(sourceAddressProblem(entry)).toContain(expected);
  });
});
