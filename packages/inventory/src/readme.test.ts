import { expectReadmeShows } from "@dom0kit/test-support";
import { expect, it, vi } from "vitest";

it("runs the README's example", async () => {
  await expectReadmeShows("../README.md", "../examples/validate.ts", import.meta.url);
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  await import("../examples/validate.js");
  const lines = log.mock.calls.map((call) => String(call[0]));
  log.mockRestore();
  expect(lines[0]).toBe("consistent");
  expect(lines.slice(1)).toEqual([
    expect.stringMatching(/^10:5 domains\[0\]\.memroy: unknown key "memroy" — did you mean "memory"\?/),
  ]);
});
