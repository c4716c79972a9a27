import { ScriptedRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { readMenusWithPygrub } from "./read-with-pygrub.js";

describe("readMenusWithPygrub", () => {
  it("runs one python3 for the whole batch, with pygrub's library path, and reads one answer per menu", async () => {
    const answer = {
      id: "vm1",
      parser: "GrubConfigFile",
      default: 0,
      timeout: "5",
      entries: [],
      warnings: [],
      choices: {},
    };
    const runner = new ScriptedRunner().expect(
      (command) =>
        command.file === "python3" &&
        command.args[0] === "-c" &&
        command.args[2] === "/usr/lib/xen-4.17/bin/pygrub" &&
        command.env?.PYTHONPATH === "/usr/lib/xen-4.17/lib/python" &&
        String(command.input).includes('"path":"/boot/grub/menu.lst"'),
      { stdout: `${JSON.stringify(answer)}\n` },
    );
    expect(
      await readMenusWithPygrub(runner, [{ id: "vm1", format: "menu.lst", text: "title a\n kernel /a\n" }]),
    ).toEqual([answer]);
    runner.verify();
  });

  it("throws a typed error when pygrub answers the wrong number of menus", async () => {
    const runner = new ScriptedRunner().expect(() => true, { stdout: "" });
    await expect(
      readMenusWithPygrub(runner, [{ id: "a", format: "grub.cfg", text: "" }]),
    ).rejects.toMatchObject({
      name: "PygrubUnavailableError",
      code: "PYGRUB_UNAVAILABLE",
    });
  });

  it("asks nothing for no menus", async () => {
    expect(await readMenusWithPygrub(new ScriptedRunner(), [])).toEqual([]);
  });
});
