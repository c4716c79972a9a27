import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { CliContext } from "../../src/context.js";
import { createProgram } from "../../src/program.js";
import { dom0kit } from "./binary.js";

/** Every command path of the CLI, from its own definitions: [], ["plan"], ["sched", "show"], … */
function commandPaths(command: Command, prefix: readonly string[] = []): string[][] {
  return [[...prefix], ...command.commands.flatMap((sub) => commandPaths(sub, [...prefix, sub.name()]))];
}

const program = createProgram(
  new CliContext(
    { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: "/" },
    new AbortController().signal,
  ),
);
const paths = commandPaths(program);

describe("every dom0kit command's --help, from the built binary", () => {
  it("knows the commands", () => {
    expect(paths.map((path) => path.join(" "))).toEqual(
      expect.arrayContaining(["plan", "apply", "status", "render", "demo", "sched show", "console plan"]),
    );
  });

  it.each(paths.map((path) => [path.join(" ") || "(top level)", path] as const))(
    "%s --help prints usage, a description and exits 0",
    async (_name, path) => {
      const result = await dom0kit([...path, "--help"]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: dom0kit${path.map((word) => ` ${word}`).join("")}`));
      expect(result.stdout.split("\n").length).toBeGreaterThan(3);
      expect(result.stderr).toBe("");
    },
  );
});
