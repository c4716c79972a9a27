import { Option, type Command } from "commander";
import {
  applyPrune,
  BackupError,
  domainLockName,
  HOST_LOCK_NAME,
  HostLock,
  isSafePath,
  listBackups,
  planPrune,
  restoreDisk,
  runBackup,
  verifyBackup,
  type BackupEntry,
  type BackupResult,
  type BackupSettings,
} from "@dom0kit/backup";
import type { Inventory, InventoryDomain } from "@dom0kit/inventory";
import { ExecaRunner } from "@dom0kit/runner";
import { backupReporter, progressStyle } from "../backup-progress.js";
import { printBackupList, printBackupPlan, printPrune, printVerification } from "../backup-print.js";
import { backupSettingsFor, type BackupOverrides } from "../backup-settings.js";
import { backupPlanToJson } from "../backup-plan-json.js";
import { CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { simBackupStore } from "../backup-store.js";
import { planHostBackup } from "../backup-host-plan.js";
import { backupFleetCommand } from "../fleet/fleet-backup.js";
import { checkFleetUsage, withFleetOptions, type FleetCommandOptions } from "../fleet/fleet-options.js";

interface RunOptions {
  readonly all?: boolean;
  readonly dir?: string;
  readonly mode?: string;
  readonly compression?: string;
  readonly level?: string;
  readonly threads?: string;
  readonly bandwidth?: string;
  readonly ioniceLevel?: string;
  readonly snapshotSize?: string;
  readonly deviceDisks?: string;
  readonly lockWait?: string;
  readonly spaceCheck: boolean;
  readonly prune: boolean;
  readonly progress: boolean;
}

function whole(name: string, min: number, max: number) {
  return (value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw usageError(
        `${name} ${JSON.stringify(value)} is not a whole number from ${String(min)} to ${String(max)}`,
      );
    return Number(value);
  };
}

function overridesOf(options: RunOptions): BackupOverrides {
  return {
    dir: options.dir,
    mode: options.mode,
    compression: options.compression,
    level: whole("--level", 1, 19)(options.level),
    threads: whole("--threads", 0, 256)(options.threads),
    bandwidth: options.bandwidth,
    ioniceLevel: whole("--ionice-level", 0, 7)(options.ioniceLevel),
    snapshotSize: options.snapshotSize,
    deviceDisks: options.deviceDisks,
    lockWait: whole("--lock-wait", 0, 86400)(options.lockWait),
    spaceCheck: options.spaceCheck ? undefined : false,
  };
}

/** The domains a command names, or every domain whose backups are enabled with `--all`. */
function chooseDomains(inventory: Inventory, names: readonly string[], all: boolean): InventoryDomain[] {
  if (all && names.length > 0) throw usageError("give domain names or --all, not both");
  if (all) return inventory.domains.filter((domain) => domain.backup.enabled);
  if (names.length === 0) throw usageError("name the domains to back up, or pass --all");
  return names.map((name) => {
    const domain = inventory.domains.find((each) => each.name === name);
    if (domain === undefined) {
      throw new CliError(
        `no domain named ${name} in the inventory`,
        `domains: ${inventory.domains.map((each) => each.name).join(", ") || "none"}`,
      );
    }
    return domain;
  });
}

/** Restore progress is reported at most this often. */
const PROGRESS_INTERVAL_MS = 250;

async function backupDir(context: CliContext, command: Command, dir: string | undefined): Promise<string> {
  if (dir !== undefined) return context.resolvePath(dir);
  const inventory = await context.inventory(command);
  const configured = simBackupStore(context, command, inventory) ?? inventory.host.backup?.dir;
  if (configured === undefined) {
    throw new CliError(
      "no backup directory: the inventory has no host.backup.dir",
      "set host.backup.dir in the inventory, or pass --dir DIR",
    );
  }
  return configured;
}

/** Finds one finished backup: by id, or the newest (`latest`, the default). */
function pickBackup(entries: readonly BackupEntry[], domain: string, id: string | undefined): BackupEntry {
  const complete = entries.filter((entry) => entry.domain === domain && entry.status === "complete");
  const found =
    id === undefined || id === "latest" ? complete.at(-1) : complete.find((entry) => entry.id === id);
  if (found === undefined) {
    throw new CliError(
      id === undefined || id === "latest"
        ? `${domain} has no finished backup`
        : `${domain} has no finished backup ${id}`,
      complete.length === 0
        ? "run `dom0kit backup run` first"
        : `its backups: ${complete.map((entry) => entry.id).join(", ")}`,
    );
  }
  return found;
}

async function dryRun(
  context: CliContext,
  command: Command,
  domains: readonly InventoryDomain[],
  inventory: Inventory,
  overrides: BackupOverrides,
) {
  const runner = context.hostRunner(command);
  const out = context.output(command);
  for (const domain of domains) {
    const settings = backupSettingsFor(inventory, domain, overrides);
    const backup = await planHostBackup(runner, domain.name, settings);
    if (context.options(command).json) out.json(backupPlanToJson(backup, settings));
    else printBackupPlan(out, backup);
  }
}

async function run(
  context: CliContext,
  command: Command,
  names: string[],
  options: RunOptions,
): Promise<void> {
  const inventory = await context.inventory(command);
  const domains = chooseDomains(inventory, names, options.all === true);
  const overrides = {
    ...overridesOf(options),
    dir:
      options.dir === undefined
        ? simBackupStore(context, command, inventory)
        : context.resolvePath(options.dir),
  };
  if (domains.length === 0) {
    context.output(command).note("no domain has backups enabled");
    return;
  }
  // Check every domain's settings before touching anything.
  const settingsOf = new Map<string, BackupSettings>(
    domains.map((domain) => [domain.name, backupSettingsFor(inventory, domain, overrides)]),
  );
  if (context.options(command).dryRun) {
    await dryRun(context, command, domains, inventory, overrides);
    return;
  }
  const json = context.options(command).json;
  const out = context.output(command);
  const reporter = backupReporter(
    context.io,
    out,
    progressStyle(context.io, { json, progress: options.progress }),
  );
  const hostRunner = context.hostRunner(command);
  const localRunner = new ExecaRunner();
  const first = settingsOf.get(domains[0]?.name ?? "") as BackupSettings;
  const hostLock = await HostLock.acquire(hostRunner, first.lockDir, HOST_LOCK_NAME, {
    waitMs: first.lockWaitMs,
    signal: context.signal,
  });
  const results: { domain: string; result?: BackupResult; error?: BackupError }[] = [];
  try {
    for (const domain of domains) {
      if (context.signal.aborted) break;
      try {
        const result = await runBackup({
          domain: domain.name,
          settings: settingsOf.get(domain.name) as BackupSettings,
          hostRunner,
          localRunner,
          hostName: inventory.host.name,
          signal: context.signal,
          onEvent: reporter.onEvent,
          holdsHostLock: true,
          prune: options.prune,
        });
        results.push({ domain: domain.name, result });
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        reporter.stop();
        if (!json) out.error(error.message);
        results.push({ domain: domain.name, error });
      }
    }
  } finally {
    reporter.stop();
    await hostLock.release();
  }
  const failed = results.filter((each) => each.error !== undefined);
  if (json) {
    out.line(
      JSON.stringify({
        type: "summary",
        backups: results.map((each) =>
          each.error === undefined
            ? { domain: each.domain, ok: true, dir: each.result?.dir, id: each.result?.manifest.id }
            : {
                domain: each.domain,
                ok: false,
                code: each.error.code,
                step: each.error.step,
                message: each.error.message,
              },
        ),
      }),
    );
  }
  if (context.signal.aborted)
    throw new CliError("interrupted: stopped, undone and cleaned up", undefined, { exitCode: 130 });
  if (failed.length > 0) {
    throw new CliError(
      `${String(failed.length)} of ${String(results.length)} backups failed: ${failed.map((each) => `${each.domain} (${each.error?.step ?? "?"})`).join(", ")}`,
      "each domain was left as it was; see the messages above and the .failed.json reports",
    );
  }
}

async function list(
  context: CliContext,
  command: Command,
  domain: string | undefined,
  options: { dir?: string },
) {
  const dir = await backupDir(context, command, options.dir);
  const entries = await listBackups(dir, domain);
  const out = context.output(command);
  if (context.options(command).json)
    out.json(entries.map(({ manifest, ...entry }) => ({ ...entry, manifest })));
  else if (entries.length === 0)
    out.line(`no backups${domain === undefined ? "" : ` of ${domain}`} in ${dir}`);
  else printBackupList(out, entries);
}

async function verify(
  context: CliContext,
  command: Command,
  domain: string,
  id: string | undefined,
  options: { dir?: string; all?: boolean; quick?: boolean },
) {
  const entries = await listBackups(await backupDir(context, command, options.dir), domain);
  const chosen =
    options.all === true
      ? entries.filter((entry) => entry.status === "complete")
      : [pickBackup(entries, domain, id)];
  const out = context.output(command);
  const runner = new ExecaRunner();
  const verdicts = [];
  for (const entry of chosen) {
    const verdict = await verifyBackup(entry.path, runner, {
      depth: options.quick === true ? "archive" : "full",
      signal: context.signal,
    });
    verdicts.push(verdict);
    if (!context.options(command).json) printVerification(out, verdict);
  }
  for (const damaged of entries.filter((entry) => entry.status === "damaged")) {
    if (options.all === true || damaged.id === id)
      out.note(`warning: ${damaged.id} is damaged: ${damaged.problem ?? ""}`);
  }
  if (context.options(command).json) {
    out.json(
      verdicts.map(({ manifest, ...rest }) => ({ domain: manifest.domain, id: manifest.id, ...rest })),
    );
  }
  const bad = verdicts.filter((verdict) => !verdict.ok);
  if (bad.length > 0) {
    throw new CliError(
      `${String(bad.length)} of ${String(verdicts.length)} backups failed verification: ${bad.map((verdict) => verdict.manifest.id).join(", ")}`,
      "do not restore from them; run a new backup",
    );
  }
}

interface RestoreOptions {
  readonly dir?: string;
  readonly disk: string;
  readonly to: string;
  readonly local?: boolean;
  readonly force?: boolean;
  readonly overwrite?: boolean;
  readonly progress: boolean;
  readonly lockDir: string;
}

async function restore(
  context: CliContext,
  command: Command,
  domain: string,
  id: string | undefined,
  options: RestoreOptions,
) {
  const entries = await listBackups(await backupDir(context, command, options.dir), domain);
  const entry = pickBackup(entries, domain, id);
  const out = context.output(command);
  const local = options.local === true;
  const target = local ? context.resolvePath(options.to) : options.to;
  const disks = entry.manifest?.disks.map((disk) => disk.vdev) ?? [];
  if (!disks.includes(options.disk)) {
    throw usageError(
      `${domain} ${entry.id} has no disk ${options.disk}`,
      `its disks: ${disks.join(", ") || "none"}; pass one with --disk`,
    );
  }
  if (!isSafePath(target)) {
    throw usageError(
      `--to ${JSON.stringify(options.to)}: not a usable target path`,
      local
        ? "give a path of letters, digits and _ . + @ / - (relative to here with --local)"
        : "give an absolute path on the host of letters, digits and _ . + @ / - (or --local for a path here)",
    );
  }
  if (context.options(command).dryRun) {
    out.line(
      `would restore ${domain} ${entry.id} disk ${options.disk} to ${target}${local ? " (on this machine)" : " (on the host)"}, then read it back and check its SHA-256`,
    );
    return;
  }
  const hostRunner = context.hostRunner(command);
  const lock = await HostLock.acquire(hostRunner, options.lockDir, domainLockName(domain));
  const json = context.options(command).json;
  const style = progressStyle(context.io, { json, progress: options.progress });
  const reporter = backupReporter(context.io, out, style);
  try {
    reporter.onEvent({
      type: "copy-start",
      domain,
      label: options.disk,
      source: entry.path,
      totalBytes: entry.manifest?.disks.find((disk) => disk.vdev === options.disk)?.rawBytes ?? 0,
    });
    const started = performance.now();
    let lastProgress = 0;
    const result = await restoreDisk({
      backupDir: entry.path,
      vdev: options.disk,
      target,
      targetRunner: local ? new ExecaRunner() : hostRunner,
      localRunner: new ExecaRunner(),
      force: options.force === true,
      overwrite: options.overwrite === true,
      signal: context.signal,
      onProgress: (bytes, total) => {
        // At most four progress events a second (a 2 GiB disk is 32,768 chunks).
        const now = performance.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS && bytes < total) return;
        lastProgress = now;
        const seconds = Math.max((now - started) / 1000, 0.001);
        const rate = bytes / seconds;
        reporter.onEvent({
          type: "progress",
          domain,
          label: options.disk,
          bytes,
          totalBytes: total,
          bytesPerSecond: rate,
          etaSeconds: rate > 0 ? (total - bytes) / rate : 0,
        });
      },
    });
    reporter.stop();
    if (json) out.json({ type: "restored", domain, id: entry.id, ...result });
    else
      out.line(
        `restored ${domain} ${entry.id} ${result.vdev} to ${result.target}: ${String(result.rawBytes)} bytes, SHA-256 ${result.rawSha256} (read back and checked)`,
      );
  } finally {
    reporter.stop();
    await lock.release();
  }
}

async function prune(
  context: CliContext,
  command: Command,
  names: string[],
  options: { all?: boolean; dir?: string },
) {
  const inventory = await context.inventory(command);
  const domains = chooseDomains(inventory, names, options.all === true);
  const out = context.output(command);
  const dryRun = context.options(command).dryRun;
  const json = context.options(command).json;
  const hostRunner = context.hostRunner(command);
  const report = [];
  for (const domain of domains) {
    const settings = backupSettingsFor(inventory, domain, {
      dir:
        options.dir === undefined
          ? simBackupStore(context, command, inventory)
          : context.resolvePath(options.dir),
    });
    const lock = dryRun
      ? undefined
      : await HostLock.acquire(hostRunner, settings.lockDir, domainLockName(domain.name));
    try {
      const plan = planPrune(domain.name, await listBackups(settings.dir, domain.name), settings.keep);
      if (!json) printPrune(out, plan, dryRun);
      if (!dryRun) await applyPrune(plan, new ExecaRunner());
      report.push({
        domain: domain.name,
        keep: plan.keep,
        remove: plan.remove,
        untouched: plan.untouched,
        dryRun,
      });
    } finally {
      await lock?.release();
    }
  }
  if (json) out.json(report);
}

/** `dom0kit backup run|list|verify|restore|prune`: consistent domU backups that never leave a domain down. */
export function registerBackupCommands(program: Command, context: CliContext): void {
  const backup = program
    .command("backup")
    .description(
      "back up domUs consistently (save, snapshot, unpause), verify, restore and prune their backups",
    )
    .addHelpText(
      "after",
      [
        "",
        "Backups go to <dir>/<domain>/<id>/ (host.backup.dir in the inventory, or --dir): one",
        "archive per disk, the RAM state, the xl config and manifest.json, written last.",
        "A directory named like a finished backup only exists once every archive verified.",
        "",
        "Examples:",
        "  dom0kit backup run vm1                  # consistent backup of one domain",
        "  dom0kit --dry-run backup run --all      # every host step with its undo; nothing runs",
        "  dom0kit --json backup run vm1           # one JSON event per line",
        "  dom0kit backup list vm1",
        "  dom0kit backup verify vm1 latest",
        "  dom0kit backup restore vm1 --disk xvda --to /dev/vg0/vm1-restored",
        "  dom0kit --dry-run backup prune --all    # what retention would remove",
      ].join("\n"),
    );

  withFleetOptions(backup.command("run"), { failFast: true })
    .description(
      "back up domains: a consistent image of every disk and the RAM state, verified before it is kept",
    )
    .argument("[domains...]", "domains from the inventory")
    .option("--all", "every domain whose backups are enabled")
    .option("--dir <dir>", "where backups go (default: host.backup.dir)")
    .addOption(
      new Option("--mode <mode>", "consistent, legacy or live (default: the domain's policy)").choices([
        "consistent",
        "legacy",
        "live",
      ]),
    )
    .addOption(
      new Option("--compression <c>", "zstd, pigz, gzip or none").choices(["zstd", "pigz", "gzip", "none"]),
    )
    .option("--level <n>", "compression level (zstd 1-19, gzip/pigz 1-9)")
    .option("--threads <n>", "compressor threads for zstd and pigz (0 = one per CPU)")
    .option("--bandwidth <rate>", "cap the copy's read rate, e.g. 400mbit or 50mibps")
    .option(
      "--ionice-level <n>",
      "best-effort I/O priority of the copy, 0-7 (default: host.backup.ioniceLevel)",
    )
    .option("--snapshot-size <size>", "copy-on-write space of each LVM snapshot, e.g. 2G")
    .addOption(
      new Option("--device-disks <policy>", "non-LVM block devices of a running domain").choices([
        "refuse",
        "copy-while-paused",
      ]),
    )
    .option("--lock-wait <seconds>", "wait this long for another backup on the host to finish")
    .option("--no-space-check", "skip the free-space estimate before starting")
    .option("--no-prune", "do not apply the retention policy afterwards")
    .option("--no-progress", "no progress bar, one line per step")
    .addHelpText(
      "after",
      [
        "",
        "The disks come from the domain's xl config on the host (/etc/xen/NAME.cfg). Exit 0 when",
        "every backup completed and verified, 1 when one failed (each failed domain is left as",
        "it was, with a NAME.failed.json report), 130 after SIGINT/SIGTERM (undone, cleaned up).",
        "",
        "Examples:",
        "  dom0kit backup run vm1 vm2",
        "  dom0kit backup run --all --bandwidth 400mbit --ionice-level 7",
        "  dom0kit backup run vm1 --mode live --compression pigz --level 3 --threads 2",
        "  dom0kit --dry-run backup run vm1",
        "  dom0kit backup run --fleet fleet.yaml --parallel 2   # every host of a fleet (docs/fleet.md)",
      ].join("\n"),
    )
    .action(async (names: string[], options: RunOptions & FleetCommandOptions, command: Command) => {
      if (!checkFleetUsage(command, options)) return run(context, command, names, options);
      if (names.length > 0 || options.all === true)
        throw usageError(
          "with --fleet, every host backs up all its enabled domains",
          "drop the domain names and --all; run dom0kit backup run on one host for a few domains",
        );
      return backupFleetCommand(context, command, options);
    });

  backup
    .command("list")
    .description("list backups, with partial, failed and damaged ones")
    .argument("[domain]", "one domain's backups")
    .option("--dir <dir>", "the backup directory (default: host.backup.dir)")
    .addHelpText(
      "after",
      [
        "",
        "STATUS is complete, partial (in progress, or killed), pruning, damaged (named like a",
        "backup but without a valid manifest; never pruned automatically) or failed (the report",
        "of a failed attempt).",
        "",
        "Examples:",
        "  dom0kit backup list",
        "  dom0kit --json backup list vm1",
      ].join("\n"),
    )
    .action((domain: string | undefined, options: { dir?: string }, command: Command) =>
      list(context, command, domain, options),
    );

  backup
    .command("verify")
    .description(
      "re-read a backup and check every archive's SHA-256, the compressor's own test and the data's SHA-256",
    )
    .argument("<domain>", "the domain whose backup to check")
    .argument("[id]", "a backup id, or latest", "latest")
    .option("--all", "every finished backup of the domain")
    .option("--quick", "skip decompressing: archive SHA-256 and the compressor's test only")
    .option("--dir <dir>", "the backup directory (default: host.backup.dir)")
    .addHelpText(
      "after",
      [
        "",
        "Exit 0 when every file checks out, 1 when one does not (each problem is printed).",
        "",
        "Examples:",
        "  dom0kit backup verify vm1",
        "  dom0kit backup verify vm1 2025-01-01T03-00-00.000Z",
        "  dom0kit backup verify vm1 --all --quick",
      ].join("\n"),
    )
    .action(
      (
        domain: string,
        id: string,
        options: { dir?: string; all?: boolean; quick?: boolean },
        command: Command,
      ) => verify(context, command, domain, id, options),
    );

  backup
    .command("restore")
    .description("write one disk of a backup to a file or block device, then read it back and check it")
    .argument("<domain>", "the domain whose backup to restore")
    .argument("[id]", "a backup id, or latest", "latest")
    .requiredOption("--disk <vdev>", "which disk (its vdev, e.g. xvda)")
    .requiredOption("--to <path>", "the target file or block device (on the host, or here with --local)")
    .option("--local", "the target is on this machine, not on the host")
    .option("--force", "write even over a disk a running domain uses")
    .option("--overwrite", "replace an existing target file")
    .option("--lock-dir <dir>", "where the host keeps backup locks", "/run/lock")
    .option("--dir <dir>", "the backup directory (default: host.backup.dir)")
    .option("--no-progress", "no progress bar")
    .addHelpText(
      "after",
      [
        "",
        "The target must be at least as large as the disk. A disk a running domain uses is",
        "refused unless --force; an existing file unless --overwrite.",
        "",
        "Examples:",
        "  dom0kit backup restore vm1 --disk xvda --to /dev/vg0/vm1-restored",
        "  dom0kit backup restore vm1 2025-01-01T03-00-00.000Z --disk xvdb --to /srv/restore/xvdb.img",
        "  dom0kit backup restore vm1 --disk xvda --to ./xvda.img --local",
      ].join("\n"),
    )
    .action((domain: string, id: string, options: RestoreOptions, command: Command) =>
      restore(context, command, domain, id, options),
    );

  backup
    .command("prune")
    .description("remove backups the retention policy does not keep (with --dry-run: list them)")
    .argument("[domains...]", "domains from the inventory")
    .option("--all", "every domain whose backups are enabled")
    .option("--dir <dir>", "the backup directory (default: host.backup.dir)")
    .addHelpText(
      "after",
      [
        "",
        "Each domain's keep policy (last, daily, weekly, monthly) decides which finished backups",
        "stay. Leftovers of killed runs (.partial, .pruning) and failure reports older than the",
        "newest backup go too; damaged entries are never removed automatically. Holds the",
        "domain's lock, so it never races a running backup. `backup run` prunes after each success.",
        "",
        "Examples:",
        "  dom0kit --dry-run backup prune --all",
        "  dom0kit backup prune vm1",
      ].join("\n"),
    )
    .action((names: string[], options: { all?: boolean; dir?: string }, command: Command) =>
      prune(context, command, names, options),
    );
}
