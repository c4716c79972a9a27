import { parseSize } from "@dom0kit/backup";
import type { Inventory, InventoryDomain } from "@dom0kit/inventory";
import { runCli } from "../run-cli.js";

/** What the demo's backup, verification and restore did. */
export interface DemoBackupResult {
  readonly domain: string;
  readonly id: string;
  readonly rawBytes: number;
  readonly archiveBytes: number;
  readonly downtimeMs: number;
  readonly verified: boolean;
  readonly restored: {
    readonly vdev: string;
    readonly target: string;
    readonly rawSha256: string;
    readonly readBackFrom: "disk" | "page cache";
  };
}

function sizeOf(disk: InventoryDomain["disks"][number]): number {
  return disk.size === undefined ? 0 : (parseSize(disk.size) ?? 0);
}

/** The disk the demo restores: the domain's smallest. */
function smallestDisk(domain: InventoryDomain): InventoryDomain["disks"][number] | undefined {
  return [...domain.disks].sort((a, b) => sizeOf(a) - sizeOf(b))[0];
}

/**
 * About how long the demo's backup and restore of a domain take, in bytes of
 * zstd work: every disk backed up (gzip is some three times slower), the
 * smallest restored.
 */
function demoCost(domain: InventoryDomain): number {
  const backedUp = domain.disks.reduce((sum, disk) => sum + sizeOf(disk), 0);
  const smallest = smallestDisk(domain);
  const slowdown = domain.backup.compression === "gzip" ? 3 : 1;
  return backedUp * slowdown + (smallest === undefined ? 0 : sizeOf(smallest));
}

/**
 * The domain the demo backs up: of those whose backups are enabled, the one
 * with the least disk to back up and restore (so the demo stays under a minute).
 *
 * @example
 * ```ts
 * demoBackupDomain(inventory)?.name; // "baldr"
 * ```
 */
export function demoBackupDomain(inventory: Inventory): InventoryDomain | undefined {
  return inventory.domains
    .filter((domain) => domain.backup.enabled)
    .sort((a, b) => demoCost(a) - demoCost(b))[0];
}

/**
 * The JSON values a command printed: one-line events (`backup run`'s JSON
 * lines) and pretty-printed documents (which start with a lone `{` or `[`).
 */
function parseJsonOutput(text: string): unknown[] {
  const values: unknown[] = [];
  let block: string[] | undefined;
  for (const line of text.split("\n")) {
    if (block !== undefined) {
      block.push(line);
      if (line === "}" || line === "]") {
        values.push(JSON.parse(block.join("\n")) as unknown);
        block = undefined;
      }
    } else if (line === "{" || line === "[") block = [line];
    else if (line.trim() !== "") values.push(JSON.parse(line) as unknown);
  }
  return values;
}

/** Runs one dom0kit command in this process, as the CLI would, and returns its JSON output. */
async function cliJson(argv: readonly string[]): Promise<unknown[]> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["--json", ...argv], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: process.cwd(),
  });
  if (code !== 0) throw new Error(`dom0kit ${argv.join(" ")} exited ${String(code)}: ${stderr.trim()}`);
  return parseJsonOutput(stdout);
}

interface BackupEnd {
  type: "backup-end";
  id: string;
  rawBytes: number;
  archiveBytes: number;
  downtimeMs: number;
}

/**
 * Backs up `domain` on the simulated dom0 with the same commands an admin
 * types (`dom0kit backup run`, `verify`, `restore`): the restore writes its
 * smallest disk to a new file on the host, read back and checked against the backup.
 *
 * @example
 * ```ts
 * await demoBackup("/tmp/sim", "dom0kit.yaml", domain);
 * ```
 */
export async function demoBackup(
  simDir: string,
  inventoryFile: string,
  domain: InventoryDomain,
): Promise<DemoBackupResult> {
  const host = ["--host", `sim:${simDir}`, "-i", inventoryFile];
  const events = await cliJson([...host, "backup", "run", domain.name, "--no-progress"]);
  const end = events.find((event) => (event as { type?: string }).type === "backup-end") as
    BackupEnd | undefined;
  if (end === undefined) throw new Error(`dom0kit backup run ${domain.name} reported no finished backup`);
  const [verification] = (await cliJson([...host, "backup", "verify", domain.name, end.id])) as [
    { ok: boolean }[],
  ];
  const disk = smallestDisk(domain);
  if (disk === undefined) throw new Error(`${domain.name} has no disk to restore`);
  const target = `/srv/restore/${domain.name}-${disk.vdev}.img`;
  const restored = (
    await cliJson([
      ...host,
      "backup",
      "restore",
      domain.name,
      end.id,
      "--disk",
      disk.vdev,
      "--to",
      target,
      "--no-progress",
    ])
  ).at(-1) as { vdev: string; target: string; rawSha256: string; readBackFrom: "disk" | "page cache" };
  return {
    domain: domain.name,
    id: end.id,
    rawBytes: end.rawBytes,
    archiveBytes: end.archiveBytes,
    downtimeMs: end.downtimeMs,
    verified: verification.every((each) => each.ok),
    restored: {
      vdev: restored.vdev,
      target: restored.target,
      rawSha256: restored.rawSha256,
      readBackFrom: restored.readBackFrom,
    },
  };
}
