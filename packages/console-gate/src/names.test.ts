import { describe, expect, it } from "vitest";
import { domainNameProblem, userNameProblem } from "./names.js";

describe("userNameProblem", () => {
  it.each(["alice", "bob-2", "c_d", "a", "a".repeat(32)])("accepts %j", (name) => {
    expect(userNameProblem(name)).toBeUndefined();
  });

  it.each([
    ["Alice", "not an accepted user name"],
    ["alice.smith", "not an accepted user name"],
    ["alice~", "not an accepted user name"],
    ["-alice", "not an accepted user name"],
    ["1alice", "not an accepted user name"],
    ["al ice", "not an accepted user name"],
    ["alice\n", "not an accepted user name"],
    ["%sudo", "not an accepted user name"],
    ["ALL", "not an accepted user name"],
    ["#0", "not an accepted user name"],
    ["", "not an accepted user name"],
    ["a".repeat(33), "not an accepted user name"],
    ["root", "reserved"],
    ["nobody", "reserved"],
    ["systemd-network", "reserved"],
  ])("refuses %j", (name, expected) => {
    expect(userNameProblem(name)).toContain(expected);
  });
});

describe("domainNameProblem", () => {
  it.each(["vm1", "web3106215069.example.com", "VM_2", "a-b.c", "1vm"])("accepts %j", (name) => {
    expect(domainNameProblem(name)).toBeUndefined();
  });

  it.each([
    ["0", "xl reads it as domain id 0"],
    ["42", "domain id 42"],
    ["Domain-0", "dom0 itself"],
    ["domain-0", "dom0 itself"],
    ["6e8b5b3c-1f2a-4b9c-8d7e-0a1b2c3d4e5f", "UUID"],
    ["-a", "not an accepted domain name"],
    ["vm*", "not an accepted domain name"],
    ["vm?", "not an accepted domain name"],
    ["vm[1]", "not an accepted domain name"],
    ["vm1,vm2", "not an accepted domain name"],
    ["vm1 vm2", "not an accepted domain name"],
    ["vm1:x", "not an accepted domain name"],
    ["vm=1", "not an accepted domain name"],
    ["vm\\1", "not an accepted domain name"],
    ["vm1;sh", "not an accepted domain name"],
    ["$(id)", "not an accepted domain name"],
    ["", "not an accepted domain name"],
    ["v".repeat(65), "not an accepted domain name"],
  ])("refuses %j", (name, expected) => {
    expect(domainNameProblem(name)).toContain(expected);
  });
});
