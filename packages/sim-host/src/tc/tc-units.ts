/** µs per tick as tc computes it from /proc/net/psched (1000/64 on Linux). */
const TICK_IN_USEC = 1000 / 64;
const TIME_UNITS_PER_SEC = 1_000_000;

const RATE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  bit: 1,
  kibit: 1024,
  kbit: 1000,
  mibit: 1024 ** 2,
  mbit: 1000 ** 2,
  gibit: 1024 ** 3,
  gbit: 1000 ** 3,
  tibit: 1024 ** 4,
  tbit: 1000 ** 4,
  bps: 8,
  kibps: 8 * 1024,
  kbps: 8000,
  mibps: 8 * 1024 ** 2,
  mbps: 8 * 1000 ** 2,
  gibps: 8 * 1024 ** 3,
  gbps: 8 * 1000 ** 3,
  tibps: 8 * 1024 ** 4,
  tbps: 8 * 1000 ** 4,
};

const SIZE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  kbit: 1024 / 8,
  mbit: 1024 ** 2 / 8,
  gbit: 1024 ** 3 / 8,
};

const TIME_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  s: 1e6,
  sec: 1e6,
  secs: 1e6,
  ms: 1e3,
  msec: 1e3,
  msecs: 1e3,
  us: 1,
  usec: 1,
  usecs: 1,
};

function withUnit(text: string, units: Readonly<Record<string, number>>): number | undefined {
  const match = /^(\d+(?:\.\d*)?|\.\d+)([a-zA-Z]*)$/.exec(text);
  if (match === null) return undefined;
  const scale = units[(match[2] ?? "").toLowerCase()];
  return scale === undefined ? undefined : Number(match[1]) * scale;
}

/** A tc rate (`1mbit`, `10Mbit`, `100kbps`, bare = bits/s) in bytes per second (iproute2 get_rate64). */
export function parseRate(text: string): number | undefined {
  const bits = withUnit(text, RATE_UNITS);
  return bits === undefined ? undefined : Math.floor(bits / 8);
}

/** A tc size (`32kb`, `1540`, `1mbit`) in bytes (iproute2 get_size). */
export function parseSize(text: string): number | undefined {
  const bytes = withUnit(text, SIZE_UNITS);
  return bytes === undefined ? undefined : Math.floor(bytes);
}

/** A tc time (`50ms`, `1s`, bare = µs) in µs (iproute2 get_time). */
export function parseTime(text: string): number | undefined {
  const usec = withUnit(text, TIME_UNITS);
  return usec === undefined ? undefined : Math.floor(usec);
}

/** Bytes/s as tc prints a rate: `1Mbit`, `1500Kbit`, `2Gbit`. */
export function printRate(bytesPerSecond: number): string {
  let rate = bytesPerSecond * 8;
  const units = ["", "K", "M", "G", "T"];
  let index = 0;
  for (; index < units.length - 1; index += 1) {
    if (rate < 1000) break;
    if (rate % 1000 !== 0 && rate < 1000 * 1000) break;
    rate = Math.floor(rate / 1000);
  }
  return `${Math.round(rate).toString()}${units[index] as string}bit`;
}

/** Bytes as tc prints a size: `32Kb`, `1Mb`, `1600b`. */
export function printSize(size: number): string {
  const mega = 1024 * 1024;
  if (size >= mega && Math.abs(mega * Math.round(size / mega) - size) < 1024)
    return `${String(Math.round(size / mega))}Mb`;
  if (size >= 1024 && Math.abs(1024 * Math.round(size / 1024) - size) < 16)
    return `${String(Math.round(size / 1024))}Kb`;
  return `${String(size)}b`;
}

/** C's `%.3g`. */
function g3(value: number): string {
  if (value === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 3) {
    const [mantissa = "", power = "0"] = value.toExponential(2).split("e");
    const trimmed = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
    const sign = power.startsWith("-") ? "-" : "+";
    return `${trimmed}e${sign}${power.replace(/^[+-]/, "").padStart(2, "0")}`;
  }
  const fixed = value.toFixed(Math.max(0, 2 - exponent));
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

/** µs as tc prints a time: `50ms`, `15.8ms`, `2s`, `800us`. */
export function printTime(usec: number): string {
  if (usec >= TIME_UNITS_PER_SEC) return `${g3(usec / TIME_UNITS_PER_SEC)}s`;
  if (usec >= 1000) return `${g3(usec / 1000)}ms`;
  return `${String(Math.trunc(usec))}us`;
}

/** tc_calc_xmittime: the kernel's stored burst (ticks) for `size` bytes at `rate` bytes/s. */
export function xmitTime(rate: number, size: number): number {
  const usec = Math.trunc(TIME_UNITS_PER_SEC * (size / rate)) >>> 0;
  return Math.trunc(usec * TICK_IN_USEC) >>> 0;
}

/** tc_calc_xmitsize: bytes sent at `rate` in `ticks` (what tc prints back as the burst). */
export function xmitSize(rate: number, ticks: number): number {
  return Math.trunc((rate * tickToTime(ticks)) / TIME_UNITS_PER_SEC) >>> 0;
}

/** Ticks → µs (tc_core_tick2time, which returns an unsigned int). */
export function tickToTime(ticks: number): number {
  return Math.trunc(ticks / TICK_IN_USEC) >>> 0;
}

/**
 * The ticks the kernel dumps for a burst it was given in bytes (TCA_TBF_BURST):
 * psched_l2t_ns with the rate's reciprocal (psched_ratecfg_precompute's mult
 * and shift), then ns >> 6.
 */
export function kernelTicks(rate: number, bytes: number): number {
  const rateBig = BigInt(rate);
  let factor = 1_000_000_000n;
  let shift = 0n;
  let mult = 1n;
  for (;;) {
    mult = factor / rateBig;
    if ((mult & (1n << 31n)) !== 0n || (factor & (1n << 63n)) !== 0n) break;
    factor <<= 1n;
    shift += 1n;
  }
  const ns = (BigInt(bytes) * mult) >> shift;
  return Number(ns >> 6n);
}

/** Parses a tc handle or class id (`1:`, `1:12`, `ffff:`, `root`), hex; undefined when malformed. */
export function parseHandle(text: string, { classId }: { classId: boolean }): number | undefined {
  const match = /^([0-9a-fA-F]{0,4}):([0-9a-fA-F]{0,4})$/.exec(text);
  if (match !== null) {
    const major = match[1] === "" ? 0 : Number.parseInt(match[1] as string, 16);
    const minor = match[2] === "" ? 0 : Number.parseInt(match[2] as string, 16);
    if (!classId && minor !== 0) return undefined;
    return ((major << 16) | minor) >>> 0;
  }
  if (!classId && /^[0-9a-fA-F]{1,4}$/.test(text)) return (Number.parseInt(text, 16) << 16) >>> 0;
  return undefined;
}

/** Prints a 32-bit handle as tc does: `1:`, `1:12`, `ffff:fff1`. */
export function printHandle(handle: number): string {
  const major = (handle >>> 16) & 0xffff;
  const minor = handle & 0xffff;
  return minor === 0 ? `${major.toString(16)}:` : `${major.toString(16)}:${minor.toString(16)}`;
}
