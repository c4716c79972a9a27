import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites, testTempDir } from "@dom0kit/test-support";
import { listBackups } from "../src/catalog.js";
import { readManifest } from "../src/manifest.js";
import { restoreDisk } from "../src/restore.js";
import { runBackup } from "../src/run-backup.js";
import { verifyBackup } from "../src/verify-backup.js";
import type { BackupEvent } from "../src/events.js";
import { domainFlags, sha256File, simDomain, snapshots } from "./helpers/sim-domain.js";

const needs = integrationPrerequisites({ commands: ["dd", "zstd", "pigz", "gzip", "ionice", "cp"] });
const local = new ExecaRunner();

describe.skipIf(needs.skip)("runBackup against a simulated dom0, real data", () => {
  it.each(["zstd", "pigz", "gzip", "none"] as const)(
    "backs up an LV and a sparse file-backed disk with %s, and they restore bit for bit",
    async (compression) => {
      const domain = await simDomain({ lvs: { xvda: 6 }, files: { xvdb: 5 } });
      const events: BackupEvent[] = [];
      const result = await runBackup(
        domain.request({
          settings: domain.settings({ compression }),
          onEvent: (event) => events.push(event),
        }),
      );
      expect(await domainFlags(domain.sim, domain.name)).toMatch(/^-b----$|^r-----$/);
      expect(await snapshots(domain.sim)).toEqual([]);
      const manifest = await readManifest(result.dir);
      expect(manifest.disks.map((disk) => [disk.vdev, disk.method, disk.rawSha256])).toEqual([
        ["xvda", "snapshot", domain.sha.xvda],
        ["xvdb", "paused-copy", domain.sha.xvdb],
      ]);
      expect(manifest.state?.rawBytes).toBeGreaterThan(0);
      expect(manifest.config?.source).toBe(`/etc/xen/${domain.name}.cfg`);
      expect(manifest.downtimeMs).toBeGreaterThanOrEqual(0);
      expect((await verifyBackup(result.dir, local)).ok).toBe(true);
      // Nothing the backup made on the host remains: no snapshot, no paused copy, no saved state.
      expect((await domain.sim.readDir("/var/lib/xen/images")).sort()).toEqual([`${domain.name}-xvdb.img`]);
      expect(await domain.sim.readDir("/var/lib/xen/save")).toEqual([]);
      expect(await readdir(join(domain.backupDir, domain.name))).toEqual([manifest.id]);
      expect(events.map((event) => event.type)).toContain("progress");

      const restoreTo = await testTempDir();
      for (const vdev of ["xvda", "xvdb"]) {
        const target = join(restoreTo, `${vdev}.img`);
        await restoreDisk({ backupDir: result.dir, vdev, target, targetRunner: local, localRunner: local });
        expect(await sha256File(target)).toBe(domain.sha[vdev]);
      }
    },
  );

  it("restores to an LV on the host through the host runner, and checks it", async () => {
    const domain = await simDomain({ lvs: { xvda: 4 } });
    const result = await runBackup(domain.request());
    await domain.sim.run({ file: "lvcreate", args: ["-L", "4M", "-n", "restored", "vg0"] });
    await restoreDisk({
      backupDir: result.dir,
      vdev: "xvda",
      target: "/dev/vg0/restored",
      targetRunner: domain.sim,
      localRunner: local,
    });
    expect(await sha256File(await domain.sim.hostPath("/dev/vg0/restored"))).toBe(domain.sha.xvda);
    await expect(
      restoreDisk({
        backupDir: result.dir,
        vdev: "xvda",
        target: domain.disks[0]!.source,
        targetRunner: domain.sim,
        localRunner: local,
      }),
    ).rejects.toThrow(/is vm1's disk xvda and vm1 is running/);
  });

  it("saves and restores the domain in legacy mode, keeping the same disks and state", async () => {
    const domain = await simDomain({ lvs: { xvda: 4 } });
    const before = (await domain.sim.state()).domains.find((each) => each.name === domain.name)?.domid;
    const result = await runBackup(domain.request({ settings: domain.settings({ mode: "legacy" }) }));
    const after = (await domain.sim.state()).domains.find((each) => each.name === domain.name)?.domid;
    expect(after).not.toBe(before); // xl restore makes a new domid
    expect(await domainFlags(domain.sim, domain.name)).toMatch(/^-b----$|^r-----$/);
    expect((await readManifest(result.dir)).disks[0]?.rawSha256).toBe(domain.sha.xvda);
    expect(await domain.sim.readDir("/var/lib/xen/save")).toEqual([]);
  });

  it("takes snapshots only in live mode: no save, no pause", async () => {
    const domain = await simDomain({ lvs: { xvda: 4, xvdb: 4 } });
    const result = await runBackup(domain.request({ settings: domain.settings({ mode: "live" }) }));
    const manifest = await readManifest(result.dir);
    expect(manifest.state).toBeNull();
    expect(manifest.downtimeMs).toBe(0);
    const journal = await domain.sim.journal();
    expect(journal.some((entry) => entry.argv[0] === "xl" && entry.argv[1] === "save")).toBe(false);
    expect(manifest.disks.map((disk) => disk.rawSha256)).toEqual([domain.sha.xvda, domain.sha.xvdb]);
  });

  it("backs up a stopped domain in place, without save", async () => {
    const domain = await simDomain({ lvs: { xvda: 4 }, files: { xvdb: 2 }, start: false });
    const result = await runBackup(domain.request());
    const manifest = await readManifest(result.dir);
    expect(manifest.domainState).toBe("stopped");
    expect(manifest.disks.map((disk) => disk.method)).toEqual(["direct", "direct"]);
    expect(manifest.state).toBeNull();
    expect(await domainFlags(domain.sim, domain.name)).toBe("absent");
  });

  it("leaves a paused domain paused", async () => {
    const domain = await simDomain({ lvs: { xvda: 4 } });
    await domain.sim.run({ file: "xl", args: ["pause", domain.name] });
    await runBackup(domain.request());
    expect(await domainFlags(domain.sim, domain.name)).toBe("--p---");
  });

  it("applies retention after a success, and only then", async () => {
    const domain = await simDomain({ lvs: { xvda: 2 } });
    const settings = domain.settings({ keep: { last: 2 } });
    let clock = Date.UTC(2024, 0, 1);
    const now = () => new Date((clock += 3_600_000));
    const ids: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const result = await runBackup(domain.request({ settings, now }));
      ids.push(result.manifest.id);
      if (round >= 2) expect(result.pruned).toEqual([ids[round - 2]]);
    }
    const complete = (await listBackups(domain.backupDir, domain.name)).filter(
      (each) => each.status === "complete",
    );
    expect(complete.map((each) => each.id)).toEqual(ids.slice(2));
  });

  it("writes archives readable only by their owner", async () => {
    const domain = await simDomain({ lvs: { xvda: 2 } });
    const result = await runBackup(domain.request());
    expect((await stat(join(result.dir, "xvda.img.zst"))).mode & 0o777).toBe(0o600);
    expect((await stat(result.dir)).mode & 0o777).toBe(0o700);
  });
});
