import { renderScript } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { ioPriority } from "./io-priority.js";
import { pendingChanges, planIoniceChanges, type PriorityTarget } from "./plan-ionice.js";

const be = (level: number) => ioPriority("best-effort", level);
const none = { ioClass: "none" as const, level: 0 };

describe("planIoniceChanges", () => {
  it("batches tasks per priority, highest class and level first", () => {
    const targets: PriorityTarget[] = [
      { tid: 412, owner: "vm4", want: be(3), now: none },
      { tid: 303, owner: "vm3", want: be(0), now: none },
      { tid: 900, owner: "housekeeping", want: ioPriority("idle"), now: none },
      { tid: 410, owner: "vm4", want: be(3), now: be(5) },
      { tid: 304, owner: "vm3", want: be(0), now: be(1) },
      { tid: 301, owner: "vm1", want: be(0) },
      { tid: 66, owner: "db", want: ioPriority("realtime", 4), now: none },
    ];
    const planned = planIoniceChanges(targets);
    expect(
      planned.steps.map((step) => [step.description, [step.command.file, ...step.command.args].join(" ")]),
    ).toEqual([
      ["realtime level 4 (rt/4) for db (1 task)", "ionice -c 1 -n 4 -p 66"],
      ["best-effort level 0 (be/0) for vm1 (1 task), vm3 (2 tasks)", "ionice -c 2 -n 0 -p 301 303 304"],
      ["best-effort level 3 (be/3) for vm4 (2 tasks)", "ionice -c 2 -n 3 -p 410 412"],
      ["idle class for housekeeping (1 task)", "ionice -c 3 -p 900"],
    ]);
  });

  it("leaves tasks that already have their priority alone — nothing to change is an empty plan", () => {
    const targets: PriorityTarget[] = [
      { tid: 1, owner: "a", want: be(0), now: be(0) },
      { tid: 2, owner: "b", want: ioPriority("idle"), now: { ioClass: "idle", level: 0 } },
    ];
    expect(pendingChanges(targets)).toEqual([]);
    expect(planIoniceChanges(targets)).toEqual({ title: "set disk I/O priorities", steps: [], finally: [] });
  });

  it("sets a task in class none even when its nice-derived level would match", () => {
    expect(
      pendingChanges([{ tid: 1, owner: "a", want: be(4), now: { ioClass: "none", level: 4 } }]),
    ).toHaveLength(1);
  });

  it("splits a large group into batches of 256", () => {
    const targets = Array.from({ length: 300 }, (_, index) => ({
      tid: index + 1,
      owner: "vm",
      want: be(2),
      now: none,
    }));
    expect(planIoniceChanges(targets).steps.map((step) => step.command.args.length - 5)).toEqual([256, 44]);
  });

  it("renders as a script a person can read and run", () => {
    const script = renderScript(planIoniceChanges([{ tid: 303, owner: "vm3", want: be(0), now: none }]));
    expect(script).toContain("ionice -c 2 -n 0 -p 303");
    expect(script).toContain("best-effort level 0 (be/0) for vm3 (1 task)");
  });
});
