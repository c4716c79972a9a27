import type { FaultEffect } from "../faults/fault-spec.js";
import { crashDomain } from "../xl/lifecycle.js";
import type { SimEnvironment } from "./types.js";

/** Applies the faults that act after their command ran: filling a snapshot, crashing a domain. */
export async function applyAfterEffects(env: SimEnvironment, effects: readonly FaultEffect[]): Promise<void> {
  const later = effects.filter((effect) => effect.kind === "fill-snapshot" || effect.kind === "crash-domain");
  if (later.length === 0) return;
  await env.store.update((state) => {
    for (const effect of later) {
      if (effect.kind === "fill-snapshot") {
        const [vg, name] = effect.lv.split("/");
        const lv = state.logicalVolumes.find((each) => each.vg === vg && each.name === name);
        if (lv?.snapshot === undefined) continue;
        lv.snapshot.fillPercent = Math.max(lv.snapshot.fillPercent, effect.percent);
        if (effect.percent >= 100) lv.snapshot.invalid = true;
      } else if (effect.kind === "crash-domain") {
        crashDomain(state, effect.domain, env.now());
      }
    }
  });
}
