import { CommandFailedError, ScriptedRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { FakeIoniceHost } from "../test/fixtures/fake-ionice-host.js";
import { ToolOutputError } from "./errors.js";
import { IONICE_BATCH, parseIoniceOutput, readIoPriorities } from "./read-priorities.js";

describe("parseIoniceOutput", () => {
  it("reads every class ionice prints, in order", () => {
    expect(parseIoniceOutput("none: prio 0\nbest-effort: prio 3\nrealtime: prio 7\nidle\n")).toEqual([
      { ioClass: "none", level: 0 },
      { ioClass: "best-effort", level: 3 },
      { ioClass: "realtime", level: 7 },
      { ioClass: "idle", level: 0 },
    ]);
  });

  it.each(["unknown: prio 9", "best-effort: prio 8", "303: best-effort: prio 0", "bogus"])(
    "rejects %j with the line and what is accepted",
    (line) => {
      expect(() => parseIoniceOutput(`best-effort: prio 1\n${line}\n`)).toThrow(ToolOutputError);
      expect(() => parseIoniceOutput(`best-effort: prio 1\n${line}\n`)).toThrow(
        `ionice output line 2 ${JSON.stringify(line)} is not 'none|realtime|best-effort: prio N' or 'idle'`,
      );
    },
  );
});

describe("readIoPriorities", () => {
  it("reads all ids in one call", async () => {
    const runner = new ScriptedRunner().expect(["ionice", "-p", "10", "11"], {
      stdout: "best-effort: prio 2\nnone: prio 0\n",
    });
    expect(await readIoPriorities(runner, [10, 11, 10])).toEqual(
      new Map([
        [10, { ioClass: "best-effort", level: 2 }],
        [11, { ioClass: "none", level: 0 }],
      ]),
    );
    runner.verify();
  });

  it("re-reads a batch one id at a time when a task in it exited (util-linux stops there)", async () => {
    const runner = new ScriptedRunner()
      .expect(["ionice", "-p", "10", "11", "12"], {
        exitCode: 1,
        stdout: "idle\n",
        stderr: "ionice: ioprio_get failed: No such process\n",
      })
      .expect(["ionice", "-p", "10"], { stdout: "idle\n" })
      .expect(["ionice", "-p", "11"], { exitCode: 1, stderr: "ionice: ioprio_get failed: No such process\n" })
      .expect(["ionice", "-p", "12"], { stdout: "realtime: prio 1\n" });
    const read = await readIoPriorities(runner, [10, 11, 12]);
    expect(read).toEqual(
      new Map([
        [10, { ioClass: "idle", level: 0 }],
        [12, { ioClass: "realtime", level: 1 }],
      ]),
    );
    runner.verify();
  });

  it("never matches a reading to the wrong task when ionice skips a missing id instead of stopping", async () => {
    const runner = new ScriptedRunner()
      .expect(["ionice", "-p", "10", "11", "12"], {
        exitCode: 1,
        stdout: "idle\nrealtime: prio 1\n", // 10 and 12: 11 was skipped
        stderr: "ionice: ioprio_get failed: No such process\n",
      })
      .expect(["ionice", "-p", "10"], { stdout: "idle\n" })
      .expect(["ionice", "-p", "11"], { exitCode: 1, stderr: "ionice: ioprio_get failed: No such process\n" })
      .expect(["ionice", "-p", "12"], { stdout: "realtime: prio 1\n" });
    expect((await readIoPriorities(runner, [10, 11, 12])).get(12)).toEqual({ ioClass: "realtime", level: 1 });
    runner.verify();
  });

  it("rejects output with a line missing", async () => {
    const runner = new ScriptedRunner().expect(["ionice", "-p", "10", "11"], { stdout: "idle\n" });
    await expect(readIoPriorities(runner, [10, 11])).rejects.toThrow(ToolOutputError);
  });

  it("throws when ionice fails for another reason", async () => {
    const runner = new ScriptedRunner().expect(["ionice", "-p", "10"], {
      exitCode: 1,
      stderr: "ionice: ioprio_get failed: Operation not permitted\n",
    });
    await expect(readIoPriorities(runner, [10])).rejects.toThrow(CommandFailedError);
  });

  it(`reads in batches of ${String(IONICE_BATCH)}`, async () => {
    const tids = Array.from({ length: 600 }, (_, index) => 1000 + index);
    const host = new FakeIoniceHost("", tids);
    const read = await readIoPriorities(host, tids);
    expect(read.size).toBe(600);
    expect(host.commands.map((command) => command.args.length - 1)).toEqual([256, 256, 88]);
  });

  it("reads nothing for no ids", async () => {
    const runner = new ScriptedRunner();
    expect(await readIoPriorities(runner, [])).toEqual(new Map());
    runner.verify();
  });
});
