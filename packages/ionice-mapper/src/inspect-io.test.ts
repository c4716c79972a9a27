import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import {
  DOM0_POLICY,
  DOM0_POLICY_TIDS,
  DOM0_PROCESSES_WITH_STRANGERS,
  DOM0_XL_LIST,
} from "../test/fixtures/dom0-policy.js";
import { FakeIoniceHost } from "../test/fixtures/fake-ionice-host.js";
import { writeFixtureHost } from "../test/fixtures/host.js";
import { describeCurrentPriorities } from "./describe-priorities.js";
import { formatIoPriority } from "./io-priority.js";
import { inspectIo } from "./inspect-io.js";
import { parseIoPolicy } from "./policy.js";
import { planIoPriorities } from "./priority-targets.js";

async function fixtureInspection(policyInput = DOM0_POLICY) {
  const roots = await writeFixtureHost(await testTempDir(), DOM0_PROCESSES_WITH_STRANGERS);
  const host = new FakeIoniceHost(DOM0_XL_LIST, [...DOM0_POLICY_TIDS, 308, 309]);
  const inspection = await inspectIo(parseIoPolicy(policyInput), { runner: host, ...roots });
  return { inspection, host, roots };
}

describe("inspectIo", () => {
  it("puts each domain's backends, levels and scheduler verdict side by side", async () => {
    const { inspection } = await fixtureInspection();
    expect(
      inspection.domains.map((domain) => ({
        name: domain.name,
        domid: domain.domid,
        processes: domain.backends.map((backend) => `${backend.kind}:${backend.name}`).join(", "),
        now: describeCurrentPriorities(domain.backends),
        planned: formatIoPriority(domain.planned),
        honours: domain.honours,
      })),
    ).toEqual([
      {
        name: "vm1",
        domid: 1,
        processes: "blkback:xvd 1 fd:02",
        now: "none≈be/4",
        planned: "be/2",
        honours: "levels",
      },
      {
        name: "vm2",
        domid: 2,
        processes: "blkback:blkback.2.xvda",
        now: "none≈be/4",
        planned: "be/2",
        honours: "class",
      },
      {
        name: "vm3",
        domid: 3,
        processes: "blkback:3.xvda-0, blkback:3.xvda-1, blkback:3.xvdb-0",
        now: "none≈be/4",
        planned: "be/0",
        honours: "nothing",
      },
      {
        name: "vm4",
        domid: 4,
        processes: "qemu:qemu-system-i38",
        now: "none≈be/4",
        planned: "be/1",
        honours: "nothing",
      },
      {
        name: "vm5",
        domid: 5,
        processes: "tapdisk:tapdisk",
        now: "none≈be/4",
        planned: "be/3",
        honours: "nothing",
      },
      { name: "vm6", domid: 6, processes: "", now: "-", planned: "be/3", honours: "class" },
      { name: "vm7", domid: undefined, processes: "", now: "-", planned: "be/4", honours: "unknown" },
    ]);
  });

  it("reports a domain without a backend process, and one not running, instead of skipping them", async () => {
    const { inspection } = await fixtureInspection();
    const problems = Object.fromEntries(inspection.domains.map((domain) => [domain.name, domain.problems]));
    expect(problems.vm6).toEqual([
      "running as domid 6, but no blkback thread, qemu or tapdisk serves it: its disk I/O is not reprioritised " +
        "(a driver domain serves it, or its disks are not connected yet)",
    ]);
    expect(problems.vm7).toEqual(["not running: not in xl list, so no backend process to set"]);
    expect(problems.vm1).toEqual([]);
    expect(problems.vm3).toEqual([]);
  });

  it("lists the backends it leaves alone, with the reason", async () => {
    const { inspection } = await fixtureInspection();
    expect(inspection.unassigned.map((each) => [each.backend.name, each.reason])).toEqual([
      ["8.xvda-0", "serves other (domid 8), which the policy does not list"],
      ["9.xvda-0", "domid 9 is not in xl list (a dying domain, or a stale backend)"],
    ]);
  });

  it("sets every thread of a qemu process, and finds housekeeping by name", async () => {
    const { inspection } = await fixtureInspection();
    expect(inspection.domains[3]?.backends[0]?.tids).toEqual([410, 411, 412]);
    expect(inspection.housekeeping.processes.map((each) => [each.pid, each.name])).toEqual([[900, "rsync"]]);
  });

  it("plans one ionice per level for the tasks that must change", async () => {
    const { inspection } = await fixtureInspection();
    expect(
      planIoPriorities(inspection).steps.map((step) => [step.command.file, ...step.command.args].join(" ")),
    ).toEqual([
      "ionice -c 2 -n 0 -p 303 304 305",
      "ionice -c 2 -n 1 -p 410 411 412",
      "ionice -c 2 -n 2 -p 301 302",
      "ionice -c 2 -n 3 -p 1054",
      "ionice -c 2 -n 7 -p 900",
    ]);
  });

  it("reads priorities only of the tasks it governs, in one ionice call", async () => {
    const { host } = await fixtureInspection();
    expect(host.commands.map((command) => [command.file, ...command.args].join(" "))).toEqual([
      "xl list",
      "ionice -p 301 302 303 304 305 410 411 412 1054 900",
    ]);
  });

  it("carries each disk's path to the physical disk and what to do about its scheduler", async () => {
    const { inspection } = await fixtureInspection();
    const vm2 = inspection.domains[1]?.storage[0];
    expect(vm2?.resolution.steps).toEqual(["sdb1 is a partition of sdb"]);
    expect(vm2?.verdicts.map((verdict) => verdict.advice)).toEqual([
      'switch sdb to bfq: write "bfq" to /sys/block/sdb/queue/scheduler; keep it across reboots ' +
        'with a udev rule ACTION=="add|change", KERNEL=="sdb", ATTR{queue/scheduler}="bfq"',
    ]);
  });

  it("says which disk has no backend thread when the others do", async () => {
    const policy = {
      domains: [
        {
          name: "vm3",
          allocation: 1,
          disks: [
            { source: "/dev/sdc", vdev: "xvda" },
            { source: "/dev/sdc", vdev: "xvdc" },
          ],
        },
      ],
    };
    const { inspection } = await fixtureInspection(policy);
    expect(inspection.domains[0]?.problems).toEqual(["no backend thread found for xvdc"]);
  });

  it("matches tapdisk to a domain whose disk source is a symlink to the image it holds open", async () => {
    const policy = { domains: [{ name: "vm5", allocation: 1, disks: [{ source: "/srv/current/vm5.img" }] }] };
    const { inspection } = await fixtureInspection(policy);
    expect(inspection.domains[0]?.backends.map((backend) => backend.pid)).toEqual([1054]);
  });

  it("leaves a tapdisk alone when it holds none of the policy's images", async () => {
    const policy = { domains: [{ name: "vm5", allocation: 1, disks: [{ source: "/srv/xen/vm6.qcow2" }] }] };
    const { inspection } = await fixtureInspection(policy);
    expect(inspection.unassigned.find((each) => each.backend.kind === "tapdisk")?.reason).toBe(
      "holds none of the policy's disk images open",
    );
  });

  it("skips the scheduler check when asked", async () => {
    const roots = await writeFixtureHost(await testTempDir());
    const inspection = await inspectIo(parseIoPolicy(DOM0_POLICY), {
      runner: new FakeIoniceHost(DOM0_XL_LIST, DOM0_POLICY_TIDS),
      ...roots,
      checkSchedulers: false,
    });
    expect(
      inspection.domains.every((domain) => domain.storage.length === 0 && domain.honours === "unknown"),
    ).toBe(true);
  });
});
