import { afterEach, describe, expect, it, vi } from "vitest";
import { integrationPrerequisites } from "./prerequisites.js";

describe("integrationPrerequisites", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("runs the suite when everything is there", () => {
    expect(integrationPrerequisites({ commands: ["sh"], paths: ["/"] })).toEqual({ skip: false, reason: "" });
  });

  it("skips with a reason on a developer machine", () => {
    vi.stubEnv("CI", "");
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const verdict = integrationPrerequisites({ commands: ["dom0kit-no-such-tool"] });
    expect(verdict.skip).toBe(true);
    expect(verdict.reason).toContain("command dom0kit-no-such-tool");
  });

  it("fails instead of skipping in CI", () => {
    vi.stubEnv("CI", "true");
    expect(() => integrationPrerequisites({ paths: ["/no/such/file"] })).toThrow(
      /CI=true and missing prerequisites: \/no\/such\/file/,
    );
  });
});
