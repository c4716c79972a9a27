import { expectReadmeShows } from "@dom0kit/test-support";
import { expect, it, vi } from "vitest";

it("runs the README's quick start", async () => {
  await expectReadmeShows("../README.md", "../examples/quick-start.ts", import.meta.url);
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  await import("../examples/quick-start.js");
  expect(log.mock.calls.map((call) => String(call[0]))).toContain("succeeded: write a note");
  expect(log).toHaveBeenLastCalledWith("succeeded", true);
  log.mockRestore();
});
