import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyPlan, ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ioPriority,
  parseMountinfo,
  planCgroupIoWeights,
  readCgroupIoState,
  type CgroupMember,
} from "../src/index.js";

const cgroup2 = parseMountinfo(readFileSync("/proc/self/mountinfo", "utf8")).find(
  (mount) => mount.fsType === "cgroup2",
);
const needs = integrationPrerequisites({
  root: true,
  commands: ["tee", "mkdir"],
  paths: ["/proc/self/mountinfo"],
});
const FAKE_QDISK = new URL("./fixtures/fake-qdisk.mjs", import.meta.url).pathname;

function cgroupOf(pid: number): string {
  return (
    readFileSync(`/proc/${String(pid)}/cgroup`, "utf8")
      .split("\n")
      .find((line) => line.startsWith("0::"))
      ?.slice(3) ?? ""
  );
}

describe.skipIf(needs.skip || cgroup2 === undefined)(
  "the cgroup v2 plan on this machine's real hierarchy",
  () => {
    const cgroupRoot = cgroup2?.mountPoint ?? "/sys/fs/cgroup";
    const parent = uniqueName("d0k-io");
    let child: ChildProcess;
    let home = "/";

    beforeAll(() => {
      child = spawn(process.execPath, [FAKE_QDISK, "-xen-domid", "1"], {
        stdio: ["pipe", "ignore", "inherit"],
      });
    });

    afterAll(() => {
      const pid = child.pid as number;
      // Put the process back where it was, then remove the cgroups this test made.
      try {
        writeFileSync(join(cgroupRoot, home, "cgroup.procs"), `${String(pid)}\n`);
      } catch {
        // it exited
      }
      child.kill("SIGTERM");
      for (const dir of [join(cgroupRoot, parent, "domu-vm1"), join(cgroupRoot, parent)])
        try {
          rmdirSync(dir);
        } catch {
          // never made
        }
    });

    it("reads whether the io controller is offered, and plans weights only when it is", async () => {
      const controllers = readFileSync(join(cgroupRoot, "cgroup.controllers"), "utf8").trim().split(/\s+/);
      const state = await readCgroupIoState(["domu-vm1"], [child.pid as number], { cgroupRoot, parent });
      expect(state.available).toBe(controllers.includes("io"));
      const result = planCgroupIoWeights(
        [
          {
            group: "domu-vm1",
            owner: "vm1",
            priority: ioPriority("best-effort", 0),
            pids: [child.pid as number],
          },
        ],
        state,
      );
      if (state.available) expect(result.ok).toBe(true);
      else
        expect(result).toEqual({
          ok: false,
          reason: expect.stringContaining("the io controller is not offered") as string,
        });
    });

    it("creates the cgroups and moves a real process in with tee, and then plans nothing", async () => {
      const pid = child.pid as number;
      home = cgroupOf(pid);
      const member: CgroupMember = {
        group: "domu-vm1",
        owner: "vm1",
        priority: ioPriority("best-effort", 0),
        pids: [pid],
      };
      const state = await readCgroupIoState([member.group], [pid], { cgroupRoot, parent });
      // Where the io controller is bound to cgroup v1 blkio (as on the development machines), exercise the
      // hierarchy and the moves for real and leave the weights out; elsewhere the whole plan runs.
      const usable = state.available
        ? state
        : { ...state, available: true, rootSubtreeHasIo: true, parentSubtreeHasIo: true, weightFiles: [] };
      const result = planCgroupIoWeights([member], usable);
      if (!result.ok) throw new Error(result.reason);
      const report = await applyPlan(result.plan, new ExecaRunner());
      expect(report.status).toBe("succeeded");
      expect(cgroupOf(pid)).toBe(`/${parent}/domu-vm1`);

      const after = await readCgroupIoState([member.group], [pid], { cgroupRoot, parent });
      const again = planCgroupIoWeights(
        [member],
        state.available
          ? after
          : { ...after, available: true, rootSubtreeHasIo: true, parentSubtreeHasIo: true, weightFiles: [] },
      );
      expect(again.ok && again.plan.steps).toEqual([]);
      if (state.available)
        for (const file of after.weightFiles) expect(after.groups["domu-vm1"]?.weights[file]).toBe(200);
    });
  },
);
