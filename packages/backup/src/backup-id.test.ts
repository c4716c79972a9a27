import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backupIdFor, compactBackupId, parseBackupId } from "./backup-id.js";

describe("backupIdFor / parseBackupId", () => {
  it("round-trips every time, and ids sort as times do", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2999-12-31"), noInvalidDate: true }),
        fc.date({ min: new Date("2000-01-01"), max: new Date("2999-12-31"), noInvalidDate: true }),
        (a, b) => {
          expect(parseBackupId(backupIdFor(a))?.getTime()).toBe(a.getTime());
          expect(Math.sign(backupIdFor(a).localeCompare(backupIdFor(b)))).toBe(
            Math.sign(a.getTime() - b.getTime()),
          );
        },
      ),
    );
  });

  it.each([
    "latest",
    "2024-01-15T12:00:00.000Z",
    "2024-02-30T12-00-00.000Z",
    "2024-01-15T12-00-00.000Z.partial",
  ])("does not take %s for an id", (text) => {
    expect(parseBackupId(text)).toBeUndefined();
  });

  it("compacts ids for LVM names", () => {
    expect(compactBackupId("2024-01-15T12-00-00.123Z")).toBe("20240115T120000123");
  });
});
