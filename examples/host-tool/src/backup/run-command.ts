import type { Command } from "commander";
import {
  BackupError,
  HOST_LOCK_NAME,
  HostLock,
  runBackup,
  type BackupResult,
  type BackupSettings,
} from "@dom0kit/backup";
import type { Inventory, InventoryDomain } from "@dom0kit/inventory";
import { ExecaRunner } from "@dom0kit/runner";
import { CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { chooseDomains } from "./choose-domains.js";
import { planHostBackup } from "./host-plan.js";
import { backupPlanToJson } from "./plan-json.js";
import { printBackupPlan } from "./print.js";
import { backupReporter, progressStyle } from "./progress.js";
import { overridesOf, type RunOptions } from "./run-options.js";
import { backupSettingsFor, type BackupOverrides } from "./settings.js";
import { simBackupStore } from "./store.js";

/** `--dry-run`: each domain's backup plan, every host step with its undo; nothing runs. */
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

/**
 * `dom0kit backup run DOMAIN…|--all` on one host: every domain's settings
 * checked first, then one backup after the other under the host lock, with
 * progress; a failed domain does not stop the others (exit 1 names them).
 *
 * @example
 * ```ts
 * await backupRunCommand(context, command, ["vm1"], options);
 * ```
 */
export async function backupRunCommand(
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
