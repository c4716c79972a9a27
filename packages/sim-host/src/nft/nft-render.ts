import type { NftExpression } from "./expression.js";
import type { NftChain, NftSet, NftTable } from "./model.js";
import { namedPriority } from "./nft-parser.js";

/** libnftables' metainfo object (nft 1.0.6 on Debian 12). */
export const NFT_METAINFO = {
  metainfo: { version: "1.0.6", release_name: "Lester Gooch #5", json_schema_version: 1 },
};

/** Serialises like nft -j (jansson compact with `", "` and `": "` separators). */
export function nftJson(value: NftExpression | Record<string, unknown>): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => nftJson(item)).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${JSON.stringify(key)}: ${nftJson(item as NftExpression)}`)
    .join(", ")}}`;
}

function setJson(table: NftTable, set: NftSet): NftExpression {
  const body: Record<string, NftExpression> = {
    family: table.family,
    name: set.name,
    table: table.name,
    type: set.type,
    handle: set.handle,
  };
  if (set.map !== undefined) body.map = set.map;
  if (set.flags.length > 0) body.flags = set.flags;
  if (set.elements.length > 0)
    body.elem = set.elements.map((element) =>
      element.value === undefined ? element.key : [element.key, element.value],
    );
  return { [set.map === undefined ? "set" : "map"]: body };
}

function chainJson(table: NftTable, chain: NftChain): NftExpression {
  const body: Record<string, NftExpression> = {
    family: table.family,
    table: table.name,
    name: chain.name,
    handle: chain.handle,
  };
  if (chain.base !== undefined) {
    body.type = chain.base.type;
    body.hook = chain.base.hook;
    if (chain.base.device !== undefined) body.dev = chain.base.device;
    body.prio = chain.base.prio;
    body.policy = chain.base.policy;
  }
  return { chain: body };
}

/** The JSON objects `nft -j list table` prints for one table: table, sets, chains, then rules. */
export function tableObjects(table: NftTable, only?: { chain?: string; set?: string }): NftExpression[] {
  const objects: NftExpression[] = [];
  if (only === undefined)
    objects.push({ table: { family: table.family, name: table.name, handle: table.handle } });
  if (only?.chain === undefined)
    for (const set of table.sets)
      if (only?.set === undefined || set.name === only.set) objects.push(setJson(table, set));
  if (only?.set !== undefined) return objects;
  const chains = table.chains.filter((chain) => only?.chain === undefined || chain.name === only.chain);
  for (const chain of chains) objects.push(chainJson(table, chain));
  for (const chain of chains) {
    for (const rule of chain.rules) {
      const body: Record<string, NftExpression> = {
        family: table.family,
        table: table.name,
        chain: chain.name,
        handle: rule.handle,
      };
      if (rule.comment !== undefined) body.comment = rule.comment;
      body.expr = rule.expr;
      objects.push({ rule: body });
    }
  }
  return objects;
}

function priorityText(family: string, prio: number): string {
  for (const name of family === "bridge"
    ? ["dstnat", "filter", "out", "srcnat"]
    : ["raw", "mangle", "dstnat", "filter", "security", "srcnat"]) {
    const base = namedPriority(family, name) as number;
    if (prio === base) return name;
    if (Math.abs(prio - base) <= 10 && prio !== base)
      return `${name} ${prio > base ? "+" : "-"} ${String(Math.abs(prio - base))}`;
  }
  return String(prio);
}

const EVERY_FIVE = new Set([
  "nf_proto",
  "integer",
  "arp_op",
  "inet_proto",
  "inet_service",
  "tcp_flag",
  "mark",
  "iface_index",
  "classid",
  "uid",
  "gid",
  "ct_dir",
]);
const EVERY_TWO = new Set(["ipv4_addr", "ipv6_addr", "ct_state", "ct_status", "pkt_type"]);

/** Joins a named set's elements as nft's set_expr_print does: a line break every 5, every 2, or every element, by key type. */
function joinElements(items: readonly string[], type: string): string {
  const newline = ",\n\t\t\t     ";
  let count = 0;
  let text = "";
  for (const [index, item] of items.entries()) {
    text += item;
    if (index === items.length - 1) break;
    count += 1;
    const limit = EVERY_FIVE.has(type) ? 5 : EVERY_TWO.has(type) ? 2 : 1;
    if (count < limit) {
      text += ", ";
    } else {
      text += newline;
      count = 0;
    }
  }
  return text;
}

function setText(set: NftSet, handles: boolean): string {
  let text = `\t${set.map === undefined ? "set" : "map"} ${set.name} {${handles ? ` # handle ${String(set.handle)}` : ""}\n\t\ttype ${set.type}${set.map === undefined ? "" : ` : ${set.map}`}\n`;
  if (set.flags.length > 0) text += `\t\tflags ${set.flags.join(",")}\n`;
  if (set.elements.length > 0) {
    const items = set.elements.map((element) =>
      element.valueText === undefined ? element.keyText : `${element.keyText} : ${element.valueText}`,
    );
    text += `\t\telements = { ${joinElements(items, set.type)} }\n`;
  }
  return `${text}\t}\n`;
}

function chainText(table: NftTable, chain: NftChain, handles: boolean): string {
  let text = `\tchain ${chain.name} {${handles ? ` # handle ${String(chain.handle)}` : ""}\n`;
  if (chain.base !== undefined) {
    const device = chain.base.device === undefined ? "" : ` device "${chain.base.device}"`;
    text += `\t\ttype ${chain.base.type} hook ${chain.base.hook}${device} priority ${priorityText(table.family, chain.base.prio)}; policy ${chain.base.policy};\n`;
  }
  for (const rule of chain.rules)
    text += `\t\t${rule.text}${handles ? ` # handle ${String(rule.handle)}` : ""}\n`;
  return `${text}\t}\n`;
}

/** `nft list table` text for one table (or one of its chains or sets). */
export function tableText(
  table: NftTable,
  handles: boolean,
  only?: { chain?: string; set?: string },
): string {
  const blocks: string[] = [];
  if (only?.chain === undefined)
    for (const set of table.sets)
      if (only?.set === undefined || set.name === only.set) blocks.push(setText(set, handles));
  if (only?.set === undefined)
    for (const chain of table.chains)
      if (only?.chain === undefined || chain.name === only.chain)
        blocks.push(chainText(table, chain, handles));
  return `table ${table.family} ${table.name} {${handles ? ` # handle ${String(table.handle)}` : ""}\n${blocks.join("\n")}}\n`;
}
