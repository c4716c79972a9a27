import { randomBytes, createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { ExecaRunner, type Command, type RunResult } from "@dom0kit/runner";
import { testTempDir } from "@dom0kit/test-support";
import { SimHost } from "@dom0kit/sim-host";
import type { DomainDisk } from "../../src/domain-disk.js";
import { parseBackupSettings, type BackupSettings, type BackupSettingsInput } from "../../src/settings.js";
import type { BackupRequest } from "../../src/run-backup.js";

const ANY = Array.from({ length: 256 }, (_, code) => code);

/** Runs argv on the sim, any exit code. */
export function sh(
  sim: SimHost,
  argv: readonly string[],
  options: Partial<Command> = {},
): Promise<RunResult> {
  const [file = "", ...args] = argv;
  return sim.run({ file, args, okExitCodes: ANY, ...options });
}

/** Fills a file (an LV's backing file, an image) with random chunks, leaving holes; returns its SHA-256. */
export async function fillRandom(path: string, bytes: number, chunks = 6): Promise<string> {
  const file = await open(path, "r+").catch(async () => open(path, "w+"));
  try {
    await file.truncate(bytes);
    const size = Math.floor(bytes / (chunks * 2));
    for (let index = 0; index < chunks; index += 1) {
      const data = randomBytes(size);
      await file.write(data, 0, data.length, index * size * 2 + (index % 3) * 512);
    }
  } finally {
    await file.close();
  }
  return sha256File(path);
}

/** SHA-256 of a file. */
export async function sha256File(path: string, bytes?: number): Promise<string> {
  const hash = createHash("sha256");
  const file = await open(path, "r");
  try {
    const stream = file.createReadStream({
      highWaterMark: 1 << 20,
      ...(bytes === undefined ? {} : { end: bytes - 1 }),
    });
    for await (const part of stream) hash.update(part as Buffer);
  } finally {
    await file.close().catch(() => undefined);
  }
  return hash.digest("hex");
}

/** What a test domain is made of. */
export interface TestDomain {
  readonly sim: SimHost;
  readonly name: string;
  readonly disks: DomainDisk[];
  /** SHA-256 of each disk's content, by vdev. */
  readonly sha: Record<string, string>;
  readonly backupDir: string;
  settings(extra?: Partial<BackupSettingsInput>): BackupSettings;
  request(extra?: Partial<BackupRequest> & { settings?: BackupSettings }): BackupRequest;
}

/** Options of {@link simDomain}. */
export interface SimDomainOptions {
  /** LV disks (vdev → size in MiB). @default { xvda: 8 } */
  readonly lvs?: Record<string, number>;
  /** File-backed disks (vdev → size in MiB). @default {} */
  readonly files?: Record<string, number>;
  /** Start the domain. @default true */
  readonly start?: boolean;
  readonly memory?: number;
}

/** A simulated dom0 with one domain whose disks hold random data, and a backup directory. */
export async function simDomain(options: SimDomainOptions = {}, existing?: SimHost): Promise<TestDomain> {
  const sim = existing ?? (await SimHost.create(await testTempDir("dom0kit-backup-sim-")));
  const backupDir = await testTempDir("dom0kit-backup-dir-");
  const name = `vm${String((await sim.state()).domains.length + 1)}`;
  const disks: DomainDisk[] = [];
  const sha: Record<string, string> = {};
  const specs: string[] = [];
  for (const [vdev, mib] of Object.entries(options.lvs ?? { xvda: 8 })) {
    const lv = `${name}-${vdev}`;
    const made = await sh(sim, ["lvcreate", "-L", `${String(mib)}M`, "-n", lv, "vg0"]);
    if (made.exitCode !== 0) throw new Error(made.stderr);
    sha[vdev] = await fillRandom(await sim.hostPath(`/dev/vg0/${lv}`), mib * 1024 * 1024);
    disks.push({ vdev, source: `/dev/vg0/${lv}`, kind: "lv", vg: "vg0", lv });
    specs.push(`"phy:/dev/vg0/${lv},${vdev},w"`);
  }
  for (const [vdev, mib] of Object.entries(options.files ?? {})) {
    const source = `/var/lib/xen/images/${name}-${vdev}.img`;
    await sim.writeFile(source, "");
    sha[vdev] = await fillRandom(await sim.hostPath(source), mib * 1024 * 1024);
    disks.push({ vdev, source, kind: "file" });
    specs.push(`"file:${source},${vdev},w"`);
  }
  await sim.writeFile(
    `/etc/xen/${name}.cfg`,
    `name = "${name}"\nmemory = ${String(options.memory ?? 64)}\nvcpus = 1\ndisk = [ ${specs.join(", ")} ]\n`,
  );
  if (options.start !== false) {
    const created = await sh(sim, ["xl", "create", `/etc/xen/${name}.cfg`]);
    if (created.exitCode !== 0) throw new Error(created.stderr);
  }
  const settings = (extra: Partial<BackupSettingsInput> = {}) =>
    parseBackupSettings({ dir: backupDir, stallTimeoutMs: 20_000, ...extra });
  return {
    sim,
    name,
    disks,
    sha,
    backupDir,
    settings,
    request: (extra = {}) => ({
      domain: name,
      hostRunner: sim,
      localRunner: new ExecaRunner(),
      hostName: "sim-dom0",
      settings: settings(),
      ...extra,
    }),
  };
}

/** The domain's state flags as the simulated host reports them (`-b----`), or "absent". */
export async function domainFlags(sim: SimHost, name: string): Promise<string> {
  const listed = await sh(sim, ["xl", "list", name]);
  if (listed.exitCode !== 0) return "absent";
  return /\s([-rbpscd]{6})\s/.exec(listed.stdout.split("\n")[1] ?? "")?.[1] ?? "unknown";
}

/** Snapshots on the simulated host (LVs with an origin). */
export async function snapshots(sim: SimHost): Promise<string[]> {
  const lvs = await sh(sim, ["lvs", "--noheadings", "--separator", "|", "-o", "lv_name,origin"]);
  return lvs.stdout
    .split("\n")
    .map((line) => line.trim().split("|"))
    .filter(([lv, origin]) => lv !== undefined && lv !== "" && origin !== undefined && origin.trim() !== "")
    .map(([lv]) => lv as string);
}
