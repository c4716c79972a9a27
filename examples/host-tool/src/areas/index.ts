import { usageError } from "../cli-error.js";
import { AREA_NAMES, type HostArea } from "./area.js";
import { backupArea } from "./backup-area.js";
import { bootArea } from "./boot-area.js";
import { configArea } from "./config-area.js";
import { consoleArea } from "./console-area.js";
import { ioArea } from "./io-area.js";
import { netArea } from "./net-area.js";
import { schedArea } from "./sched-area.js";

export {
  AREA_NAMES,
  type AreaInput,
  type AreaName,
  type AreaPlan,
  type HostArea,
  type InstalledFile,
} from "./area.js";

/** Every area, in the order plans are made and applied: domains first, then what shapes them; backups last (planned, not applied). */
export const HOST_AREAS: readonly HostArea[] = [
  configArea,
  bootArea,
  schedArea,
  netArea,
  ioArea,
  consoleArea,
  backupArea,
];

/**
 * The areas `--only` names (comma-separated), in plan order; all when undefined.
 *
 * @throws a usage error naming an unknown area and the accepted ones.
 */
export function selectAreas(only: string | undefined): HostArea[] {
  if (only === undefined) return [...HOST_AREAS];
  const names = only
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(AREA_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw usageError(
      `--only ${JSON.stringify(only)}: ${unknown.length > 0 ? `no area named ${unknown.join(", ")}` : "names no area"}`,
      `the areas are ${AREA_NAMES.join(", ")}`,
    );
  }
  return HOST_AREAS.filter((area) => names.includes(area.name));
}

/**
 * The areas `dom0kit apply` runs from `--only` (all applied areas when
 * undefined): backups are planned by `plan` but run by `dom0kit backup run`.
 *
 * @throws a usage error when `--only` names only areas apply does not run.
 */
export function selectAppliedAreas(only: string | undefined): HostArea[] {
  const selected = selectAreas(only);
  const applied = selected.filter((area) => area.applied);
  if (applied.length === 0) {
    throw usageError(
      `--only ${JSON.stringify(only)}: dom0kit apply does not run ${selected.map((area) => area.name).join(", ")}`,
      "back up with dom0kit backup run; apply runs config, boot, sched, net, io and console",
    );
  }
  return applied;
}
