import type { SimLogicalVolume, SimState } from "../state/model.js";

/** True when an LV is open: a running or paused guest uses it, or a data command has it open. */
export function isLvOpen(state: SimState, lv: SimLogicalVolume): boolean {
  const paths = [
    `/dev/${lv.vg}/${lv.name}`,
    `/dev/mapper/${lv.vg.replaceAll("-", "--")}-${lv.name.replaceAll("-", "--")}`,
  ];
  const usedByGuest = state.domains.some(
    (domain) =>
      (domain.state === "running" || domain.state === "paused") &&
      domain.disks.some((disk) => paths.includes(disk.target)),
  );
  return usedByGuest || state.lvOpeners.some((opener) => opener.lv === `${lv.vg}/${lv.name}`);
}

/**
 * The 10-character `lv_attr` LVM reports: type (`-`, `o`rigin, `s`napshot),
 * permissions, allocation, fixed minor, state (`a`ctive, `I`nvalid
 * snapshot), open, target type (`s`napshot for origins and snapshots), zero,
 * health, skip activation.
 *
 * @example
 * ```ts
 * lvAttr(state, snapshot); // "swi-a-s---", or "swi-I-s---" once it overflowed
 * ```
 */
export function lvAttr(state: SimState, lv: SimLogicalVolume): string {
  const isOrigin = state.logicalVolumes.some((other) => other.vg === lv.vg && other.origin === lv.name);
  const isSnapshot = lv.snapshot !== undefined;
  const type = isSnapshot ? "s" : isOrigin ? "o" : "-";
  const stateChar = isSnapshot && lv.snapshot?.invalid === true ? "I" : "a";
  const open = isLvOpen(state, lv) ? "o" : "-";
  const target = isSnapshot || isOrigin ? "s" : "-";
  return `${type}wi-${stateChar}${open}${target}---`;
}
