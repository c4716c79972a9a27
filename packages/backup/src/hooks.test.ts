import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExecaRunner } from "@dom0kit/runner";
import { testTempDir } from "@dom0kit/test-support";
import { hookEnvironment, runHook } from "./hooks.js";

describe("runHook", () => {
  it("runs the hook's argv with the backup described in its environment", async () => {
    const dir = await testTempDir();
    const out = join(dir, "env.txt");
    await runHook(new ExecaRunner(), ["sh", "-c", 'env | grep ^DOM0KIT_ | sort > "$1"', "hook", out], {
      phase: "failure",
      domain: "vm1",
      host: "dom0-a",
      mode: "consistent",
      backupId: "2024-01-15T12-00-00.000Z",
      errorCode: "BACKUP_NO_SPACE",
      errorMessage: "write xvda: no space left",
      failedStep: "write xvda",
    });
    expect((await readFile(out, "utf8")).trim().split("\n")).toEqual([
      "DOM0KIT_BACKUP_ID=2024-01-15T12-00-00.000Z",
      "DOM0KIT_BACKUP_MODE=consistent",
      "DOM0KIT_DOMAIN=vm1",
      "DOM0KIT_ERROR=write xvda: no space left",
      "DOM0KIT_ERROR_CODE=BACKUP_NO_SPACE",
      "DOM0KIT_FAILED_STEP=write xvda",
      "DOM0KIT_HOOK=failure",
      "DOM0KIT_HOST=dom0-a",
    ]);
  });

  it("fails when the hook fails", async () => {
    await expect(
      runHook(new ExecaRunner(), ["false"], {
        phase: "start",
        domain: "vm1",
        host: "h",
        mode: "live",
        backupId: "x",
      }),
    ).rejects.toThrow(/false failed with exit code 1/);
  });
});

describe("hookEnvironment", () => {
  it("passes the backup directory when there is one", () => {
    expect(
      hookEnvironment({
        phase: "end",
        domain: "vm1",
        host: "h",
        mode: "live",
        backupId: "x",
        backupDir: "/b/vm1/x",
      }).DOM0KIT_BACKUP_DIR,
    ).toBe("/b/vm1/x");
  });
});
