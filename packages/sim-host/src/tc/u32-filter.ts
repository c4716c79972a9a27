import { isIPv4, isIPv6 } from "node:net";
import type { TcFilterRow } from "./model.js";
import type { TcResult } from "./qdisc-options.js";
import { obj } from "./tc-json.js";
import { parseHandle, printHandle } from "./tc-units.js";

/** One 32-bit key of a u32 selector. */
interface U32Key {
  value: number;
  mask: number;
  readonly off: number;
}

/** A parsed u32 filter: its keys and target class. */
export interface U32Selector {
  readonly keys: readonly U32Key[];
  readonly classid?: number;
}

const notSimulated = (what: string): TcResult<never> => ({
  ok: false,
  stderr: `sim-host: tc filter … u32 ${what}: not simulated\n`,
  exitCode: 127,
});
const illegal = (what: string): TcResult<never> => ({
  ok: false,
  stderr: `Illegal "${what}"\n`,
  exitCode: 1,
});

/** pack_key: merges keys at the same offset as iproute2 does; false on a contradiction. */
function packKey(keys: U32Key[], value: number, mask: number, off: number): boolean {
  const masked = (value & mask) >>> 0;
  const existing = keys.find((key) => key.off === off);
  if (existing !== undefined) {
    const intersect = (mask & existing.mask) >>> 0;
    if (((masked ^ existing.value) & intersect) >>> 0 !== 0) return false;
    existing.value = (existing.value | masked) >>> 0;
    existing.mask = (existing.mask | mask) >>> 0;
    return true;
  }
  keys.push({ value: masked, mask: mask >>> 0, off });
  return true;
}

function packKey8(keys: U32Key[], value: number, mask: number, off: number): boolean {
  if (value > 0xff || mask > 0xff) return false;
  const shift = [24, 16, 8, 0][off & 3] as number;
  return packKey(keys, (value << shift) >>> 0, (mask << shift) >>> 0, off & ~3);
}

function packKey16(keys: U32Key[], value: number, mask: number, off: number): boolean {
  if (value > 0xffff || mask > 0xffff) return false;
  const shift = (off & 3) === 0 ? 16 : 0;
  return packKey(keys, (value << shift) >>> 0, (mask << shift) >>> 0, off & ~3);
}

function number(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text)) return Number(text);
  return undefined;
}

function ipv4Words(address: string): number {
  return address.split(".").reduce((word, part) => ((word << 8) | Number(part)) >>> 0, 0);
}

function ipv6Words(address: string): number[] {
  const [head = "", tail] = address.split("::");
  const parse = (part: string): number[] =>
    part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = [...left, ...Array.from({ length: 8 - left.length - right.length }, () => 0), ...right];
  return [0, 1, 2, 3].map((word) => (((groups[word * 2] ?? 0) << 16) | (groups[word * 2 + 1] ?? 0)) >>> 0);
}

/** Parses one `match …` clause starting at args[at]; returns how many words it used. */
function parseMatch(keys: U32Key[], args: readonly string[], at: number): TcResult<number> {
  const [family, field, value, mask, atWord] = args.slice(at);
  if (family === "u32" || family === "u16" || family === "u8") {
    const v = number(field);
    const m = number(value);
    const off =
      number(mask === "at" ? atWord : undefined) ??
      (atWord !== undefined && /^-?\d+$/.test(atWord) ? Number(atWord) : undefined);
    if (v === undefined || m === undefined || mask !== "at" || off === undefined) return illegal("match");
    const ok =
      family === "u32"
        ? packKey(keys, v, m, off)
        : family === "u16"
          ? packKey16(keys, v, m, off)
          : packKey8(keys, v, m, off);
    return ok ? { ok: true, value: 5 } : illegal("match");
  }
  if (family === "ip" && (field === "src" || field === "dst") && value !== undefined) {
    const [address = "", lengthText] = value.split("/");
    const length = lengthText === undefined ? 32 : Number(lengthText);
    if (!isIPv4(address) || !(length >= 0 && length <= 32)) return illegal("match");
    const maskWord = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
    return packKey(keys, ipv4Words(address), maskWord, field === "src" ? 12 : 16)
      ? { ok: true, value: 3 }
      : illegal("match");
  }
  if (family === "ip6" && (field === "src" || field === "dst") && value !== undefined) {
    const [address = "", lengthText] = value.split("/");
    const length = lengthText === undefined ? 128 : Number(lengthText);
    if (!isIPv6(address) || !(length >= 0 && length <= 128)) return illegal("match");
    const words = ipv6Words(address);
    const base = field === "src" ? 8 : 24;
    for (let bit = 0; bit < length; bit += 32) {
      const word = words[bit / 32] as number;
      const maskWord = length - bit >= 32 ? 0xffffffff : (0xffffffff << (32 - (length - bit))) >>> 0;
      if (!packKey(keys, word, maskWord, base + 4 * (bit / 32))) return illegal("match");
    }
    return { ok: true, value: 3 };
  }
  if ((family === "ip" || family === "ip6") && field !== undefined) {
    const fields: Readonly<Record<string, readonly [8 | 16, number]>> =
      family === "ip"
        ? { sport: [16, 20], dport: [16, 22], protocol: [8, 9], tos: [8, 1], dsfield: [8, 1] }
        : { sport: [16, 40], dport: [16, 42], protocol: [8, 6] };
    const spec = fields[field];
    if (spec === undefined) return notSimulated(`match ${family} ${field}`);
    const v = number(value);
    const m = number(mask);
    if (v === undefined || m === undefined) return illegal("match");
    const ok = spec[0] === 16 ? packKey16(keys, v, m, spec[1]) : packKey8(keys, v, m, spec[1]);
    return ok ? { ok: true, value: 4 } : illegal("match");
  }
  if (family === "ether" && (field === "src" || field === "dst") && value !== undefined) {
    if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(value)) return illegal("match");
    const bytes = value.split(":").map((part) => Number.parseInt(part, 16));
    const base = field === "src" ? -8 : -14;
    for (const [index, byte] of bytes.entries())
      if (!packKey8(keys, byte, 0xff, base + index)) return illegal("match");
    return { ok: true, value: 3 };
  }
  return notSimulated(`match ${[family, field].filter(Boolean).join(" ")}`);
}

/**
 * Parses the u32 classifier's options the simulator models: `match ip
 * src|dst|sport|dport|protocol|tos`, `match ip6 src|dst|sport|dport`,
 * `match ether src|dst`, `match u32|u16|u8 VAL MASK at OFF`, and
 * `classid|flowid X:Y` — packed into 32-bit keys exactly as iproute2 packs them.
 */
export function parseU32(args: readonly string[]): TcResult<U32Selector> {
  const keys: U32Key[] = [];
  let classid: number | undefined;
  for (let index = 0; index < args.length;) {
    const word = args[index] as string;
    if (word === "match") {
      const used = parseMatch(keys, args, index + 1);
      if (!used.ok) return used;
      index += 1 + used.value;
    } else if (word === "classid" || word === "flowid") {
      const handle = parseHandle(args[index + 1] ?? "", { classId: true });
      if (handle === undefined) return { ok: false, stderr: `Illegal "classid"\n`, exitCode: 1 };
      classid = handle;
      index += 2;
    } else {
      return notSimulated(word);
    }
  }
  return { ok: true, value: { keys, ...(classid === undefined ? {} : { classid }) } };
}

/** The key row of a u32 filter (`fh 800::800 order 2048 key ht 800 bkt 0 *flowid 1:12 not_in_hw` and its matches). */
export function u32KeyRow(htid: number, node: number, selector: U32Selector): TcFilterRow {
  const ht = htid.toString(16);
  const fh = `${ht}::${node.toString(16)}`;
  const flow = selector.classid === undefined ? undefined : printHandle(selector.classid);
  const matches = selector.keys.map((key) =>
    obj(
      ["value", key.value.toString(16)],
      ["mask", key.mask.toString(16)],
      ["offmask", ""],
      ["off", key.off],
    ),
  );
  return {
    options: obj(
      ["fh", fh],
      ["order", node],
      ["key_ht", ht],
      ["bkt", "0"],
      flow !== undefined && ["flowid", flow],
      ["not_in_hw", true],
      ...matches.map((match) => ["match", match] as const),
    ),
    text: `fh ${fh} order ${String(node)} key ht ${ht} bkt 0 ${flow === undefined ? "" : `*flowid ${flow} `}not_in_hw ${selector.keys
      .map(
        (key) =>
          `\n  match ${key.value.toString(16).padStart(8, "0")}/${key.mask.toString(16).padStart(8, "0")} at ${String(key.off)}`,
      )
      .join("")}`,
  };
}
