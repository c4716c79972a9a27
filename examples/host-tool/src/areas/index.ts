import { usageError } from "../cli-error.js";
import { AREA_NAMES, type HostArea } from "./area.js";
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

/** Every area, in the order plans are made and applied: domains first, then what shapes them. */
export const HOST_AREAS: readonly HostArea[] = [
  configArea,
  bootArea,
  schedArea,
  netArea,
  ioArea,
  consoleArea,
];

/**
 * The areas `--only` names (comma-separated), in plan order; all when undefined.
 *
 * @throws a usage error naming an unknown area and the accepted ones.
 */
export function selectAreas(only: string | undefined, from: readonly HostArea[] = HOST_AREAS): HostArea[] {
  if (only === undefined) return [...from];
  const names = only
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(AREA_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw usageError(
      `--only ${JSON.stringify(only)}: ${unknown.length > 0 ? `no area named ${unknown.join(", ")}` : "no area named"}`,
      `the areas are ${AREA_NAMES.join(", ")}`,
    );
  }
  return from.filter((area) => names.includes(area.name));
}
