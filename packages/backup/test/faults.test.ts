import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { ExecaRunner } from "@dom0kit/runner";
import type { FaultSpecInput } from "@dom0kit/sim-host";
import { integrationPrerequisites, testTempDir, uniqueName } from "@dom0kit/test-support";
import { listBackups } from "../src/catalog.js";
import { BackupError, type BackupErrorCode } from "../src/errors.js";
import type { BackupEvent } from "../src/events.js";
import { HostLock } from "../src/host-lock.js";
import { runBackup, type BackupRequest } from "../src/run-backup.js";
import type { BackupSettingsInput } from "../src/settings.js";
import {
  domainFlags,
  simDomain,
  snapshots,
  type SimDomainOptions,
  type TestDomain,
} from "./helpers/sim-domain.js";

const needs = integrationPrerequisites({ commands: ["dd", "zstd", "ionice", "cp"] });
const needsRoot = integrationPrerequisites({ root: true, commands: ["mount", "umount"] });

/** A fixed start time, so snapshot names are known in advance. */
const START = new Date(Date.UTC(2024, 0, 15, 12, 0, 0));
const COMPACT = "20240115T120000000";

/** What the scenario's domain looks like: two LVs (two snapshots) and a file-backed disk. */
const DEFAULT_DOMAIN: SimDomainOptions = { lvs: { xvda: 4, xvdb: 4 }, files: { xvdc: 2 } };

interface Scenario {
  readonly name: string;
  readonly domain?: SimDomainOptions;
  readonly settings?: Partial<BackupSettingsInput>;
  readonly faults?: (domain: TestDomain) => FaultSpecInput[];
  /** Request changes (runners, signals, event hooks). */
  readonly request?: (domain: TestDomain) => Partial<BackupRequest>;
  /** Runs before the backup (mounts, locks); returns a cleanup. */
  readonly before?: (domain: TestDomain) => Promise<void>;
  readonly step: RegExp;
  readonly code: BackupErrorCode;
  /** The domain's flags afterwards. @default running */
  readonly after?: "running" | "paused" | "absent";
}

function fail(
  match: FaultSpecInput["match"],
  stderr = "",
  extra: Partial<FaultSpecInput> = {},
): FaultSpecInput {
  return { match, effect: { kind: "fail", exitCode: 1, stderr }, ...extra };
}

function reads(pattern: string): FaultSpecInput["match"] {
  return { argvPrefix: ["dd"], argvRegex: `if=\\S*${pattern}` };
}

/** The local zstd compressor this process started, once it is running. */
async function localCompressorPid(): Promise<number> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    for (const entry of await readdir("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = await readFile(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        const cmdline = (await readFile(`/proc/${entry}/cmdline`, "utf8")).split("\0");
        if (ppid === process.pid && cmdline[0] === "zstd" && cmdline.includes("-T0")) return Number(entry);
      } catch {
        // the process went away while we looked
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the compressor never started");
}

/** Calls `act` once, when the first bytes of `label` have been copied. */
function whenCopying(label: string, act: () => void): (event: BackupEvent) => void {
  let done = false;
  return (event) => {
    if (done || event.type !== "progress" || event.label !== label || event.bytes === 0) return;
    done = true;
    act();
  };
}

const scenarios: Scenario[] = [
  {
    name: "xl save fails (consistent mode)",
    faults: () => [fail({ argvPrefix: ["xl", "save"] }, "Failed to save domain, resuming domain\n")],
    step: /^save vm1 and leave it paused$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "xl save fails (legacy mode)",
    settings: { mode: "legacy" },
    faults: () => [fail({ argvPrefix: ["xl", "save"] }, "Failed to save domain, resuming domain\n")],
    step: /^save vm1 \(the domain stops\)$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "the first snapshot fails",
    faults: () => [fail({ argvPrefix: ["lvcreate"] }, '  Volume group "vg0" has insufficient free space\n')],
    step: /^snapshot vg0\/vm1-xvda$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "the second snapshot fails (the first is removed)",
    faults: () => [fail({ argvPrefix: ["lvcreate"] }, "  device-mapper: create ioctl failed\n", { nth: 2 })],
    step: /^snapshot vg0\/vm1-xvdb$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "copying the file-backed disk while paused fails",
    faults: () => [fail({ argvPrefix: ["cp"] }, "cp: error writing: Input/output error\n")],
    step: /^copy xvdc \(\/var\/lib\/xen\/images\/vm1-xvdc\.img\) while vm1 is paused$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "xl unpause fails (undo unpauses again)",
    faults: () => [fail({ argvPrefix: ["xl", "unpause"] }, "libxl: error: unpausing domain\n")],
    step: /^unpause vm1$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "xl restore fails (legacy mode; undo restores again)",
    settings: { mode: "legacy" },
    faults: () => [fail({ argvPrefix: ["xl", "restore"] }, "libxl: error: cannot (re-)build domain: -3\n")],
    step: /^restore vm1 from its saved state$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "reading the first disk fails",
    faults: () => [fail(reads("xvda"), "dd: error reading: Input/output error\n")],
    step: /^read xvda$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "reading the second disk stops half-way",
    faults: () => [
      {
        match: reads("xvdb"),
        effect: {
          kind: "fail",
          exitCode: 1,
          stderr: "dd: error reading: Input/output error\n",
          afterBytes: 1 << 20,
        },
      },
    ],
    step: /^read xvdb$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "reading the paused copy of the file-backed disk fails",
    faults: () => [fail(reads("xvdc"), "dd: error reading: Input/output error\n")],
    step: /^read xvdc$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "reading the RAM state fails",
    faults: () => [fail(reads("save/vm1"), "dd: error reading: Input/output error\n")],
    step: /^read state$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "a read hangs (stall timeout)",
    settings: { stallTimeoutMs: 1500 },
    faults: () => [{ match: reads("xvda"), effect: { kind: "hang" } }],
    step: /^read xvda$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "the compressor fails",
    faults: () => [
      {
        match: { argvPrefix: ["zstd"], argvRegex: "-T0" },
        effect: {
          kind: "fail",
          exitCode: 1,
          stderr: "zstd: error 70 : Write error : cannot write block\n",
          afterBytes: 4096,
        },
      },
    ],
    request: (domain) => ({ localRunner: domain.sim }),
    step: /^compress xvda$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "the compressor is killed with SIGKILL",
    settings: { bandwidth: "2mibps" },
    request: () => ({
      localRunner: new ExecaRunner(),
      onEvent: whenCopying("xvda", () => {
        void localCompressorPid().then((pid) => process.kill(pid, "SIGKILL"));
      }),
    }),
    step: /^compress xvda$/,
    code: "BACKUP_STEP_FAILED",
  },
  {
    name: "an LVM snapshot overflows during the copy",
    faults: () => [
      {
        match: reads("xvdb"),
        effect: { kind: "fill-snapshot", lv: `vg0/vm1-xvdb-dom0kit-${COMPACT}`, percent: 100 },
      },
    ],
    step: /^check snapshot vg0\/vm1-xvdb-dom0kit-20240115T120000000$/,
    code: "BACKUP_SNAPSHOT_INVALID",
  },
  {
    name: "the compressor's own test rejects the archive",
    faults: () => [fail({ argvPrefix: ["zstd", "-t"] }, "zstd: /*stdin*\\: unknown header\n")],
    request: (domain) => ({ localRunner: domain.sim }),
    step: /^verify xvda$/,
    code: "BACKUP_VERIFY_FAILED",
  },
  {
    name: "SIGINT/SIGTERM in the middle of a copy (the AbortSignal the CLI fires)",
    settings: { bandwidth: "2mibps" },
    request: () => {
      const controller = new AbortController();
      return { signal: controller.signal, onEvent: whenCopying("xvdb", () => controller.abort()) };
    },
    step: /^read xvdb$/,
    code: "BACKUP_CANCELED",
  },
  {
    name: "SIGTERM while xl save hangs",
    faults: () => [{ match: { argvPrefix: ["xl", "save"] }, effect: { kind: "hang" } }],
    request: () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 1500);
      return { signal: controller.signal };
    },
    step: /^save vm1 and leave it paused$/,
    code: "BACKUP_CANCELED",
  },
  {
    name: "a start hook fails (nothing is touched)",
    settings: { hooks: { start: ["false"] } },
    step: /^start hook$/,
    code: "BACKUP_HOOK_FAILED",
  },
  {
    name: "not enough free space for the snapshots (checked before starting)",
    settings: { snapshotSize: "1T" },
    step: /^space check$/,
    code: "BACKUP_NO_SPACE",
  },
  {
    name: "another backup holds the domain's lock",
    before: async (domain) => {
      const dir = await domain.sim.hostPath("/run/lock");
      await mkdir(join(dir, "dom0kit-backup-vm1.lock"), { recursive: true });
      execFileSync("touch", [join(dir, "dom0kit-backup-vm1.lock", "owner_other-host_1_1705320000000")]);
    },
    step: /^lock$/,
    code: "BACKUP_LOCKED",
  },
];

async function expectNothingLeft(domain: TestDomain, scenario: Scenario, error: unknown): Promise<void> {
  expect(error, "the backup should have failed").toBeInstanceOf(BackupError);
  const failure = error as BackupError;
  expect(failure.code).toBe(scenario.code);
  expect(failure.step).toMatch(scenario.step);
  if (scenario.code !== "BACKUP_LOCKED") expect(failure.message).toContain(failure.step);
  // The domain is running again, as the simulated host reports it.
  const expected = { running: /^-b----$|^r-----$/, paused: /^--p---$/, absent: /^absent$/ }[
    scenario.after ?? "running"
  ];
  expect(await domainFlags(domain.sim, domain.name)).toMatch(expected);
  // No snapshot remains.
  expect(await snapshots(domain.sim)).toEqual([]);
  // No paused copy or saved RAM state remains on the host.
  expect((await domain.sim.readDir("/var/lib/xen/images")).filter((name) => name.startsWith("."))).toEqual(
    [],
  );
  expect(await domain.sim.readDir("/var/lib/xen/save")).toEqual([]);
  // Nothing looks like a finished backup: only the failure report (or nothing) is left.
  const entries = await listBackups(domain.backupDir, domain.name);
  expect(entries.filter((entry) => entry.status !== "failed")).toEqual([]);
  const files = await readdir(join(domain.backupDir, domain.name)).catch(() => []);
  expect(files.every((name) => name.endsWith(".failed.json"))).toBe(true);
  // The locks are released (except the one the scenario holds).
  const locks = await domain.sim.readDir("/run/lock").catch(() => []);
  expect(
    locks.filter((name) => name !== "dom0kit-backup-vm1.lock" || scenario.code !== "BACKUP_LOCKED"),
  ).toEqual([]);
}

describe.skipIf(needs.skip)(
  "fault injection at every step: the domain runs, no snapshot stays, nothing looks finished",
  () => {
    it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
      "%s",
      async (_name, scenario) => {
        const domain = await simDomain(scenario.domain ?? DEFAULT_DOMAIN);
        for (const fault of scenario.faults?.(domain) ?? []) await domain.sim.addFault(fault);
        await scenario.before?.(domain);
        const error = await runBackup(
          domain.request({
            settings: domain.settings(scenario.settings ?? {}),
            now: () => START,
            ...scenario.request?.(domain),
          }),
        ).catch((caught: unknown) => caught);
        if (process.env.DEBUG_FAULTS) console.log(scenario.name, (error as Error).message);
        await expectNothingLeft(domain, scenario, error);
      },
    );

    it("reports a snapshot it could not remove, loudly, with the command that removes it", async () => {
      const domain = await simDomain({ lvs: { xvda: 2 } });
      await domain.sim.addFault({
        match: { argvPrefix: ["lvremove"] },
        times: "always",
        effect: { kind: "fail", exitCode: 5, stderr: "  Logical volume vg0/x in use.\n" },
      });
      const error = await runBackup(domain.request({ settings: domain.settings(), now: () => START })).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(BackupError);
      expect((error as BackupError).code).toBe("BACKUP_CLEANUP_FAILED");
      expect((error as BackupError).message).toContain(
        `snapshot vg0/vm1-xvda-dom0kit-${COMPACT} remains: remove it with lvremove -f vg0/vm1-xvda-dom0kit-${COMPACT}`,
      );
      expect(await domainFlags(domain.sim, domain.name)).toMatch(/^-b----$/);
      expect((await listBackups(domain.backupDir, domain.name)).map((entry) => entry.status)).toEqual([
        "failed",
      ]);
      await domain.sim.clearFaults();
      // The next backup removes what the failed one left.
      const next = await runBackup(domain.request({ now: () => new Date(START.getTime() + 60_000) }));
      expect(next.warnings.join("\n")).toContain(`removed snapshot vg0/vm1-xvda-dom0kit-${COMPACT}`);
      expect(await snapshots(domain.sim)).toEqual([]);
    }, 60_000);

    it("retries lvremove, so a snapshot that is briefly busy does not fail the backup", async () => {
      const domain = await simDomain({ lvs: { xvda: 2 } });
      await domain.sim.addFault({
        match: { argvPrefix: ["lvremove"] },
        times: 2,
        effect: { kind: "fail", exitCode: 5, stderr: "  Logical volume in use.\n" },
      });
      const result = await runBackup(domain.request());
      expect(result.manifest.disks).toHaveLength(1);
      expect(await snapshots(domain.sim)).toEqual([]);
    }, 60_000);

    it("waits for the host lock when asked, then backs up", async () => {
      const domain = await simDomain({ lvs: { xvda: 2 } });
      const held = await HostLock.acquire(domain.sim, "/run/lock", "dom0kit-backup");
      setTimeout(() => void held.release(), 500);
      const result = await runBackup(domain.request({ settings: domain.settings({ lockWaitMs: 20_000 }) }));
      expect(result.manifest.domain).toBe(domain.name);
    });
  },
);

describe.skipIf(needs.skip || needsRoot.skip)("a full backup file system (ENOSPC mid-stream)", () => {
  it("removes the partial archive, leaves the domain running and no snapshot, and says the disk is full", async () => {
    const mountPoint = await testTempDir(`${uniqueName("d0k-enospc-")}-`);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m,mode=0700", uniqueName("d0kbk"), mountPoint]);
    onTestFinished(() => {
      execFileSync("umount", [mountPoint]);
    });
    const domain = await simDomain({ lvs: { xvda: 4 } });
    const scenario: Scenario = { name: "ENOSPC", step: /^write xvda$/, code: "BACKUP_NO_SPACE" };
    const error = await runBackup(
      domain.request({
        settings: domain.settings({ dir: mountPoint, compression: "none", spaceCheck: false }),
      }),
    ).catch((caught: unknown) => caught);
    await expectNothingLeft({ ...domain, backupDir: mountPoint }, scenario, error);
    expect((error as Error).message).toMatch(/no space left on the device holding .*xvda\.img/);
    expect(
      (await readdir(join(mountPoint, domain.name))).every((name) => name.endsWith(".failed.json")),
    ).toBe(true);
  });
});
