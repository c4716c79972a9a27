import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { newSim, sh, startGuest } from "../../test/helpers/new-sim.js";
import { SimHostError } from "../errors.js";
import { matchesCommand } from "./match-command.js";

describe("matchesCommand", () => {
  it("matches an argv prefix and an optional regular expression over the joined argv", () => {
    expect(matchesCommand({ argvPrefix: ["xl", "save"] }, ["xl", "save", "-p", "vm1", "/x"])).toBe(true);
    expect(matchesCommand({ argvPrefix: ["xl", "save"] }, ["xl", "list"])).toBe(false);
    expect(
      matchesCommand({ argvPrefix: ["dd"], argvRegex: "if=/dev/vg0/.*-snap" }, [
        "dd",
        "if=/dev/vg0/vm1-snap",
      ]),
    ).toBe(true);
    expect(matchesCommand({ argvPrefix: ["dd"], argvRegex: "of=" }, ["dd", "if=/dev/vg0/vm1-snap"])).toBe(
      false,
    );
  });
});

describe("fault injection", () => {
  it("fails the nth matching command with the given exit code and output, once", async () => {
    const sim = await newSim();
    await sim.addFault({
      match: { argvPrefix: ["lvcreate"] },
      nth: 2,
      effect: {
        kind: "fail",
        exitCode: 5,
        stderr: '  Volume group "vg0" has insufficient free space (0 extents): 256 required.\n',
      },
    });
    expect((await sh(sim, ["lvcreate", "-L", "4M", "-n", "a", "vg0"])).exitCode).toBe(0);
    expect(await sh(sim, ["xl", "list"])).toMatchObject({ exitCode: 0 });
    expect(await sh(sim, ["lvcreate", "-L", "4M", "-n", "b", "vg0"])).toMatchObject({
      exitCode: 5,
      stderr: '  Volume group "vg0" has insufficient free space (0 extents): 256 required.\n',
    });
    expect((await sh(sim, ["lvs", "--noheadings", "-o", "lv_name"])).stdout).toBe("  a   \n");
    expect((await sh(sim, ["lvcreate", "-L", "4M", "-n", "b", "vg0"])).exitCode).toBe(0);
    expect(await sim.faults()).toMatchObject([{ id: 1, matched: 2, fired: 1 }]);
  });

  it("keeps failing for `times` matches or always, and can be cleared", async () => {
    const sim = await newSim();
    const id = await sim.addFault({
      match: { argvPrefix: ["xl", "unpause"] },
      times: "always",
      effect: { kind: "fail", exitCode: 1, stderr: "boom\n" },
    });
    for (let attempt = 0; attempt < 3; attempt += 1)
      expect((await sh(sim, ["xl", "unpause", "vm1"])).exitCode).toBe(1);
    expect(await sim.clearFaults(id)).toBe(1);
    expect((await sh(sim, ["xl", "unpause", "vm1"])).stderr).toBe(
      "vm1 is an invalid domain identifier (rc=-6)\n",
    );
  });

  it("looks through wrappers: a fault on dd fires for ionice … dd", async () => {
    const sim = await newSim();
    await sim.addFault({
      match: { argvPrefix: ["dd"], argvRegex: "if=/dev/vg0/x" },
      effect: { kind: "fail", exitCode: 1, stderr: "dd: injected\n" },
    });
    expect(await sh(sim, ["sudo", "ionice", "-c", "3", "dd", "if=/dev/vg0/x"])).toMatchObject({
      exitCode: 1,
      stderr: "dd: injected\n",
    });
  });

  it("hangs a command until its timeout", async () => {
    const sim = await newSim();
    await sim.addFault({ match: { argvPrefix: ["xl", "save"] }, effect: { kind: "hang" } });
    await expect(
      sim.run({ file: "xl", args: ["save", "vm1", "/tmp/x"], timeoutMs: 300 }),
    ).rejects.toMatchObject({
      name: "CommandFailedError",
      timedOut: true,
    });
  });

  it("cuts a data stream short after N bytes", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "4M", "-n", "disk", "vg0"]);
    await sim.addFault({
      match: { argvPrefix: ["dd"] },
      effect: {
        kind: "fail",
        exitCode: 1,
        stderr: "dd: error reading '/dev/vg0/disk': Input/output error\n",
        afterBytes: 65536,
      },
    });
    const run = sim.stream([
      { file: "dd", args: ["if=/dev/vg0/disk", "bs=4k", "status=none"] },
      { file: "cat", args: [] },
    ]);
    const [out, outcome] = await Promise.all([buffer(run.stdout), run.done.catch((error: unknown) => error)]);
    expect(out.length).toBe(65536);
    expect(outcome).toMatchObject({
      exitCode: 1,
      stage: { index: 0, count: 2 },
      stderrTail: "dd: error reading '/dev/vg0/disk': Input/output error",
    });
  });

  it("fills a snapshot to invalid after the matching command ran", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "4M", "-n", "disk", "vg0"]);
    await sh(sim, ["lvcreate", "-s", "-L", "4M", "-n", "snap", "vg0/disk"]);
    await sim.addFault({
      match: { argvPrefix: ["dd"], argvRegex: "if=/dev/vg0/snap" },
      effect: { kind: "fill-snapshot", lv: "vg0/snap" },
    });
    const copy = sim.stream({ file: "dd", args: ["if=/dev/vg0/snap", "bs=1M", "status=none"] });
    const [data] = await Promise.all([buffer(copy.stdout), copy.done]);
    expect(data.length).toBe(4 * 1024 * 1024);
    expect((await sh(sim, ["lvs", "--noheadings", "-o", "lv_attr,data_percent", "vg0/snap"])).stdout).toBe(
      "  swi-I-s--- 100.00\n",
    );
  });

  it("crashes a domain after the matching command", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1", 'on_crash = "preserve"\n');
    await sim.addFault({
      match: { argvPrefix: ["xl", "save"] },
      effect: { kind: "crash-domain", domain: "vm1" },
    });
    await sh(sim, ["xl", "save", "-c", "vm1", "/tmp/vm1"]);
    expect((await sh(sim, ["xl", "list", "vm1"])).stdout.split("\n")[1]).toMatch(/ --psc- /);
  });

  it("rejects a bad fault with a typed error", async () => {
    const sim = await newSim();
    await expect(
      sim.addFault({ match: { argvPrefix: [] }, effect: { kind: "hang" } }),
    ).rejects.toBeInstanceOf(SimHostError);
    await expect(
      sim.addFault({ match: { argvPrefix: ["dd"], argvRegex: "(" }, effect: { kind: "hang" } }),
    ).rejects.toMatchObject({
      code: "SIM_FAULT_INVALID",
    });
  });

  it("counts across SimHost instances on the same directory (the state is shared)", async () => {
    const sim = await newSim();
    await sim.addFault({
      match: { argvPrefix: ["xl", "info"] },
      nth: 2,
      effect: { kind: "fail", exitCode: 3, stderr: "x\n" },
    });
    const { SimHost } = await import("../sim-host.js");
    const other = await SimHost.open(sim.dir);
    expect((await sh(sim, ["xl", "info"])).exitCode).toBe(0);
    expect((await sh(other, ["xl", "info"])).exitCode).toBe(3);
  });
});
