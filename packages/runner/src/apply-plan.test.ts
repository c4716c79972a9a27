import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { applyPlan, assertPlanSucceeded, PlanFailedError, type StepEvent } from "./apply-plan.js";
import { ExecaRunner } from "./execa-runner.js";
import { action, plan, step } from "./plan.js";
import { ScriptedRunner } from "./scripted-runner.js";

describe("applyPlan", () => {
  it("runs steps in order and then the finally actions", async () => {
    const runner = new ScriptedRunner()
      .expect(["xl", "pause", "vm1"])
      .expect(["lvcreate", "-s", "-L", "1G", "-n", "vm1_snap", "vg/vm1"])
      .expect(["xl", "unpause", "vm1"]);
    const report = await applyPlan(
      plan(
        "snapshot vm1",
        [
          step("pause vm1", ["xl", "pause", "vm1"]),
          step("snapshot", ["lvcreate", "-s", "-L", "1G", "-n", "vm1_snap", "vg/vm1"]),
        ],
        [action("resume vm1", ["xl", "unpause", "vm1"])],
      ),
      runner,
    );
    runner.verify();
    expect(report.status).toBe("succeeded");
    expect(report.steps.map((outcome) => outcome.status)).toEqual(["succeeded", "succeeded"]);
    expect(report.finally.map((outcome) => outcome.status)).toEqual(["succeeded"]);
    expect(report.undone).toEqual([]);
  });

  it("stops at the first failure, skips the rest, and still runs finally actions", async () => {
    const runner = new ScriptedRunner()
      .expect(["a"])
      .expect(["b"], { exitCode: 1, stderr: "b broke" })
      .expect(["cleanup"]);
    const report = await applyPlan(
      plan("abc", [step("a", ["a"]), step("b", ["b"]), step("c", ["c"])], [action("clean up", ["cleanup"])]),
      runner,
    );
    runner.verify();
    expect(report.status).toBe("failed");
    expect(report.steps.map((outcome) => outcome.status)).toEqual(["succeeded", "failed", "skipped"]);
    expect(report.failedStep?.index).toBe(1);
    expect(report.failedStep?.error?.message).toContain("b broke");
    expect(report.finally[0]?.status).toBe("succeeded");
    expect(() => assertPlanSucceeded(report)).toThrow(PlanFailedError);
    expect(() => assertPlanSucceeded(report)).toThrow(/step 2 "b" failed/);
  });

  it("runs the undo of every step that started, newest first, including the failed one", async () => {
    const runner = new ScriptedRunner()
      .expect(["save", "vm1"])
      .expect(["snap", "disk1"])
      .expect(["snap", "disk2"], { exitCode: 5 })
      .expect(["rm-snap", "disk2"], { exitCode: 5 })
      .expect(["rm-snap", "disk1"])
      .expect(["unpause", "vm1"]);
    const report = await applyPlan(
      plan("backup", [
        step("save", ["save", "vm1"], { undo: action("unpause", ["unpause", "vm1"]) }),
        step("snap 1", ["snap", "disk1"], { undo: action("remove snap 1", ["rm-snap", "disk1"]) }),
        step("snap 2", ["snap", "disk2"], { undo: action("remove snap 2", ["rm-snap", "disk2"]) }),
        step("copy", ["copy"]),
      ]),
      runner,
    );
    runner.verify();
    expect(report.status).toBe("failed");
    expect(report.undone.map((outcome) => [outcome.action.description, outcome.status])).toEqual([
      ["remove snap 2", "failed"],
      ["remove snap 1", "succeeded"],
      ["unpause", "succeeded"],
    ]);
  });

  it("does not undo anything when every step succeeds", async () => {
    const runner = new ScriptedRunner().expect(["a"]);
    const report = await applyPlan(
      plan("a", [step("a", ["a"], { undo: action("undo a", ["undo-a"]) })]),
      runner,
    );
    runner.verify();
    expect(report.status).toBe("succeeded");
  });

  it("retries a failing action as its policy says", async () => {
    const runner = new ScriptedRunner()
      .expect(["lvremove", "-f", "vg/snap"], { exitCode: 5, stderr: "in use" })
      .expect(["lvremove", "-f", "vg/snap"], { exitCode: 5, stderr: "in use" })
      .expect(["lvremove", "-f", "vg/snap"]);
    const report = await applyPlan(
      plan("remove", [step("remove", ["lvremove", "-f", "vg/snap"], { retry: { attempts: 3, delayMs: 1 } })]),
      runner,
    );
    runner.verify();
    expect(report.steps[0]).toMatchObject({ status: "succeeded", attempts: 3 });
  });

  it("fails a finally action without hiding it", async () => {
    const runner = new ScriptedRunner().expect(["a"]).expect(["fin"], { exitCode: 1 });
    const report = await applyPlan(plan("a", [step("a", ["a"])], [action("fin", ["fin"])]), runner);
    expect(report.status).toBe("failed");
    expect(() => assertPlanSucceeded(report)).toThrow(/cleanup failed: fin/);
  });

  it("reports progress events for every action", async () => {
    const runner = new ScriptedRunner().expect(["a"]).expect(["b"]);
    const events: StepEvent[] = [];
    await applyPlan(plan("ab", [step("a", ["a"])], [action("b", ["b"])]), runner, {
      onStep: (event) => events.push(event),
    });
    expect(
      events.map((event) =>
        event.type === "start" ? `start ${event.phase}` : `end ${event.outcome.status}`,
      ),
    ).toEqual(["start step", "end succeeded", "start finally", "end succeeded"]);
  });

  it("on cancel kills the running step, undoes, and runs finally actions to completion", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dom0kit-plan-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const log = join(dir, "log");
    const append = (text: string): [string, ...string[]] => ["sh", "-c", `echo ${text} >> "$0"`, log];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const report = await applyPlan(
      plan(
        "slow",
        [
          step("first", append("first"), { undo: action("undo first", append("undo-first")) }),
          step("hang", ["sleep", "30"]),
          step("never", append("never")),
        ],
        [action("finally", append("finally"))],
      ),
      new ExecaRunner({ killGraceMs: 200 }),
      { signal: controller.signal },
    );
    expect(report.status).toBe("canceled");
    expect(report.steps.map((outcome) => outcome.status)).toEqual(["succeeded", "canceled", "skipped"]);
    expect(await readFile(log, "utf8")).toBe("first\nundo-first\nfinally\n");
  });
});
