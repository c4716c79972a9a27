import { describe, expect, it } from "vitest";
import { dom0kit } from "./binary.js";

interface DemoJson {
  applied: { area: string; changes: number; status: string }[];
  secondApplyChanges: number;
  status: { domains: { name: string; state: string; weight?: number; rateIn?: string; ioNow?: string }[] };
  backup?: { domain: string; verified: boolean; restored: { vdev: string; rawSha256: string } };
  console: { user: string; request: string; exitCode: number; output: string }[];
}

/**
 * The demo backs up, verifies and restores a 2 GiB disk: 30–50 s alone, and more while the
 * other test files share the two cores.
 */
const DEMO_TIMEOUT_MS = 240_000;

describe("dom0kit demo (the README's main job, from the built binary)", () => {
  it(
    "applies everything to a fresh simulated dom0, then nothing the second time, and says what happened",
    async () => {
      const result = await dom0kit(["demo"], { timeoutMs: DEMO_TIMEOUT_MS });
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^1\. A fresh simulated dom0 "denmark"/m);
      expect(result.stdout).toMatch(/^ +config +\d+ changes/m);
      expect(result.stdout).toMatch(/^3\. dom0kit apply again.*\n +nothing to change$/m);
      expect(result.stdout).toMatch(/^claudius +blocked +2048 MiB +1024 /m);
      expect(result.stdout).toMatch(/^5\. dom0kit backup run baldr, then verify it and restore a disk$/m);
      expect(result.stdout).toContain("verify: every archive matches its checksum and decompresses");
      expect(result.stdout).toMatch(/restore xvda to \/srv\/restore\/baldr-xvda\.img on the host: read back/);
      expect(result.stdout).toMatch(/^demo done in \d+\.\ds$/m);
    },
    DEMO_TIMEOUT_MS,
  );

  it(
    "--json reports each stage: every area applied, the second apply empty, customers served or refused",
    async () => {
      const result = await dom0kit(["--json", "demo"], { timeoutMs: DEMO_TIMEOUT_MS });
      expect(result.exitCode).toBe(0);
      const report = JSON.parse(result.stdout) as DemoJson;
      expect(report.applied.map((area) => area.area)).toEqual([
        "config",
        "boot",
        "sched",
        "net",
        "io",
        "console",
      ]);
      expect(report.applied.every((area) => area.status !== "failed")).toBe(true);
      expect(report.secondApplyChanges).toBe(0);
      const horatio = report.status.domains.find((domain) => domain.name === "horatio");
      expect(horatio).toMatchObject({ state: "blocked", weight: 1024, rateIn: "10Mbit" });
      expect(horatio?.ioNow).toMatch(/^be\/\d$/);
      expect(report.backup).toMatchObject({ domain: "baldr", verified: true, restored: { vdev: "xvda" } });
      expect(report.backup?.restored.rawSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(report.console).toEqual([
        expect.objectContaining({ user: "alice", request: "status horatio", exitCode: 0 }),
        expect.objectContaining({ user: "alice", request: "reboot osric", exitCode: 2 }),
      ]);
      expect(report.console[0]?.output).toContain("horatio");
      expect(report.console[1]?.output).toContain("osric is not one of your domains");
    },
    DEMO_TIMEOUT_MS,
  );
});
