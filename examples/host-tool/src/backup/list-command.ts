import type { Command } from "commander";
import { listBackups } from "@dom0kit/backup";
import type { CliContext } from "../context.js";
import { backupDir } from "./backup-dir.js";
import { printBackupList } from "./print.js";

/**
 * `dom0kit backup list [DOMAIN]`: every backup with its status, as a table or JSON.
 *
 * @example
 * ```ts
 * await backupListCommand(context, command, "vm1", {});
 * ```
 */
export async function backupListCommand(
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
