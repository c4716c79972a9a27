import { readConfigText } from "@dom0kit/backup";
import { concatPlans, type Plan } from "@dom0kit/runner";
import { backupSettingsFor } from "../backup/settings.js";
import { backupStoreOf } from "../backup/store.js";
import { planHostBackup } from "../backup/host-plan.js";
import type { AreaInput, AreaPlan, HostArea } from "./area.js";

async function planBackups({ inventory, runner, target }: AreaInput): Promise<AreaPlan> {
  const notes: string[] = [];
  const plans: Plan[] = [];
  const dir = backupStoreOf(target, inventory, {});
  for (const domain of inventory.domains) {
    if (!domain.backup.enabled) {
      notes.push(`${domain.name}: backups are off`);
      continue;
    }
    if ((await readConfigText(runner, `/etc/xen/${domain.name}.cfg`)) === undefined) {
      notes.push(`${domain.name}: no config on the host yet (dom0kit apply creates it)`);
      continue;
    }
    const settings = backupSettingsFor(inventory, domain, dir === undefined ? {} : { dir });
    const backup = await planHostBackup(runner, domain.name, settings);
    plans.push(backup.freeze, backup.release);
    notes.push(
      `${domain.name}: ${backup.mode} backup of ${backup.copies.map((copy) => copy.disk.vdev).join(", ")}${backup.state === undefined ? "" : " and its RAM state"} into ${settings.dir}/${domain.name}/ (${backup.compression.algorithm})`,
      ...backup.notes.map((note) => `${domain.name}: ${note}`),
    );
  }
  return { area: "backup", title: backupArea.title, plan: concatPlans("backups", plans), notes };
}

/**
 * Backups: what `dom0kit backup run --all` would do to each domain (the freeze
 * and release steps; the disks stream in between). Shown by `dom0kit plan`;
 * run by `dom0kit backup run`, never by `apply`.
 */
export const backupArea: HostArea = {
  name: "backup",
  title: "Backups (run with dom0kit backup run)",
  applied: false,
  plan: planBackups,
  files: async () => [],
};
