import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderScript, ScriptedRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import {
  computeSchedulerPolicy,
  planSchedulerOnHost,
  renderShareTable,
  shareReport,
  simulateCredit1,
} from "../src/index.js";
import { fixture } from "./fixture.js";

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");

/** The fenced block of the README that follows `marker`. */
function block(marker: string): string {
  const start = readme.indexOf(marker);
  const open = readme.indexOf("```", start);
  const body = readme.indexOf("\n", open) + 1;
  return readme.slice(body, readme.indexOf("```", body));
}

// The worked example of the README, step by step.
const policy = computeSchedulerPolicy({
  host: { pcpus: 4, scheduler: "credit", dom0: { vcpus: 1 } },
  domains: [
    { name: "small", memoryMiB: 1024 },
    { name: "medium", memoryMiB: 2048 },
    { name: "big", memoryMiB: 4096 },
    { name: "capped", memoryMiB: 1024, cap: 50 },
  ],
});

describe("README worked example", () => {
  it("prints the share table shown", () => {
    expect(renderShareTable(shareReport(policy))).toBe(block("<!-- table -->"));
  });

  it("plans the commands shown against the host it describes", async () => {
    const runner = new ScriptedRunner()
      .expect(["xl", "list"], { stdout: fixture("readme-xl-list.txt") })
      .expect(["xl", "sched-credit"], { stdout: fixture("readme-xl-sched-credit.txt") })
      .expect(["xl", "vcpu-list"], { stdout: fixture("readme-xl-vcpu-list.txt") });
    const { plan } = await planSchedulerOnHost(runner, policy);
    const script = renderScript(plan);
    // The README shows the steps, without the undo handler and the step counter.
    const steps = script
      .slice(script.indexOf("# Step 1"))
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("dom0kit_step="));
    expect(steps.join("\n") + "\n").toBe(block("<!-- plan -->"));
    runner.verify();
  });

  it("simulates Credit1 as shown", () => {
    const { shares } = simulateCredit1({
      pcpus: 4,
      domains: shareReport(policy).domains.map(({ name, weight, vcpus, cap, role }) =>
        role === "dom0" ? { name, weight, vcpus, cap, demand: 0 } : { name, weight, vcpus, cap },
      ),
    });
    const shown = block("<!-- simulation -->");
    expect(shares.map((each) => `${each.name} ${each.share.toFixed(0)}%`).join("\n") + "\n").toBe(shown);
  });
});
