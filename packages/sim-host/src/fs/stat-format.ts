import type { FileAttributes } from "./file-owners.js";
import { symbolicMode } from "./mode-bits.js";

/** One file as `stat` describes it on the simulated dom0. */
export interface StatSubject {
  /** The name as given on the command line. */
  readonly name: string;
  readonly attributes: FileAttributes;
  /** User and group names of the simulated accounts (undefined: `UNKNOWN`). */
  readonly userName: string | undefined;
  readonly groupName: string | undefined;
  /** A symbolic link's target, for `%N`. */
  readonly linkTarget?: string;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  0o140000: "socket",
  0o120000: "symbolic link",
  0o100000: "regular file",
  0o060000: "block special file",
  0o040000: "directory",
  0o020000: "character special file",
  0o010000: "fifo",
};

function major(dev: bigint): bigint {
  return ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
}

function minor(dev: bigint): bigint {
  return (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
}

function two(value: number): string {
  return String(value).padStart(2, "0");
}

/** A time as stat prints it: `2024-01-15 12:00:00.000000000 +0000`, in the local time zone. */
function humanTime(ns: bigint): string {
  const date = new Date(Number(ns / 1_000_000n));
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
  const fraction = String(ns % 1_000_000_000n).padStart(9, "0");
  return `${String(date.getFullYear())}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${fraction} ${zone}`;
}

function typeName(subject: StatSubject): string {
  const { typeBits, stats } = subject.attributes;
  if (typeBits === 0o100000 && stats.size === 0n) return "regular empty file";
  return TYPE_NAMES[typeBits] ?? "weird file";
}

function directive(subject: StatSubject, letter: string, modifier: string): string | undefined {
  const { attributes } = subject;
  const { stats } = attributes;
  const dev = (value: bigint): string =>
    modifier === "H" ? String(major(value)) : modifier === "L" ? String(minor(value)) : String(value);
  const birth = stats.birthtimeNs;
  switch (letter) {
    case "a":
      return attributes.mode.toString(8);
    case "A":
      return symbolicMode(attributes.typeBits, attributes.mode);
    case "b":
      return String(stats.blocks);
    case "B":
      return "512";
    case "d":
      return dev(stats.dev);
    case "D":
      return stats.dev.toString(16);
    case "f":
      return (attributes.typeBits | attributes.mode).toString(16);
    case "F":
      return typeName(subject);
    case "g":
      return String(attributes.gid);
    case "G":
      return subject.groupName ?? "UNKNOWN";
    case "h":
      return String(stats.nlink);
    case "i":
      return String(stats.ino);
    case "m":
      return "/";
    case "n":
      return subject.name;
    case "N":
      return subject.linkTarget === undefined
        ? `'${subject.name}'`
        : `'${subject.name}' -> '${subject.linkTarget}'`;
    case "o":
      return String(stats.blksize);
    case "r":
      return dev(stats.rdev);
    case "s":
      return String(stats.size);
    case "t":
      return major(stats.rdev).toString(16);
    case "T":
      return minor(stats.rdev).toString(16);
    case "u":
      return String(attributes.uid);
    case "U":
      return subject.userName ?? "UNKNOWN";
    case "w":
      return birth === 0n ? "-" : humanTime(birth);
    case "W":
      return String(birth / 1_000_000_000n);
    case "x":
      return humanTime(stats.atimeNs);
    case "X":
      return String(stats.atimeNs / 1_000_000_000n);
    case "y":
      return humanTime(stats.mtimeNs);
    case "Y":
      return String(stats.mtimeNs / 1_000_000_000n);
    case "z":
      return humanTime(stats.ctimeNs);
    case "Z":
      return String(stats.ctimeNs / 1_000_000_000n);
    default:
      return undefined;
  }
}

const NUMERIC = new Set("abBdDfghiostTuWXYZ".split(""));

function pad(
  text: string,
  flags: string,
  width: string,
  precision: string | undefined,
  numeric: boolean,
): string {
  let out = precision !== undefined && !numeric ? text.slice(0, Number(precision)) : text;
  const size = width === "" ? 0 : Number(width);
  if (out.length >= size) return out;
  if (flags.includes("-")) return out.padEnd(size);
  if (flags.includes("0") && numeric) return out.padStart(size, "0");
  out = out.padStart(size);
  return out;
}

const ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
};

function unescape(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (all, code: string) => {
    if (code.startsWith("x") && code.length > 1)
      return String.fromCharCode(Number.parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCharCode(Number.parseInt(code, 8));
    return ESCAPES[code] ?? all;
  });
}

/**
 * Renders a GNU stat format (`%F:%a:%U:%G`) for one file: the directives with
 * printf flags, width and precision, `%Hd`/`%Ld` for device numbers, and —
 * for `--printf` — backslash escapes. An unknown directive prints `?`.
 *
 * @example
 * ```ts
 * renderStatFormat("%F:%a:%U:%G", subject, false); // "regular file:440:root:root"
 * ```
 */
export function renderStatFormat(format: string, subject: StatSubject, escapes: boolean): string {
  const text = format.replace(
    /%([-#0 +']*)(\d*)(?:\.(\d*))?([HL]?)(.?)/g,
    (all, flags: string, width: string, precision: string | undefined, modifier: string, letter: string) => {
      if (letter === "%" && all === "%%") return "%";
      if (letter === "") return all;
      const value = directive(subject, letter, modifier);
      return value === undefined ? "?" : pad(value, flags, width, precision, NUMERIC.has(letter));
    },
  );
  return escapes ? unescape(text) : text;
}

/**
 * The format `stat` uses without `-c`: name, size, blocks, device, inode,
 * links, access bits and owners, and the four times.
 *
 * @example
 * ```ts
 * renderStatFormat(defaultStatFormat(subject), subject, false);
 * ```
 */
export function defaultStatFormat(subject: StatSubject): string {
  const device = subject.attributes.typeBits === 0o060000 || subject.attributes.typeBits === 0o020000;
  const name = subject.linkTarget === undefined ? "%n" : "%N";
  return (
    `  File: ${name}\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n` +
    (device
      ? "Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n"
      : "Device: %Hd,%Ld\tInode: %-11i Links: %h\n") +
    "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n" +
    "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n"
  );
}
