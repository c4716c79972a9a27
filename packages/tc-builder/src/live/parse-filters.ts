import { parseClassId } from "../class-id.js";
import { LiveStateError } from "../errors.js";
import { RepeatedKey, valuesOf } from "./json-with-duplicates.js";
import type { LiveFilter } from "./live-state.js";

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hex(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || !/^(?:0x)?[0-9a-f]+$/iu.test(value)) return undefined;
  return Number.parseInt(value.replace(/^0x/iu, ""), 16);
}

function flowidOf(options: JsonObject): LiveFilter["flowid"] {
  const text = options.flowid ?? options.classid;
  const parsed = typeof text === "string" ? parseClassId(text) : undefined;
  return parsed === undefined || typeof parsed === "string" ? undefined : parsed;
}

function matchesOf(options: JsonObject): LiveFilter["matches"] {
  const matches = valuesOf(options, "match").flatMap((match) => {
    if (!isObject(match)) return [];
    const value = hex(match.value);
    const mask = hex(match.mask);
    const offset = match.off;
    return value === undefined || mask === undefined || typeof offset !== "number"
      ? []
      : [{ value, mask, offset }];
  });
  return matches.length === 0 ? undefined : matches;
}

/** fw marks: `{"fw":{"mark":"0x2a","mask":"0xffff"}}` (iproute2 ≥ 6.8), `{"handle":{…}}` before, or the filter handle. */
function fwOf(options: JsonObject, handle: string | undefined): LiveFilter["fw"] {
  const object = isObject(options.fw) ? options.fw : isObject(options.handle) ? options.handle : undefined;
  const mark = hex(object?.mark) ?? hex(handle);
  if (mark === undefined) return undefined;
  return { mark, mask: hex(object?.mask) ?? 0xffffffff };
}

function parseOne(entry: unknown): LiveFilter | undefined {
  if (!isObject(entry)) throw new Error("an entry is not an object");
  const kind = entry.kind;
  const protocol = entry.protocol;
  const prio = entry.pref ?? entry.prio;
  if (typeof kind !== "string" || typeof protocol !== "string" || typeof prio !== "number") {
    throw new Error("an entry lacks kind, protocol or pref");
  }
  const options = isObject(entry.options) ? entry.options : undefined;
  const handle =
    typeof options?.fh === "string"
      ? options.fh
      : typeof entry.handle === "string"
        ? entry.handle
        : undefined;
  // The bare entry per (protocol, prio) is the classifier instance itself; u32 also lists its hash tables.
  if (options === undefined) return { kind, protocol, prio };
  if (kind === "u32" && typeof options.ht_divisor === "number") return undefined;
  const flowid = flowidOf(options);
  const matches = kind === "u32" ? matchesOf(options) : undefined;
  const fw = kind === "fw" ? fwOf(options, handle) : undefined;
  return {
    kind,
    protocol,
    prio,
    ...(handle === undefined ? {} : { handle }),
    ...(flowid === undefined ? {} : { flowid }),
    ...(matches === undefined ? {} : { matches }),
    ...(fw === undefined ? {} : { fw }),
  };
}

/**
 * JSON.parse, keeping u32's repeated `"match"` keys: each is renamed to a
 * unique key first (it only ever appears as a key), then gathered back.
 * Much faster than a hand-written reader on the megabytes a big u32 setup prints.
 */
function parseRepeatedMatches(text: string): unknown {
  if (!text.includes('"match":')) return JSON.parse(text);
  let counter = 0;
  const renamed = text.replace(/"match":/gu, () => `"${MATCH_PREFIX}${String((counter += 1))}":`);
  return JSON.parse(renamed, function gather(this: unknown, _key: string, value: unknown) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).filter((key) => key.startsWith(MATCH_PREFIX));
    if (keys.length === 0) return value;
    const matches = keys.map((key) => object[key]);
    for (const key of keys) delete object[key];
    object.match = matches.length === 1 ? matches[0] : new RepeatedKey(matches);
    return object;
  });
}

const MATCH_PREFIX = "__dom0kit_match_";

/**
 * Parses `tc -j filter show dev DEV parent MAJOR:`: the classifier
 * instances (one per protocol and prio, without options) and their entries
 * (u32 nodes with their `match` words — repeated keys, kept — and fw marks).
 * u32 hash-table entries are skipped.
 *
 * @throws {@link LiveStateError} when the output is not that JSON.
 * @example
 * ```ts
 * parseFilters('[{"parent":"d0:","protocol":"ip","pref":20,"kind":"u32","chain":0}]', "peth0");
 * ```
 */
export function parseFilters(text: string, dev: string): LiveFilter[] {
  const source = `tc -j filter show dev ${dev}`;
  if (text.trim() === "") return [];
  try {
    const json = parseRepeatedMatches(text.trim());
    if (!Array.isArray(json)) throw new Error("the output is not a JSON array");
    return json.flatMap((entry) => {
      const filter = parseOne(entry);
      return filter === undefined ? [] : [filter];
    });
  } catch (error) {
    throw new LiveStateError(source, (error as Error).message, { cause: error });
  }
}
