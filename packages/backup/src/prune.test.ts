import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExecaRunner, formatCommand } from "@dom0kit/runner";
import { testTempDir } from "@dom0kit/test-support";
import { writeFakeBackup, writeLeftovers } from "../test/helpers/fake-backups.js";
import { listBackups } from "./catalog.js";
import { applyPrune, planPrune } from "./prune.js";

const day = (n: number) => new Date(Date.UTC(2024, 0, n, 3, 0, 0));

describe("planPrune", () => {
  it("retires what the policy does not keep by renaming it first, and clears leftovers of killed runs", async () => {
    const root = await testTempDir();
    for (const n of [1, 2, 3, 4, 5]) await writeFakeBackup(root, "vm1", day(n));
    await writeLeftovers(root, "vm1", { partial: day(6), pruning: day(0), failed: day(2), damaged: day(7) });
    const prune = planPrune("vm1", await listBackups(root, "vm1"), {
      last: 2,
      daily: 0,
      weekly: 0,
      monthly: 0,
    });
    expect(prune.keep.map((each) => each.id)).toEqual([
      "2024-01-05T03-00-00.000Z",
      "2024-01-04T03-00-00.000Z",
    ]);
    expect(prune.remove.map((each) => [each.id, each.status])).toEqual([
      ["2023-12-31T03-00-00.000Z", "pruning"],
      ["2024-01-01T03-00-00.000Z", "complete"],
      ["2024-01-02T03-00-00.000Z", "complete"],
      ["2024-01-02T03-00-00.000Z", "failed"],
      ["2024-01-03T03-00-00.000Z", "complete"],
      ["2024-01-06T03-00-00.000Z", "partial"],
    ]);
    expect(prune.untouched.map((each) => each.id)).toEqual(["2024-01-07T03-00-00.000Z"]);
    const vm1 = join(root, "vm1");
    expect(
      prune.plan.steps.slice(0, 3).map((each) => formatCommand(each.command).replaceAll(vm1, "D")),
    ).toEqual([
      "rm -rf -- D/2023-12-31T03-00-00.000Z.pruning",
      "mv -T -- D/2024-01-01T03-00-00.000Z D/2024-01-01T03-00-00.000Z.pruning",
      "rm -rf -- D/2024-01-01T03-00-00.000Z.pruning",
    ]);

    await applyPrune(prune, new ExecaRunner());
    expect((await readdir(vm1)).sort()).toEqual([
      "2024-01-04T03-00-00.000Z",
      "2024-01-05T03-00-00.000Z",
      "2024-01-07T03-00-00.000Z",
    ]);
  });

  it("keeps a failure report newer than the newest finished backup", async () => {
    const root = await testTempDir();
    await writeFakeBackup(root, "vm1", day(1));
    await writeLeftovers(root, "vm1", { failed: day(2) });
    expect(
      planPrune("vm1", await listBackups(root, "vm1"), { last: 1, daily: 0, weekly: 0, monthly: 0 }).remove,
    ).toEqual([]);
  });

  it("names the step that failed", async () => {
    const root = await testTempDir();
    await writeFakeBackup(root, "vm1", day(1));
    await writeFakeBackup(root, "vm1", day(2));
    const prune = planPrune("vm1", await listBackups(root, "vm1"), {
      last: 1,
      daily: 0,
      weekly: 0,
      monthly: 0,
    });
    await writeFakeBackup(root, "vm1", day(1)).catch(() => undefined);
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(root, "vm1", "2024-01-01T03-00-00.000Z.pruning", "x"), { recursive: true });
    await expect(applyPrune(prune, new ExecaRunner())).rejects.toThrow(
      /retire backup 2024-01-01T03-00-00.000Z/,
    );
  });
});
