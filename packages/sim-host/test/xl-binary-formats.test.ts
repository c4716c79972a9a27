import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { XL_SAVE_MAGIC } from "../src/index.js";
import { cPrintf } from "./helpers/c-printf.js";
import { fakeClock, newSim, sh, startGuest } from "./helpers/new-sim.js";

// The real xl 4.17 (Debian's xen-utils-4.17) is installed but cannot run without a hypervisor:
// its format strings are read from the binary and the simulator's output is checked against them.
const XL = "/usr/lib/xen-4.17/bin/xl";
const needs = integrationPrerequisites({ paths: [XL] });

describe.skipIf(needs.skip)("xl output against the format strings of the real xl 4.17 binary", () => {
  let binary: Buffer;
  const format = (text: string): string => {
    expect(binary.includes(Buffer.from(text, "latin1")), `xl binary contains ${JSON.stringify(text)}`).toBe(
      true,
    );
    return text;
  };
  beforeAll(() => {
    binary = readFileSync(XL);
  });

  it("writes save files that start with xl's 32-byte magic", () => {
    expect(XL_SAVE_MAGIC.length).toBe(32);
    expect(binary.includes(Buffer.concat([XL_SAVE_MAGIC, Buffer.from([0x04, 0x03, 0x02, 0x01])]))).toBe(true);
  });

  it("xl list: header and rows", async () => {
    const clock = fakeClock();
    const sim = await newSim({}, clock.now);
    await startGuest(sim, "vm1");
    clock.advance(3_600_000);
    const lines = (await sh(sim, ["xl", "list"])).stdout.split("\n");
    expect(lines[0]).toBe(
      format("Name                                        ID   Mem VCPUs\tState\tTime(s)"),
    );
    const row = format("%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f");
    expect(lines[1]).toBe(cPrintf(row, "Domain-0", 0, 1024, 2, ..."r-----", 360));
    expect(lines[2]).toBe(cPrintf(row, "vm1", 1, 512, 2, ..."-b----", 72));
  });

  it("xl sched-credit2 and sched-credit: pool line, header, rows", async () => {
    const sim = await newSim({ scheduler: "credit2" });
    await startGuest(sim, "vm1");
    const header = format("%-33s %4s %6s %4s\n");
    const row = format("%-33s %4d %6d %4d\n");
    const pool2 = format("Cpupool %s: ratelimit=%dus\n");
    expect((await sh(sim, ["xl", "sched-credit2"])).stdout).toBe(
      cPrintf(pool2, "Pool-0", 1000) +
        cPrintf(header, "Name", "ID", "Weight", "Cap") +
        cPrintf(row, "Domain-0", 0, 256, 0) +
        cPrintf(row, "vm1", 1, 256, 0),
    );
    const credit = await newSim({ scheduler: "credit" });
    const pool = format("Cpupool %s: tslice=%dms ratelimit=%dus migration-delay=%dus\n");
    expect((await sh(credit, ["xl", "sched-credit", "-s"])).stdout).toBe(
      cPrintf(pool, "Pool-0", 30, 1000, 0),
    );
  });

  it("xl vcpu-list: header and rows", async () => {
    const sim = await newSim({ cpus: 4 });
    await startGuest(sim, "vm1", 'cpus = "2-3"\n');
    const lines = (await sh(sim, ["xl", "vcpu-list", "vm1"])).stdout.split("\n");
    expect(lines[0]).toBe(
      cPrintf(
        format("%-32s %5s %5s %5s %5s %9s %s"),
        "Name",
        "ID",
        "VCPU",
        "CPU",
        "State",
        "Time(s)",
        "Affinity (Hard / Soft)",
      ),
    );
    const start = format("%-32s %5u %5u");
    const online = format("%5u %3c%c- ");
    const time = format("%9.1f  ");
    expect(lines[1]).toBe(
      `${cPrintf(start, "vm1", 1, 0)}${cPrintf(online, 3, "-", "b")}${cPrintf(time, 0)}2-3 / all`,
    );
  });

  it("xl info: every line in xl_info.c's format", async () => {
    const sim = await newSim({ cpus: 8, memoryMiB: 32768 });
    const lines = (await sh(sim, ["xl", "info"])).stdout.trimEnd().split("\n");
    for (const line of lines) {
      const name = line.slice(0, line.indexOf(":"));
      const value = line.slice(line.indexOf(":") + 2);
      const pattern = name.startsWith("virt_caps")
        ? null
        : [
            `${name}: %d`,
            `${name}: %s`,
            `${name}: %u`,
            `${name}: %lu`,
            `${name}: %d.%03d`,
            `${name}: virt_start=0x%lx`,
            `${name}: %d.%d%s`,
            `${name}: %08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x`,
          ].find((candidate) => binary.includes(Buffer.from(candidate)));
      if (name.startsWith("xend_config_format")) expect(binary.includes(Buffer.from(line))).toBe(true);
      else if (pattern === null)
        expect(binary.includes(Buffer.from("virt_caps              :%s%s%s%s%s%s%s%s%s%s%s"))).toBe(true);
      else expect(pattern, `format for ${name}`).toBeDefined();
      expect(value).not.toBe(undefined);
    }
  });

  it("xl error messages", async () => {
    const sim = await newSim();
    expect((await sh(sim, ["xl", "pause", "nosuch"])).stderr).toBe(
      cPrintf(format("%s is an invalid domain identifier (rc=%d)"), "nosuch", -6) + "\n",
    );
    expect((await sh(sim, ["xl", "list", "42"])).stderr).toBe(
      cPrintf(format("Error: Domain '%s' does not exist."), "42") + "\n",
    );
    expect((await sh(sim, ["xl", "domid", "nosuch"])).stderr).toBe(
      cPrintf(format("Can't get domid of domain name '%s', maybe this domain does not exist."), "nosuch") +
        "\n",
    );
    expect((await sh(sim, ["xl", "list", "-x"])).stderr).toBe(
      cPrintf(format("option `%c' not supported."), "x") + "\n",
    );
    expect((await sh(sim, ["xl", "vcpu-set"])).stderr).toBe(
      cPrintf(format("'xl %s' requires at least %d argument%s."), "vcpu-set", 2, "s") + "\n\n",
    );
    expect((await sh(sim, ["xl", "create", "/nope.cfg"])).stderr).toBe(
      cPrintf(format("Failed to read config file: %s: %s"), "/nope.cfg", "No such file or directory") + "\n",
    );
  });

  it("xl save/restore progress lines", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    const saved = await sh(sim, ["xl", "save", "-p", "vm1", "/var/lib/xen/save/vm1"]);
    format("Saving to %s new xl format (info 0x%x/0x%x/%u)");
    expect(saved.stderr).toMatch(
      /^Saving to \/var\/lib\/xen\/save\/vm1 new xl format \(info 0x3\/0x0\/\d+\)\n$/,
    );
    await sh(sim, ["xl", "destroy", "vm1"]);
    const restored = await sh(sim, ["xl", "restore", "/var/lib/xen/save/vm1"]);
    expect(restored.stderr.split("\n")[0]).toMatch(
      /^Loading new save file \/var\/lib\/xen\/save\/vm1 \(new xl fmt info 0x3\/0x0\/\d+\)$/,
    );
    format("Loading new save file %s (new xl fmt info 0x%x/0x%x/%u)");
    format(" Savefile contains xl domain config%s");
    format("Parsing config from %s");
  });
});
