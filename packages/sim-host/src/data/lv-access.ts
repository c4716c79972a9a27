import { randomBytes } from "node:crypto";
import type { SimEnvironment } from "../exec/types.js";
import type { LvRef } from "../fs/lv-path.js";
import type { SimLogicalVolume, SimState } from "../state/model.js";

/** `vg/name` of an LV reference. */
export function lvKey(ref: LvRef): string {
  return `${ref.vg}/${ref.name}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Drops openers whose process is gone (a killed simulator must not keep an LV busy). */
export function pruneOpeners(state: SimState): void {
  state.lvOpeners = state.lvOpeners.filter((opener) => isAlive(opener.pid));
}

/** The logical volume `ref` names, if it exists. */
export function findLv(state: SimState, ref: LvRef): SimLogicalVolume | undefined {
  return state.logicalVolumes.find((lv) => lv.vg === ref.vg && lv.name === ref.name);
}

/** Bytes a reader of the LV's device sees: a snapshot shows its origin's size (its own size is its COW space). */
export function deviceBytes(state: SimState, lv: SimLogicalVolume): number {
  if (lv.origin === undefined) return lv.sizeBytes;
  return (
    state.logicalVolumes.find((other) => other.vg === lv.vg && other.name === lv.origin)?.sizeBytes ??
    lv.sizeBytes
  );
}

/** What opening some LVs found: the ones that exist, and any invalid snapshot among them. */
export interface OpenResult {
  readonly token: string;
  readonly invalid: readonly LvRef[];
  readonly existing: readonly SimLogicalVolume[];
}

/** Marks LVs as open by this process (so `lvremove` refuses them) and reports invalid snapshots. */
export async function openLvs(env: SimEnvironment, refs: readonly LvRef[]): Promise<OpenResult> {
  const token = randomBytes(6).toString("hex");
  if (refs.length === 0) return { token, invalid: [], existing: [] };
  return env.store.update((state) => {
    pruneOpeners(state);
    const existing: SimLogicalVolume[] = [];
    const invalid: LvRef[] = [];
    for (const ref of refs) {
      const lv = findLv(state, ref);
      if (lv === undefined) continue;
      existing.push(structuredClone(lv));
      if (lv.snapshot?.invalid === true) invalid.push(ref);
      state.lvOpeners.push({ lv: lvKey(ref), pid: process.pid, token });
    }
    return { token, invalid, existing };
  });
}

/** Releases what {@link openLvs} opened. */
export async function closeLvs(env: SimEnvironment, token: string): Promise<void> {
  await env.store.update((state) => {
    state.lvOpeners = state.lvOpeners.filter((opener) => opener.token !== token);
  });
}

/**
 * Records `bytes` written to an origin LV: each of its snapshots must keep the
 * old data, so its fill level grows by that share of its size; past 100 % it
 * becomes invalid, as a real LVM snapshot does.
 */
export function recordOriginWrite(state: SimState, ref: LvRef, bytes: number): void {
  for (const lv of state.logicalVolumes) {
    const writesToIt =
      lv.vg === ref.vg && (lv.origin === ref.name || (lv.name === ref.name && lv.snapshot !== undefined));
    if (!writesToIt || lv.snapshot === undefined || lv.snapshot.invalid) continue;
    const fill = lv.snapshot.fillPercent + (bytes / lv.sizeBytes) * 100;
    if (fill >= 100) {
      lv.snapshot.fillPercent = 100;
      lv.snapshot.invalid = true;
    } else {
      lv.snapshot.fillPercent = fill;
    }
  }
}
