import { describe, expect, it } from "vitest";
import { fixture } from "../test/fixture.js";
import { XlOutputError } from "./errors.js";
import { parseVcpuList } from "./parse-vcpu-list.js";

describe("parseVcpuList", () => {
  it("reads xl vcpu-list on Xen 4.17: hard and soft affinity, offline vcpus", () => {
    const vcpus = parseVcpuList(fixture("xl-vcpu-list-4.17.txt"), 4);
    expect(vcpus).toHaveLength(8);
    expect(vcpus[0]).toEqual({
      domain: "Domain-0",
      id: 0,
      vcpu: 0,
      cpu: 0,
      online: true,
      state: "r--",
      timeSeconds: 1543.2,
      hardAffinity: [0, 1, 2, 3],
      softAffinity: [0, 1, 2, 3],
    });
    expect(vcpus[2]).toMatchObject({
      domain: "Domain-0",
      vcpu: 2,
      cpu: undefined,
      online: false,
      state: "--p",
    });
    expect(vcpus[6]).toMatchObject({ domain: "vm2", hardAffinity: [2, 3] });
    expect(vcpus[7]).toMatchObject({
      domain: "customer-with-a-rather-long-name.example.com",
      hardAffinity: [0, 1, 2, 3],
      softAffinity: [0, 1],
    });
  });

  it("reads the pre-4.5 layout with one CPU Affinity column (any cpu)", () => {
    const vcpus = parseVcpuList(fixture("xl-vcpu-list-4.4.txt"), 4);
    expect(vcpus[0]).toMatchObject({ hardAffinity: [0, 1, 2, 3], softAffinity: undefined });
    expect(vcpus[6]).toMatchObject({ domain: "vm2", hardAffinity: [2, 3] });
  });

  it("reads xm vcpu-list (Xen 4.0)", () => {
    const vcpus = parseVcpuList(fixture("xm-vcpu-list-4.0.txt"), 4, "xm vcpu-list");
    expect(vcpus.map((vcpu) => [vcpu.domain, vcpu.vcpu, vcpu.cpu, vcpu.hardAffinity])).toEqual([
      ["Domain-0", 0, 0, [0, 1, 2, 3]],
      ["horatio", 0, 0, [0, 1, 2, 3]],
      ["horatio", 1, 2, [2]],
    ]);
  });

  it("reads the tab-separated sample from the field notes", () => {
    const text = "Name\tID\tVCPUs\tCPU\tState\tTime(s)\tCPU Affinity\n".replace("VCPUs", "VCPU");
    const vcpus = parseVcpuList(`${text}horatio\t16\t0\t0\t---\t140005.6\tany cpu\n`, 4);
    expect(vcpus[0]).toMatchObject({ domain: "horatio", id: 16, hardAffinity: [0, 1, 2, 3] });
  });

  it("accepts affinities naming pCPUs past the pool (a bigger host)", () => {
    const text = "Name ID VCPU CPU State Time(s) CPU Affinity\nvm1 1 0 6 r-- 1.0 4-7\n";
    expect(parseVcpuList(text, 4)[0]?.hardAffinity).toEqual([4, 5, 6, 7]);
  });

  it.each([
    ["a row before the header", "vm1 1 0 0 r-- 1.0 all / all\n"],
    ["a row with no affinity", "Name ID VCPU CPU State Time(s) Affinity (Hard / Soft)\nvm1 1 0 0 r-- 1.0\n"],
    [
      "an affinity that is not a CPU list",
      "Name ID VCPU CPU State Time(s) CPU Affinity\nvm1 1 0 0 r-- 1.0 nodes:0\n",
    ],
  ])("rejects %s", (_, text) => {
    expect(() => parseVcpuList(text, 4)).toThrow(XlOutputError);
  });
});
