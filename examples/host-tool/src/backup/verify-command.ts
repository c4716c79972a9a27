import type { Command } from "commander";
import { listBackups, verifyBackup } from "@dom0kit/backup";
import { ExecaRunner } from "@dom0kit/runner";
import { CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { backupDir } from "./backup-dir.js";
import { pickBackup } from "./pick-backup.js";
import { printVerification } from "./print.js";

/**
 * `dom0kit backup verify DOMAIN [ID]`: re-reads one backup (or `--all`) and
 * checks every hash and the compressor's test; exit 1 when one fails.
 *
 * @example
 * ```ts
 * await backupVerifyCommand(context, command, "vm1", "latest", { quick: true });
 * ```
 */
export async function backupVerifyCommand(
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
