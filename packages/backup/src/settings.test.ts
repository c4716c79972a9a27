import { describe, expect, it } from "vitest";
import { isBackupError } from "./errors.js";
import { bandwidthBytesPerSecond, parseBackupSettings } from "./settings.js";

describe("parseBackupSettings", () => {
  it("fills in the defaults an admin expects", () => {
    expect(parseBackupSettings({ dir: "/srv/backup" })).toMatchObject({
      dir: "/srv/backup",
      mode: "consistent",
      compression: "zstd",
      compressionThreads: 0,
      snapshotSize: "1G",
      ioniceClass: "best-effort",
      ioniceLevel: 7,
      keep: { last: 3, daily: 0, weekly: 0, monthly: 0 },
      deviceDisks: "refuse",
      hostWorkDir: "/var/lib/xen/save",
      lockDir: "/run/lock",
      spaceCheck: true,
    });
  });

  it.each([
    [{ dir: "relative/path" }, "dir: expected an absolute path"],
    [{ dir: "/srv/../etc" }, "dir: expected an absolute path"],
    [{ dir: "/srv", mode: "fast" }, "mode: expected consistent, legacy or live"],
    [{ dir: "/srv", compression: "xz" }, "compression: expected zstd, pigz, gzip or none"],
    [
      { dir: "/srv", compression: "gzip", compressionLevel: 12 },
      "compressionLevel: expected a gzip level from 1 to 9",
    ],
    [{ dir: "/srv", compressionLevel: 0 }, "compressionLevel: expected a compression level of at least 1"],
    [{ dir: "/srv", snapshotSize: "1 GB" }, "snapshotSize: expected a size such as 512M or 4G"],
    [{ dir: "/srv", ioniceLevel: 8 }, "ioniceLevel: expected a best-effort I/O level of at most 7"],
    [{ dir: "/srv", bandwidth: "fast" }, "bandwidth: expected a rate such as 400mbit or 50mibps"],
    [{ dir: "/srv", keep: { last: -1 } }, "keep.last: expected a count of at least 0"],
    [{ dir: "/srv", hooks: { start: "notify --now" } }, "hooks.start: expected a command as an argv array"],
    [{ dir: "/srv", colour: "blue" }, 'Unrecognized key: "colour"'],
  ])("rejects %j naming the field and what is accepted", (input, message) => {
    let caught: unknown;
    try {
      parseBackupSettings(input);
    } catch (error) {
      caught = error;
    }
    expect(isBackupError(caught, "BACKUP_INPUT_INVALID")).toBe(true);
    expect((caught as Error).message).toContain(message);
  });
});

describe("bandwidthBytesPerSecond", () => {
  it.each([
    [undefined, undefined],
    ["80mbit", 10_000_000],
    ["50mibps", 50 * 1024 * 1024],
    [1234, 1234],
  ])("reads %j as %j bytes per second", (bandwidth, expected) => {
    expect(
      bandwidthBytesPerSecond(
        parseBackupSettings({ dir: "/srv", ...(bandwidth === undefined ? {} : { bandwidth }) }),
      ),
    ).toBe(expected);
  });
});
