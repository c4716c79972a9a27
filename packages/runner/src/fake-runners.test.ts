import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { DryRunRunner } from "./dry-run-runner.js";
import { CommandFailedError, UnexpectedCommandError } from "./errors.js";
import { ScriptedRunner } from "./scripted-runner.js";

describe("DryRunRunner", () => {
  it("records commands and executes nothing", async () => {
    const printed: string[] = [];
    const dry = new DryRunRunner({ onCommand: (command) => printed.push(command.file) });
    const result = await dry.run({ file: "rm", args: ["-rf", "/"] });
    expect(result).toMatchObject({ exitCode: 0, stdout: "" });
    expect(dry.commands).toEqual([{ file: "rm", args: ["-rf", "/"] }]);
    expect(printed).toEqual(["rm"]);
  });

  it("returns configured results, failing on a non-OK code like a real runner", async () => {
    const dry = new DryRunRunner({
      respond: (command) =>
        command.args[0] === "list" ? { stdout: "Name ID\n" } : { exitCode: 1, stderr: "nope" },
    });
    expect((await dry.run({ file: "xl", args: ["list"] })).stdout).toBe("Name ID\n");
    await expect(dry.run({ file: "xl", args: ["pause", "x"] })).rejects.toBeInstanceOf(CommandFailedError);
  });

  it("streams configured output and drains stdin", async () => {
    const dry = new DryRunRunner({ respond: () => ({ stdout: "data" }) });
    const run = dry.stream([{ file: "cat", args: [] }], { stdin: Readable.from(["ignored"]) });
    expect(await text(run.stdout)).toBe("data");
    await run.done;
  });
});

describe("ScriptedRunner", () => {
  it("returns what each expected command was scripted to return", async () => {
    const runner = new ScriptedRunner().expect(["xl", "list"], { stdout: "out" });
    expect((await runner.run({ file: "xl", args: ["list"] })).stdout).toBe("out");
    runner.verify();
  });

  it("fails loudly on an unexpected command, even if the error was swallowed", async () => {
    const runner = new ScriptedRunner().expect(["xl", "list"]);
    await runner.run({ file: "xl", args: ["destroy", "vm1"] }).catch(() => undefined);
    expect(() => runner.verify()).toThrow(UnexpectedCommandError);
    expect(() => runner.verify()).toThrow(/unexpected command: xl destroy vm1\n {2}expected: xl list/);
  });

  it("fails when an expected command never ran", () => {
    const runner = new ScriptedRunner().expect(["xl", "list"]);
    expect(() => runner.verify()).toThrow(/never ran:\n {2}xl list/);
  });

  it("matches in any order when asked", async () => {
    const runner = new ScriptedRunner({ ordered: false })
      .expect(["a"])
      .expect((command) => command.file === "b");
    await runner.run({ file: "b", args: [] });
    await runner.run({ file: "a", args: [] });
    runner.verify();
  });
});
