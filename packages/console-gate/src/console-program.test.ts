import { Readable } from "node:stream";
import { ScriptedRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { runConsoleProgram, PROGRAM_EXIT } from "./console-program.js";
import { streamLineSource } from "./line-source.js";

async function program(argv: string[], uid = 1500) {
  const out: string[] = [];
  const err: string[] = [];
  const runner = new ScriptedRunner();
  const code = await runConsoleProgram({
    argv,
    env: { SSH_ORIGINAL_COMMAND: "status" },
    input: streamLineSource(Readable.from([])),
    write: (text) => out.push(text),
    writeError: (text) => err.push(text),
    terminal: false,
    runner,
    identity: { uid, user: "alice" },
  });
  runner.verify();
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("runConsoleProgram", () => {
  it.each([
    [[]],
    [["--access-dir"]],
    [["--access-dir", "relative"]],
    [["--access-dir", "/x", "--shell"]],
    [["--check"]],
  ])("refuses the arguments %j with a usage line", async (argv) => {
    const result = await program(argv);
    expect(result.code).toBe(PROGRAM_EXIT.usage);
    expect(result.stderr).toBe("usage: dom0kit-console --access-dir DIR [--check]\n");
  });

  it("refuses to run as root", async () => {
    const result = await program(["--access-dir", "/etc/dom0kit/console"], 0);
    expect(result.code).toBe(PROGRAM_EXIT.root);
    expect(result.stderr).toContain("refusing to run as root");
  });

  it("says in one line that the account has no console access when its map is missing", async () => {
    const result = await program(["--access-dir", "/nonexistent/dom0kit-console"]);
    expect(result.code).toBe(PROGRAM_EXIT.config);
    expect(result.stderr).toMatch(
      /^dom0kit-console: no console access for alice: \/nonexistent\/dom0kit-console\/users: cannot be read\n$/,
    );
  });
});
