import { describe, expect, it } from "vitest";
import { fixture } from "../test/fixture.js";
import { XlOutputError } from "./errors.js";
import { parseXlInfo } from "./parse-xl-info.js";
import { parseXlList } from "./parse-xl-list.js";

describe("parseXlList", () => {
  it("reads a real xl list (ganeti's Xen 4.0.1 sample)", () => {
    expect(parseXlList(fixture("ganeti/xen-xl-list-4.0.1-four-instances.txt"))).toEqual([
      { name: "Domain-0", id: 0, memoryMiB: 1023, vcpus: 1, state: "r-----", timeSeconds: 154706.1 },
      {
        name: "server01.example.com",
        id: 1,
        memoryMiB: 1024,
        vcpus: 1,
        state: "-b----",
        timeSeconds: 167643.2,
      },
      {
        name: "web3106215069.example.com",
        id: 3,
        memoryMiB: 4096,
        vcpus: 1,
        state: "-b----",
        timeSeconds: 466690.9,
      },
      {
        name: "testinstance.example.com",
        id: 2,
        memoryMiB: 2048,
        vcpus: 2,
        state: "r-----",
        timeSeconds: 244443,
      },
    ]);
  });

  it("keeps dying (null) domains so callers can skip them", () => {
    const domains = parseXlList(fixture("ganeti/xen-xl-list-4.4-crashed-instances.txt"));
    expect(domains.map((domain) => [domain.name, domain.state])).toEqual([
      ["Domain-0", "r-----"],
      ["server01.example.com", "-b----"],
      ["(null)", "--psc-"],
      ["alsodying.example.com", "--psc-"],
    ]);
  });

  it("reads a real xm list and the printf-format xl list of Xen 4.17", () => {
    expect(parseXlList(fixture("ganeti/xen-xm-list-4.0.1-dom0-only.txt"), "xm list")).toHaveLength(1);
    const domains = parseXlList(fixture("xl-list-4.17.txt"));
    expect(domains.map((domain) => [domain.name, domain.vcpus])).toEqual([
      ["Domain-0", 2],
      ["vm1", 2],
      ["vm2", 1],
      ["customer-with-a-rather-long-name.example.com", 1],
    ]);
  });

  it("rejects output that is not xl list", () => {
    expect(() => parseXlList("Name ID Weight Cap\n")).toThrow(XlOutputError);
    expect(() => parseXlList("Name ID Mem VCPUs State Time(s)\nvm1 x 1 1 r----- 1\n")).toThrow(
      "xl list line 2: expected",
    );
  });
});

describe("parseXlInfo", () => {
  it("reads the pCPU count, scheduler and memory from a real xm info", () => {
    const info = parseXlInfo(fixture("ganeti/xen-xm-info-4.0.1.txt"), "xm info");
    expect(info).toMatchObject({ pcpus: 4, scheduler: "credit", totalMemoryMiB: 16378 });
    expect(info.fields.get("xen_minor")).toBe("0");
  });

  it("rejects output without nr_cpus or xen_scheduler", () => {
    expect(() => parseXlInfo("host : x\n")).toThrow(XlOutputError);
  });
});
