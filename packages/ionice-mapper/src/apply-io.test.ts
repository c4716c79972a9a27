import { DryRunRunner, formatCommand } from "@dom0kit/runner";
import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { DOM0_POLICY, DOM0_POLICY_TIDS, DOM0_XL_LIST } from "../test/fixtures/dom0-policy.js";
import { FakeIoniceHost } from "../test/fixtures/fake-ionice-host.js";
import { writeFixtureHost } from "../test/fixtures/host.js";
import { applyIoPolicy } from "./apply-io.js";
import { parseIoPolicy } from "./policy.js";

async function setup() {
  const roots = await writeFixtureHost(await testTempDir());
  const host = new FakeIoniceHost(DOM0_XL_LIST, DOM0_POLICY_TIDS);
  return { roots, host, policy: parseIoPolicy(DOM0_POLICY) };
}

describe("applyIoPolicy", () => {
  it("applies the changes, reads them back, and re-applying runs no ionice -c at all", async () => {
    const { roots, host, policy } = await setup();
    const first = await applyIoPolicy(policy, { runner: host, ...roots });
    expect(first.status).toBe("applied");
    expect(first.remaining).toEqual([]);
    expect(host.setCommands.map(formatCommand)).toEqual([
      "ionice -c 2 -n 0 -p 303 304 305",
      "ionice -c 2 -n 1 -p 410 411 412",
      "ionice -c 2 -n 2 -p 301 302",
      "ionice -c 2 -n 3 -p 1054",
      "ionice -c 2 -n 7 -p 900",
    ]);
    expect(host.priorities.get(411)).toEqual({ ioClass: "best-effort", level: 1 });

    host.commands.length = 0;
    const second = await applyIoPolicy(policy, { runner: host, ...roots });
    expect(second.status).toBe("unchanged");
    expect(second.plans).toEqual([]);
    expect(host.setCommands).toEqual([]);
    expect(host.commands.map(formatCommand)).toEqual([
      "xl list",
      "ionice -p 301 302 303 304 305 410 411 412 1054 900",
    ]);
  });

  it("changes only what drifted", async () => {
    const { roots, host, policy } = await setup();
    await applyIoPolicy(policy, { runner: host, ...roots });
    host.priorities.set(302, { ioClass: "idle", level: 0 });
    host.commands.length = 0;
    const result = await applyIoPolicy(policy, { runner: host, ...roots });
    expect(result.status).toBe("applied");
    expect(host.setCommands.map(formatCommand)).toEqual(["ionice -c 2 -n 2 -p 302"]);
  });

  it("applies the rest when a task exits in the middle of a batch", async () => {
    const { roots, host, policy } = await setup();
    host.beforeCommand = (command) => {
      if (command.args.includes("-c") && command.args.includes("410")) host.priorities.delete(411);
    };
    const result = await applyIoPolicy(policy, { runner: host, ...roots });
    expect(result.reports[0]?.status).toBe("failed");
    expect(result.plans).toHaveLength(2);
    // The first plan stopped at the failed step; the second sets the task left over and the skipped levels.
    expect(result.plans[1]?.steps.map((step) => formatCommand(step.command))).toEqual([
      "ionice -c 2 -n 1 -p 412",
      "ionice -c 2 -n 2 -p 301 302",
      "ionice -c 2 -n 3 -p 1054",
      "ionice -c 2 -n 7 -p 900",
    ]);
    expect(result.status).toBe("applied");
    expect(host.priorities.get(412)).toEqual({ ioClass: "best-effort", level: 1 });
  });

  it("reports what is still wrong when a change does not take", async () => {
    const { roots, host, policy } = await setup();
    const stubborn = new DryRunRunner(); // accepts the changes, applies none of them
    const result = await applyIoPolicy(policy, { runner: host, changeRunner: stubborn, ...roots });
    expect(result.status).toBe("failed");
    expect(result.remaining.map((target) => target.tid).sort((a, b) => a - b)).toEqual(
      DOM0_POLICY_TIDS.toSorted((a, b) => a - b),
    );
    expect(stubborn.commands).toHaveLength(5);
  });

  it("runs the changes through a dry-run runner without verifying", async () => {
    const { roots, host, policy } = await setup();
    const dry = new DryRunRunner();
    const result = await applyIoPolicy(policy, { runner: host, changeRunner: dry, verify: false, ...roots });
    expect(result.status).toBe("applied");
    expect(dry.commands).toHaveLength(5);
    expect(host.setCommands).toEqual([]);
  });
});
