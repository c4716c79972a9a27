import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { periodOf, selectRetention, type RetentionCandidate } from "./retention.js";

function at(...isoTimes: string[]): RetentionCandidate[] {
  return isoTimes.map((iso) => ({ id: iso, time: new Date(iso) }));
}

const none = { last: 0, daily: 0, weekly: 0, monthly: 0 };

describe("selectRetention", () => {
  it("keeps the newest N with keep-last", () => {
    const decision = selectRetention(
      at("2024-01-01T00:00Z", "2024-01-02T00:00Z", "2024-01-03T00:00Z"),
      { ...none, last: 2 },
      "UTC",
    );
    expect(decision.keep).toEqual([
      { id: "2024-01-03T00:00Z", reason: "last" },
      { id: "2024-01-02T00:00Z", reason: "last" },
    ]);
    expect(decision.prune).toEqual(["2024-01-01T00:00Z"]);
  });

  it("keeps the newest backup of each of the last N days with keep-daily", () => {
    const decision = selectRetention(
      at(
        "2024-01-01T01:00Z",
        "2024-01-01T23:00Z",
        "2024-01-02T05:00Z",
        "2024-01-02T06:00Z",
        "2024-01-04T00:00Z",
      ),
      { ...none, daily: 2 },
      "UTC",
    );
    expect(decision.keep.map((each) => each.id)).toEqual(["2024-01-04T00:00Z", "2024-01-02T06:00Z"]);
  });

  it("lets a later rule reach only further back than an earlier one (Proxmox semantics)", () => {
    // keep-last 1 keeps Jan 10; keep-daily 2 skips Jan 10 (covered) and keeps Jan 9 and Jan 8.
    const decision = selectRetention(
      at("2024-01-08T12:00Z", "2024-01-09T12:00Z", "2024-01-10T08:00Z", "2024-01-10T12:00Z"),
      { ...none, last: 1, daily: 2 },
      "UTC",
    );
    expect(decision.keep).toEqual([
      { id: "2024-01-10T12:00Z", reason: "last" },
      { id: "2024-01-09T12:00Z", reason: "daily" },
      { id: "2024-01-08T12:00Z", reason: "daily" },
    ]);
    expect(decision.prune).toEqual(["2024-01-10T08:00Z"]);
  });

  it("groups weeks the ISO way (Monday first) and months by calendar", () => {
    const decision = selectRetention(
      at(
        "2024-01-01T12:00Z",
        "2024-01-07T12:00Z",
        "2024-01-08T12:00Z",
        "2024-02-01T12:00Z",
        "2024-02-20T12:00Z",
      ),
      { ...none, weekly: 2, monthly: 5 },
      "UTC",
    );
    expect(decision.keep).toEqual([
      { id: "2024-02-20T12:00Z", reason: "weekly" },
      { id: "2024-02-01T12:00Z", reason: "weekly" },
      { id: "2024-01-08T12:00Z", reason: "monthly" },
    ]);
  });

  it("counts days in the time zone it is given", () => {
    const backups = at("2024-01-01T22:30Z", "2024-01-01T23:30Z");
    expect(selectRetention(backups, { ...none, daily: 5 }, "UTC").keep).toHaveLength(1);
    // In Copenhagen (UTC+1) the second one is already on Jan 2.
    expect(selectRetention(backups, { ...none, daily: 5 }, "Europe/Copenhagen").keep).toHaveLength(2);
  });

  it("treats a policy that keeps nothing as no retention at all", () => {
    expect(selectRetention(at("2024-01-01T00:00Z", "2024-01-02T00:00Z"), none).prune).toEqual([]);
  });

  it("always keeps the newest backup, and keeps plus prunes is everything, once", () => {
    const policy = fc.record({
      last: fc.integer({ min: 0, max: 5 }),
      daily: fc.integer({ min: 0, max: 5 }),
      weekly: fc.integer({ min: 0, max: 5 }),
      monthly: fc.integer({ min: 0, max: 5 }),
    });
    const times = fc.uniqueArray(fc.integer({ min: 1_700_000_000_000, max: 1_760_000_000_000 }), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(times, policy, (stamps, keep) => {
        const backups = stamps.map((ms) => ({ id: String(ms), time: new Date(ms) }));
        const decision = selectRetention(backups, keep, "UTC");
        const ids = [...decision.keep.map((each) => each.id), ...decision.prune].sort();
        expect(ids).toEqual(backups.map((each) => each.id).sort());
        const newest = String(Math.max(...stamps));
        expect(decision.prune).not.toContain(newest);
        const kept = decision.keep.length;
        const limit = keep.last + keep.daily + keep.weekly + keep.monthly;
        if (limit > 0) expect(kept).toBeLessThanOrEqual(limit);
      }),
    );
  });
});

describe("periodOf", () => {
  it.each([
    ["2024-12-30T10:00:00Z", "weekly", "2025-W01"],
    ["2021-01-03T10:00:00Z", "weekly", "2020-W53"],
    ["2024-01-15T10:00:00Z", "daily", "2024-01-15"],
    ["2024-01-15T10:00:00Z", "monthly", "2024-01"],
  ] as const)("%s is in %s period %s", (iso, rule, period) => {
    expect(periodOf(new Date(iso), rule, "UTC")).toBe(period);
  });
});
