import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { applyPlan, ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planSchedulerSwitch, readDiskScheduler, resolveStorage, schedulerVerdict } from "../src/index.js";

const needs = integrationPrerequisites({
  root: true,
  commands: ["losetup", "tee"],
  paths: ["/sys/block", "/dev/loop-control"],
});

describe.skipIf(needs.skip)("storage on a real loop device", () => {
  const image = join(tmpdir(), `${uniqueName("io-loop")}.img`);
  let loop = "";

  beforeAll(() => {
    writeFileSync(image, Buffer.alloc(8 * 1024 * 1024));
    loop = execFileSync("losetup", ["-f", "--show", image], { encoding: "utf8" }).trim();
  });

  afterAll(() => {
    if (loop !== "") execFileSync("losetup", ["-d", loop]);
    rmSync(image, { force: true });
  });

  it("follows the loop device to its backing file and on to the disk under it", async () => {
    const viaLoop = await resolveStorage(loop);
    const viaFile = await resolveStorage(image);
    expect(viaLoop.kind).toBe("loop");
    expect(viaLoop.steps[0]).toBe(`${basename(loop)} is a loop device backed by ${image}`);
    expect(viaLoop.disks).toEqual(viaFile.disks);
    // On a tmpfs /tmp there is no disk to reach; the loop device then reports the same problem.
    if (viaFile.problem === undefined) expect(viaFile.disks.length).toBeGreaterThan(0);
    else expect(viaLoop.problem).toBe(viaFile.problem);
  });

  it("switches the loop device to bfq with the plan's tee, then back with its undo", async (context) => {
    const name = basename(loop);
    const before = await readDiskScheduler(name);
    if (before.active === undefined || !before.available.includes("bfq")) {
      context.skip(`${name} does not offer bfq here (${before.available.join(" ")})`);
      return;
    }
    const runner = new ExecaRunner();
    const switched = planSchedulerSwitch([before]);
    if (before.active !== "bfq") {
      expect((await applyPlan(switched, runner)).status).toBe("succeeded");
    }
    const during = await readDiskScheduler(name);
    expect(during.active).toBe("bfq");
    expect(schedulerVerdict(during).honours).toBe("levels");
    expect(planSchedulerSwitch([during]).steps).toEqual([]);

    const undo = switched.steps[0]?.undo;
    if (undo !== undefined) {
      expect((await applyPlan({ title: "undo", steps: [undo], finally: [] }, runner)).status).toBe(
        "succeeded",
      );
      expect((await readDiskScheduler(name)).active).toBe(before.active);
    }
  });
});
