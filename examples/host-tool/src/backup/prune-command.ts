import type { Command } from "commander";
import { applyPrune, domainLockName, HostLock, listBackups, planPrune } from "@dom0kit/backup";
import { ExecaRunner } from "@dom0kit/runner";
import type { CliContext } from "../context.js";
import { chooseDomains } from "./choose-domains.js";
import { printPrune } from "./print.js";
import { backupSettingsFor } from "./settings.js";
import { simBackupStore } from "./store.js";

/**
 * `dom0kit backup prune DOMAIN…|--all`: applies each domain's retention
 * policy under its lock (with `--dry-run`, lists what would go).
 *
 * @example
 * ```ts
 * await backupPruneCommand(context, command, [], { all: true });
 * ```
 */
export async function backupPruneCommand(
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
