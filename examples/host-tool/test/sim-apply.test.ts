import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadInventory } from "@dom0kit/inventory";
import { applyPlan } from "@dom0kit/runner";
import { initFromInventory } from "@dom0kit/sim-host";
import { integrationPrerequisites, testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { configArea } from "../src/areas/config-area.js";
import { consoleArea } from "../src/areas/console-area.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;
const needs = integrationPrerequisites({ commands: ["visudo", "sshd", "ssh-keygen"] });

describe.skipIf(needs.skip)("applying the config and console areas to a fresh simulated dom0", () => {
  it("succeeds, and planning again finds nothing to do", async () => {
    const inventory = await loadInventory(DENMARK);
    const dir = await testTempDir();
    const consoleProgram = join(dir, "dom0kit-console.js");
    await writeFile(consoleProgram, "#!/usr/bin/env node\n// stand-in for the bundled menu program\n");
    const sim = await initFromInventory(join(dir, "sim"), inventory, { domains: false });
    const input = { inventory, runner: sim, target: { kind: "sim" } as const, options: { consoleProgram } };
    for (const area of [configArea, consoleArea]) {
      const first = await area.plan(input);
      expect(first.plan.steps.length, area.name).toBeGreaterThan(0);
      const applied = await applyPlan(first.plan, sim);
      const failed = applied.steps.filter((each) => each.status !== "succeeded");
      expect(failed, area.name).toEqual([]);
      expect(applied.status, area.name).toBe("succeeded");
      const again = await area.plan(input);
      expect(again.plan.steps, `${area.name} planned again`).toEqual([]);
      expect(again.plan.finally ?? [], `${area.name} planned again`).toEqual([]);
    }
    const stat = await sim.run({
      file: "stat",
      args: [
        "--printf=%F:%a:%U:%G\\n",
        "/etc/sudoers.d/dom0kit-console-alice",
        "/home/alice/.ssh/authorized_keys",
      ],
    });
    expect(stat.stdout).toBe("regular file:440:root:root\nregular file:600:alice:alice\n");
    expect((await sim.run({ file: "visudo", args: ["-c"] })).stdout).toContain(
      "/etc/sudoers.d/dom0kit-console-alice: parsed OK",
    );
  }, 60_000);
});
