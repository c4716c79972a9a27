import { parseClassId } from "../class-id.js";
import { LiveStateError } from "../errors.js";
import type { LiveNftTable } from "./live-state.js";

/**
 * The nftables family of dom0kit's table: bridge (its forward hook sees every bridged frame).
 * @example
 * ```ts
 * ["nft", "list", "table", NFT_FAMILY, NFT_TABLE]; // nft list table bridge dom0kit
 * ```
 */
export const NFT_FAMILY = "bridge";
/**
 * The nftables table dom0kit creates.
 * @example
 * ```ts
 * ["nft", "delete", "table", NFT_FAMILY, NFT_TABLE];
 * ```
 */
export const NFT_TABLE = "dom0kit";
/**
 * The vif → class map in that table.
 * @example
 * ```ts
 * ["nft", "list", "map", NFT_FAMILY, NFT_TABLE, NFT_MAP];
 * ```
 */
export const NFT_MAP = "vif_class";
/**
 * The bridge forward chain that sets each packet's priority from the map.
 * @example
 * ```ts
 * ["nft", "list", "chain", NFT_FAMILY, NFT_TABLE, NFT_CHAIN];
 * ```
 */
export const NFT_CHAIN = "forward";

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isOurRule(rule: JsonObject): boolean {
  if (rule.chain !== NFT_CHAIN || !Array.isArray(rule.expr) || rule.expr.length !== 1) return false;
  const mangle = isObject(rule.expr[0]) ? rule.expr[0].mangle : undefined;
  if (!isObject(mangle)) return false;
  const key = isObject(mangle.key) && isObject(mangle.key.meta) ? mangle.key.meta.key : undefined;
  const map = isObject(mangle.value) && isObject(mangle.value.map) ? mangle.value.map : undefined;
  const lookup =
    map !== undefined && isObject(map.key) && isObject(map.key.meta) ? map.key.meta.key : undefined;
  return key === "priority" && lookup === "iifname" && map?.data === `@${NFT_MAP}`;
}

/**
 * Parses `nft -j list table bridge dom0kit`: the vif → class map elements,
 * and whether the table still has the map, the forward chain and its one
 * `meta priority set iifname map @vif_class` rule.
 *
 * @throws {@link LiveStateError} when the output is not nft's JSON.
 * @example
 * ```ts
 * const table = parseNftTable(stdout);
 * table.elements.get("vif1.0"); // { major: 0xd0, minor: 0x2a }
 * ```
 */
export function parseNftTable(text: string): LiveNftTable {
  const source = `nft -j list table ${NFT_FAMILY} ${NFT_TABLE}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LiveStateError(source, "the output is not JSON", { cause: error });
  }
  const items = isObject(json) && Array.isArray(json.nftables) ? json.nftables : undefined;
  if (items === undefined) throw new LiveStateError(source, 'the output has no "nftables" array');
  const elements = new Map<string, { major: number; minor: number }>();
  let hasMap = false;
  let hasChain = false;
  let rules = 0;
  let ourRules = 0;
  for (const item of items) {
    if (!isObject(item)) continue;
    if (isObject(item.map) && item.map.name === NFT_MAP) {
      hasMap = item.map.type === "ifname" && item.map.map === "classid";
      for (const element of Array.isArray(item.map.elem) ? item.map.elem : []) {
        if (!Array.isArray(element) || typeof element[0] !== "string" || typeof element[1] !== "string")
          continue;
        const classId = parseClassId(element[1]);
        if (classId !== undefined && typeof classId !== "string") elements.set(element[0], classId);
      }
    }
    if (isObject(item.chain) && item.chain.name === NFT_CHAIN) {
      hasChain = item.chain.hook === "forward" && item.chain.type === "filter";
    }
    if (isObject(item.rule)) {
      rules += 1;
      if (isOurRule(item.rule)) ourRules += 1;
    }
  }
  return { elements, complete: hasMap && hasChain && rules === 1 && ourRules === 1 };
}
