import { pythonInt } from "./python-text.js";

/**
 * A GRUB disk, optionally one partition of it: `(hd0)` is the whole first
 * disk, `(hd0,0)` its first partition. Partitions count from 0 as in GRUB
 * legacy; the GRUB 2 renderer writes them as `msdos1`, `msdos2`, ….
 *
 * @example
 * ```ts
 * const boot: GrubDevice = { disk: 0, partition: 0 }; // (hd0,0)
 * const rescue: GrubDevice = { disk: 1 }; // (hd1)
 * ```
 */
export interface GrubDevice {
  /** Disk index: PV-GRUB's `hdN` (see {@link pvGrubDiskOrder}). */
  readonly disk: number;
  /** 0-based partition; absent for a whole disk holding a filesystem directly. */
  readonly partition?: number;
}

/**
 * A device in GRUB legacy syntax.
 *
 * @example
 * ```ts
 * formatGrubDevice({ disk: 0, partition: 0 }); // "(hd0,0)"
 * formatGrubDevice({ disk: 1 }); // "(hd1)"
 * ```
 */
export function formatGrubDevice(device: GrubDevice): string {
  return device.partition === undefined
    ? `(hd${String(device.disk)})`
    : `(hd${String(device.disk)},${String(device.partition)})`;
}

/**
 * A device in GRUB 2 syntax, without parentheses (as in `set root='hd0,msdos1'`).
 * GRUB 2 counts partitions from 1.
 *
 * @example
 * ```ts
 * formatGrub2Device({ disk: 0, partition: 0 }); // "hd0,msdos1"
 * ```
 */
export function formatGrub2Device(device: GrubDevice): string {
  return device.partition === undefined
    ? `hd${String(device.disk)}`
    : `hd${String(device.disk)},msdos${String(device.partition + 1)}`;
}

/**
 * Reads a device written by a person or a config (`(hd0,0)`, `(hd1)`), strictly:
 * only the GRUB legacy `hd` form with decimal numbers. Returns `undefined`
 * for anything else.
 *
 * @example
 * ```ts
 * parseGrubDevice("(hd1,0)"); // { disk: 1, partition: 0 }
 * parseGrubDevice("(sd0)"); // undefined
 * ```
 */
export function parseGrubDevice(text: string): GrubDevice | undefined {
  const match = /^\(hd(0|[1-9][0-9]{0,2})(?:,(0|[1-9][0-9]{0,2}))?\)$/.exec(text);
  if (match === null) return undefined;
  const disk = Number(match[1]);
  return match[2] === undefined ? { disk } : { disk, partition: Number(match[2]) };
}

/** What pygrub made of a device string, or why it raised. */
export type PygrubDeviceResult =
  | { readonly ok: true; readonly disk: number; readonly part: number | undefined }
  | { readonly ok: false; readonly reason: string };

function pygrubDisk(raw: string): number | string {
  const value = raw.replaceAll("(", "").replaceAll(")", "");
  if (value.startsWith("/dev/xvd")) {
    const letter = value.slice(8).codePointAt(0);
    if (letter === undefined) return `"${raw}" names no disk after /dev/xvd`;
    return letter - 0x61;
  }
  const disk = pythonInt(Array.from(value).slice(2).join(""));
  return disk ?? `"${raw}" is not a disk pygrub can read (it expects hdN, e.g. (hd0) or (hd0,0))`;
}

function pygrubPart(raw: string): number | string {
  let value = raw.replaceAll("(", "").replaceAll(")", "");
  if (value.startsWith("msdos")) value = value.slice(5);
  if (value.startsWith("gpt")) value = value.slice(3);
  const part = pythonInt(value);
  return part ?? `"${raw}" is not a partition number pygrub can read (e.g. 0 in (hd0,0), msdos1 in grub.cfg)`;
}

/**
 * Reads a device exactly as pygrub's `GrubDiskPart` does, including what it
 * accepts that GRUB would not (`/dev/xvdb`, `(hd 0)`, `hd0,gpt2`) and where it
 * raises (`LABEL=X`, `(hd0,1,2)`). `part` is the number as written (GRUB 2
 * files count from 1).
 *
 * @example
 * ```ts
 * pygrubDevice("(hd0,0)"); // { ok: true, disk: 0, part: 0 }
 * pygrubDevice("LABEL=RESCUE ro").ok; // false — pygrub raises ValueError
 * ```
 */
export function pygrubDevice(text: string): PygrubDeviceResult {
  let diskText = text;
  let partText: string | undefined;
  if (text.includes(",")) {
    const pieces = text.split(",");
    if (pieces.length > 2) return { ok: false, reason: `"${text}" has more than one comma` };
    diskText = pieces[0] ?? "";
    partText = pieces[1] ?? "";
  }
  const disk = pygrubDisk(diskText);
  if (typeof disk === "string") return { ok: false, reason: disk };
  if (partText === undefined) return { ok: true, disk, part: undefined };
  const part = pygrubPart(partText);
  if (typeof part === "string") return { ok: false, reason: part };
  return { ok: true, disk, part };
}
