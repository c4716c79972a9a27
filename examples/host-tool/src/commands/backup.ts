import { Option, type Command } from "commander";
import { backupListCommand } from "../backup/list-command.js";
import { backupPruneCommand } from "../backup/prune-command.js";
import { backupRestoreCommand, type RestoreOptions } from "../backup/restore-command.js";
import { backupRunCommand } from "../backup/run-command.js";
import type { RunOptions } from "../backup/run-options.js";
import { backupVerifyCommand } from "../backup/verify-command.js";
import { usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { backupFleetCommand } from "../fleet/fleet-backup.js";
import { checkFleetUsage, withFleetOptions, type FleetCommandOptions } from "../fleet/fleet-options.js";

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
      if (!checkFleetUsage(command, options)) return backupRunCommand(context, command, names, options);
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
      backupListCommand(context, command, domain, options),
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
      ) => backupVerifyCommand(context, command, domain, id, options),
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
      backupRestoreCommand(context, command, domain, id, options),
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
      backupPruneCommand(context, command, names, options),
    );
}
