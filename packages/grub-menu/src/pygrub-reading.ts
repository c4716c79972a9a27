// The small readers both parsers share: how pygrub turns the value of a
// `root`, `kernel` or `initrd` line into a device, a path and arguments, with
// the exact places where pygrub raises (and the domain would not boot).

import type { BootFile } from "./boot-file.js";
import { GrubMenuSyntaxError } from "./errors.js";
import { pygrubDevice } from "./grub-device.js";
import type { GrubDevice } from "./grub-device.js";
import { isPythonSpace, pythonSplitWhitespace } from "./python-text.js";

/** GRUB legacy numbers partitions from 0, GRUB 2 from 1; the model uses GRUB legacy's. */
export type Dialect = "legacy" | "grub2";

/** A position in a file, for errors and diagnostics. */
export interface LinePosition {
  readonly file: string | undefined;
  readonly line: number;
  /** 1-based column of the value being read. */
  readonly column: number;
}

/**
 * The 1-based column (in characters) of offset `offsetInStripped` of the
 * stripped line inside the raw line.
 */
export function columnIn(raw: string, offsetInStripped: number): number {
  let leading = 0;
  while (leading < raw.length && isPythonSpace(raw.charAt(leading))) leading++;
  return Array.from(raw.slice(0, leading + offsetInStripped)).length + 1;
}

/**
 * pygrub's reading of a device (`root` line, `set root=`, the `(…)` of a path).
 * Throws {@link GrubMenuSyntaxError} where pygrub raises.
 */
export function readDevice(text: string, dialect: Dialect, at: LinePosition): GrubDevice {
  const result = pygrubDevice(text);
  if (!result.ok) {
    throw new GrubMenuSyntaxError(
      at,
      `${result.reason}; pygrub raises ValueError here and the domain does not boot. ` +
        `Write the device as ${dialect === "grub2" ? "hd0,msdos1 or (hd0,msdos1)" : "(hd0) or (hd0,0)"}`,
    );
  }
  if (result.part === undefined) return { disk: result.disk };
  return { disk: result.disk, partition: dialect === "grub2" ? result.part - 1 : result.part };
}

/** pygrub's `get_path`: an optional `(device)` prefix, then the path. */
export function readPath(text: string, dialect: Dialect, at: LinePosition): BootFile {
  if (!text.startsWith("(")) return { path: text };
  const close = text.indexOf(")");
  if (close === -1) {
    throw new GrubMenuSyntaxError(
      at,
      `"${text}" opens a device with "(" but never closes it; pygrub raises "Unable to find matching ')'"`,
    );
  }
  return { device: readDevice(text.slice(0, close), dialect, at), path: text.slice(close + 1) };
}

/** What a kernel line means to pygrub. */
export interface KernelLine {
  readonly kernel: BootFile;
  readonly args: string | undefined;
  /** True when arguments are glued to the path by a tab or other non-space whitespace. */
  readonly argsAfterTab: boolean;
}

/**
 * pygrub's `set_kernel`: without a plain space the whole value is the path
 * (`/vmlinuz<TAB>ro` is one path); otherwise the path, then the arguments.
 */
export function readKernel(value: string, dialect: Dialect, at: LinePosition): KernelLine {
  if (!value.includes(" ")) {
    return {
      kernel: readPath(value, dialect, at),
      args: undefined,
      argsAfterTab: Array.from(value).some(isPythonSpace),
    };
  }
  const [path = "", args] = pythonSplitWhitespace(value, 1);
  return { kernel: readPath(path, dialect, at), args, argsAfterTab: false };
}
