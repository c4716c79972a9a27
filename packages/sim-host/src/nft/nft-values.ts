import type { NftExpression } from "./expression.js";

/** A literal as written: its text and whether it was quoted. */
export interface RawValue {
  readonly text: string;
  readonly quoted: boolean;
}

const NUMERIC_TYPES = new Set(["inet_service", "integer", "mark", "ipv4_addr_len", "ct_mark", "dscp"]);

function number(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text)) return Number(text);
  return undefined;
}

/** A literal as libnftables JSON for a value of datatype `type` (prefixes and ranges become objects). */
export function valueJson(raw: RawValue, type: string): NftExpression {
  if (raw.quoted) return raw.text;
  const { text } = raw;
  if (type === "ipv4_addr" || type === "ipv6_addr") {
    const prefix = /^(.+)\/(\d+)$/.exec(text);
    if (prefix !== null) return { prefix: { addr: prefix[1] as string, len: Number(prefix[2]) } };
    const range = type === "ipv4_addr" ? /^([\d.]+)-([\d.]+)$/.exec(text) : null;
    if (range !== null) return { range: [range[1] as string, range[2] as string] };
    return text;
  }
  if (NUMERIC_TYPES.has(type)) {
    const range = /^(\w+)-(\w+)$/.exec(text);
    if (range !== null) {
      const from = number(range[1] as string);
      const to = number(range[2] as string);
      if (from !== undefined && to !== undefined) return { range: [from, to] };
    }
    return number(text) ?? text;
  }
  return text;
}

/** A literal as `nft list` prints it for datatype `type`. */
export function valueText(raw: RawValue, type: string): string {
  if (type === "ifname" || type === "string") return `"${raw.text}"`;
  if (type === "mark" || type === "ct_mark") {
    const value = number(raw.text);
    return value === undefined ? raw.text : `0x${value.toString(16).padStart(8, "0")}`;
  }
  if (raw.quoted) return `"${raw.text}"`;
  return raw.text;
}
