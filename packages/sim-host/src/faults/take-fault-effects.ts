import type { SimEnvironment } from "../exec/types.js";
import type { FaultEffect, FaultRecord } from "./fault-spec.js";
import { matchesCommand } from "./match-command.js";

function fires(record: FaultRecord): boolean {
  const { nth, times } = record.spec;
  if (record.matched < nth) return false;
  return times === "always" || record.fired < times;
}

function anyCandidate(faults: readonly FaultRecord[], argv: readonly string[]): boolean {
  return faults.some(
    (record) =>
      (record.spec.times === "always" || record.fired < record.spec.times) &&
      matchesCommand(record.spec.match, argv),
  );
}

/**
 * Counts `argv` against every installed fault (atomically, across processes)
 * and returns the effects of the faults that fire on it, in the order they
 * were added.
 *
 * @example
 * ```ts
 * const effects = await takeFaultEffects(env, ["xl", "save", "vm1", "/tmp/vm1.save"]);
 * ```
 */
export async function takeFaultEffects(env: SimEnvironment, argv: readonly string[]): Promise<FaultEffect[]> {
  const snapshot = await env.store.read();
  if (!anyCandidate(snapshot.faults, argv)) return [];
  return env.store.update((state) => {
    const effects: FaultEffect[] = [];
    for (const record of state.faults) {
      if (!matchesCommand(record.spec.match, argv)) continue;
      if (record.spec.times !== "always" && record.fired >= record.spec.times) continue;
      record.matched += 1;
      if (fires(record)) {
        record.fired += 1;
        effects.push(record.spec.effect);
      }
    }
    return effects;
  });
}
