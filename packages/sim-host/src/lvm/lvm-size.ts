const SUFFIXES = "kmgtpebs";

/** Result of {@link parseLvmSize}: bytes, or LVM's message for a bad size. */
export type LvmSizeResult =
  { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly message: string };

/**
 * Parses an LVM size argument (`-L 10G`, `512m`, `1.5t`, `4096b`): binary
 * units, case-insensitive, MiB when there is no unit (lvmcmdline.c _size_arg).
 *
 * @example
 * ```ts
 * parseLvmSize("1G"); // { ok: true, bytes: 1073741824 }
 * parseLvmSize("100"); // { ok: true, bytes: 104857600 }
 * ```
 */
export function parseLvmSize(text: string): LvmSizeResult {
  const match = /^\+?(\d+(?:\.\d*)?|\.\d+)([a-zA-Z]?)$/.exec(text);
  if (match === null) return { ok: false, message: "Size requires number argument." };
  const value = Number(match[1]);
  const unit = (match[2] ?? "").toLowerCase();
  if (unit === "") return { ok: true, bytes: Math.ceil(value * 1024 * 1024) };
  const index = SUFFIXES.indexOf(unit);
  if (index < 0) return { ok: false, message: `Invalid argument for --size: ${text}` };
  if (unit === "s") return { ok: true, bytes: Math.ceil(value) * 512 };
  if (unit === "b") {
    const bytes = Math.floor(value);
    if (bytes % 512 !== 0) {
      const up = bytes + (512 - (bytes % 512));
      return {
        ok: false,
        message: `Size is not a multiple of 512. Try using ${String(up - 512)} or ${String(up)}.`,
      };
    }
    return { ok: true, bytes };
  }
  return { ok: true, bytes: Math.ceil(value * 1024 ** (index + 1)) };
}

const HUMAN_UNITS = ["e", "p", "t", "g", "m", "k"] as const;

/**
 * Formats a size as LVM reports it (libdm dm_size_to_string): `r` (the
 * default) picks a binary unit and prefixes `<` when two decimals round the
 * value; an explicit unit (`b`, `k`, `m`, `g`, `t`; upper case for powers of
 * 1000) prints in that unit, with or without suffix.
 *
 * @example
 * ```ts
 * displayLvmSize(10 * 1024 ** 3, "r", true); // "10.00g"
 * displayLvmSize(2043 * 1024 ** 2, "r", true); // "<2.00g"
 * displayLvmSize(4 * 1024 ** 2, "b", false); // "4194304"
 * ```
 */
export function displayLvmSize(bytes: number, unit: string, suffix: boolean): string {
  if (bytes === 0)
    return suffix && !["r", "h", "R", "H"].includes(unit)
      ? `0${unit === "b" || unit === "B" ? "B" : unit}`
      : "0";
  if (unit === "r" || unit === "h" || unit === "R" || unit === "H") {
    const base = unit === "R" || unit === "H" ? 1000 : 1024;
    let factor = base ** 6;
    let index = 0;
    while (index < HUMAN_UNITS.length && bytes < factor) {
      factor /= base;
      index += 1;
    }
    if (index >= HUMAN_UNITS.length) return `${bytes.toFixed(2)}B`;
    const unitChar = HUMAN_UNITS[index] as string;
    const hundredths = (100 * bytes) / factor;
    const prefix =
      (unit === "r" || unit === "R") && Math.floor(hundredths) !== Math.round(hundredths) ? "<" : "";
    const shown = base === 1000 ? unitChar.toUpperCase() : unitChar;
    return `${prefix}${(bytes / factor).toFixed(2)}${shown}`;
  }
  if (unit === "b" || unit === "B") return `${String(bytes)}${suffix ? "B" : ""}`;
  if (unit === "s" || unit === "S") return `${String(bytes / 512)}${suffix ? "S" : ""}`;
  const lower = unit.toLowerCase();
  const index = "kmgtpe".indexOf(lower);
  const base = unit === lower ? 1024 : 1000;
  const value = bytes / base ** (index + 1);
  return `${value.toFixed(2)}${suffix ? unit : ""}`;
}
