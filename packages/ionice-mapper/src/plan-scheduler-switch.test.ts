import { describe, expect, it } from "vitest";
import { planSchedulerSwitch } from "./plan-scheduler-switch.js";

const all = ["none", "mq-deadline", "kyber", "bfq"];

describe("planSchedulerSwitch", () => {
  it("writes bfq to each disk not on it, once per disk, with an undo to the previous scheduler", () => {
    const planned = planSchedulerSwitch([
      { disk: "sdb", active: "mq-deadline", available: all },
      { disk: "sda", active: "bfq", available: all },
      { disk: "sdb", active: "mq-deadline", available: all },
      { disk: "zram0", available: [] },
    ]);
    expect(planned.steps).toEqual([
      {
        description: "switch sdb from mq-deadline to bfq",
        command: { file: "tee", args: ["/sys/block/sdb/queue/scheduler"], input: "bfq\n" },
        undo: {
          description: "switch sdb back to mq-deadline",
          command: { file: "tee", args: ["/sys/block/sdb/queue/scheduler"], input: "mq-deadline\n" },
        },
      },
    ]);
  });

  it("loads the bfq module first when a disk does not offer it", () => {
    const planned = planSchedulerSwitch([
      { disk: "vda", active: "none", available: ["none", "mq-deadline"] },
    ]);
    expect(planned.steps.map((step) => [step.command.file, ...step.command.args].join(" "))).toEqual([
      "modprobe bfq",
      "tee /sys/block/vda/queue/scheduler",
    ]);
  });

  it("switches to another scheduler under another /sys root", () => {
    const planned = planSchedulerSwitch([{ disk: "nvme0n1", active: "none", available: all }], {
      scheduler: "mq-deadline",
      sysRoot: "/tmp/sys/",
    });
    expect(planned.steps[0]?.command).toEqual({
      file: "tee",
      args: ["/tmp/sys/block/nvme0n1/queue/scheduler"],
      input: "mq-deadline\n",
    });
  });

  it("refuses names that are not plain kernel names", () => {
    expect(() => planSchedulerSwitch([{ disk: "../sda", active: "none", available: all }])).toThrow(
      '"../sda" is not a disk name',
    );
    expect(() => planSchedulerSwitch([], { scheduler: "bfq; reboot" })).toThrow(
      '"bfq; reboot" is not a scheduler name',
    );
  });
});
