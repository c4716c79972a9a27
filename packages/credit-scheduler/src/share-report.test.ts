import { describe, expect, it } from "vitest";
import { computeSchedulerPolicy } from "./policy.js";
import { shareReport } from "./share-report.js";
import { renderShareTable } from "./share-table.js";

const policy = computeSchedulerPolicy({
  host: { pcpus: 4, scheduler: "credit", dom0: { vcpus: 1 } },
  domains: [
    { name: "small", memoryMiB: 1024 },
    { name: "big", memoryMiB: 3072 },
    { name: "capped", memoryMiB: 1024, cap: 50 },
  ],
});

describe("shareReport", () => {
  it("gives each domain its guaranteed share, its maximum and its share under the demand", () => {
    const report = shareReport(policy, { demand: { "Domain-0": 10, big: 0 } });
    const rows = Object.fromEntries(report.domains.map((row) => [row.name, row]));
    expect(rows["Domain-0"]).toMatchObject({ role: "dom0", vcpus: 1, maximum: 100, share: 10 });
    expect(rows.capped).toMatchObject({ maximum: 50, share: 50 });
    expect(rows.big).toMatchObject({ share: 0 });
    expect(rows.small?.share).toBeCloseTo(100, 9);
    const guaranteed = report.domains.reduce((sum, row) => sum + row.guaranteed, 0);
    expect(guaranteed).toBeCloseTo(400, 9);
  });

  it("says what holds a domain back", () => {
    const tight = computeSchedulerPolicy({
      host: { pcpus: 4, scheduler: "credit", dom0: { vcpus: 1 } },
      domains: [{ name: "capped", memoryMiB: 1024, cap: 20 }],
    });
    expect(shareReport(tight).domains[1]?.reason).toBe(
      "14.6% of the weight would give 58.3%; held at 20% by its cap of 20%",
    );
    const rows = shareReport(policy).domains;
    expect(rows.find((row) => row.name === "Domain-0")?.reason).toContain("its 1 vcpu");
    expect(rows.find((row) => row.name === "big")?.reason).toMatch(/of the weight/);
  });

  it("uses dom0's real vcpu count when the policy does not manage it", () => {
    const unmanaged = computeSchedulerPolicy({ host: { pcpus: 8, scheduler: "credit" }, domains: [] });
    expect(shareReport(unmanaged).domains[0]?.vcpus).toBe(8);
    expect(shareReport(unmanaged, { dom0Vcpus: 2 }).domains[0]).toMatchObject({ vcpus: 2, maximum: 200 });
  });

  it("renders a table with one line per domain", () => {
    const table = renderShareTable(shareReport(policy));
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^DOMAIN\s+RAM\s+WEIGHT\s+CAP\s+VCPUS\s+GUARANTEED\s+MAX\s+REASON$/);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^capped\s+1024 MiB\s+1024\s+50%\s+1\s+50% \(12\.5% of host\)\s+50%\s+/);
  });
});
