import { readFile } from "node:fs/promises";
import { ScriptedRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { ToolOutputError } from "./errors.js";
import { listDomains, parseXlList } from "./xl-list.js";

const corpus = (name: string) =>
  readFile(new URL(`../test/fixtures/xl-list/${name}`, import.meta.url), "utf8");

describe("parseXlList", () => {
  it("reads real xl list output", async () => {
    expect(parseXlList(await corpus("xen-xl-list-4.0.1-four-instances.txt"))).toEqual([
      { name: "Domain-0", domid: 0, state: "r-----" },
      { name: "server01.example.com", domid: 1, state: "-b----" },
      { name: "web3106215069.example.com", domid: 3, state: "-b----" },
      { name: "testinstance.example.com", domid: 2, state: "r-----" },
    ]);
  });

  it("leaves out dying (null) domains but keeps crashed ones", async () => {
    expect(
      parseXlList(await corpus("xen-xl-list-4.4-crashed-instances.txt")).map((each) => each.name),
    ).toEqual(["Domain-0", "server01.example.com", "alsodying.example.com"]);
  });

  it("reads xm list output the same way", async () => {
    expect(parseXlList(await corpus("xen-xm-list-4.0.1-dom0-only.txt"), "xm list")).toEqual([
      { name: "Domain-0", domid: 0, state: "r-----" },
    ]);
  });

  it("keeps a name with spaces", () => {
    expect(
      parseXlList("Name  ID   Mem VCPUs State Time(s)\nmy vm   7   512     1     -b----      3.0\n"),
    ).toEqual([{ name: "my vm", domid: 7, state: "-b----" }]);
  });

  it("says which line it could not read", () => {
    expect(() =>
      parseXlList("Name ID Mem VCPUs State Time(s)\nlibxl: error: cannot init xl context\n"),
    ).toThrow(ToolOutputError);
    expect(() => parseXlList("Name ID Mem VCPUs State Time(s)\ngarbage\n")).toThrow(
      'xl list output line 2 "garbage" is not a domain row: NAME ID MEM VCPUS STATE TIME',
    );
  });
});

describe("listDomains", () => {
  it("runs xl list (or xm list) through the runner", async () => {
    const runner = new ScriptedRunner()
      .expect(["xl", "list"], { stdout: "Name ID Mem VCPUs State Time(s)\nvm1 4 512 1 -b---- 1.0\n" })
      .expect(["xm", "list"], { stdout: "Name ID Mem VCPUs State Time(s)\n" });
    expect(await listDomains(runner)).toEqual([{ name: "vm1", domid: 4, state: "-b----" }]);
    expect(await listDomains(runner, "xm")).toEqual([]);
    runner.verify();
  });
});
