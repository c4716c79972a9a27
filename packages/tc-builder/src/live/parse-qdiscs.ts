import { parseClassId } from "../class-id.js";
import { LiveStateError } from "../errors.js";
import type { Counters, LiveNumber, LiveQdisc } from "./live-state.js";
import { printedSizeSlack, tickSlack } from "./slack.js";
import { parseSize } from "../units/size.js";

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberField(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A size that tc prints as a number (bytes) or, with `-d`, as text like `"32Kb/1"`. */
function sizeField(object: JsonObject, key: string, rate: number): LiveNumber | undefined {
  const value = object[key];
  if (typeof value === "number") return { value, slack: tickSlack(rate) };
  if (typeof value !== "string") return undefined;
  const text = value.split("/")[0] ?? "";
  return { value: parseSize(text), slack: printedSizeSlack(text) + tickSlack(rate) };
}

/**
 * Kernel counters, when `tc -s` printed them (top-level keys, or a `stats` object).
 * @example
 * ```ts
 * countersOf({ bytes: 1500, packets: 1, drops: 0, overlimits: 0 }); // { bytes: 1500, packets: 1, drops: 0, overlimits: 0 }
 * ```
 */
export function countersOf(object: JsonObject): Counters | undefined {
  const source = isObject(object.stats) ? object.stats : object;
  const bytes = numberField(source, "bytes");
  const packets = numberField(source, "packets");
  if (bytes === undefined || packets === undefined) return undefined;
  return {
    bytes,
    packets,
    drops: numberField(source, "drops") ?? 0,
    overlimits: numberField(source, "overlimits") ?? 0,
  };
}

function tbfOf(options: JsonObject): LiveQdisc["tbf"] {
  const rate = numberField(options, "rate");
  if (rate === undefined) return undefined;
  const burst = sizeField(options, "burst", rate);
  if (burst === undefined) return undefined;
  const latency = numberField(options, "lat");
  const peakrate = numberField(options, "peakrate");
  const minburst =
    sizeField(options, "minburst", peakrate ?? rate) ?? sizeField(options, "mtu", peakrate ?? rate);
  return {
    rate,
    burst,
    ...(latency === undefined
      ? {}
      : { latency: { value: latency, slack: Math.ceil(1e6 / Math.max(rate, 1)) + 2 } }),
    ...(peakrate !== undefined
      ? { peakrate }
      : minburst !== undefined
        ? { peakrate: "unprinted" as const }
        : {}),
    ...(minburst === undefined ? {} : { minburst }),
  };
}

function htbOf(options: JsonObject): LiveQdisc["htb"] {
  const text = options.default;
  const defaultMinor =
    typeof text === "string"
      ? Number.parseInt(text.replace(/^0x/iu, ""), 16)
      : typeof text === "number"
        ? text
        : 0;
  return { defaultMinor, directPackets: numberField(options, "direct_packets_stat") ?? 0 };
}

function parseOne(entry: unknown, index: number, dev: string | undefined): LiveQdisc {
  if (!isObject(entry)) throw new Error(`entry ${String(index)} is not an object`);
  const kind = entry.kind;
  const handle = entry.handle;
  const device = typeof entry.dev === "string" ? entry.dev : dev;
  if (typeof kind !== "string" || typeof handle !== "string" || device === undefined) {
    throw new Error(`entry ${String(index)} lacks kind, handle or dev`);
  }
  const parsedHandle = parseClassId(handle);
  if (parsedHandle === undefined || typeof parsedHandle === "string") {
    throw new Error(`entry ${String(index)} has handle ${JSON.stringify(handle)}`);
  }
  const options = isObject(entry.options) ? entry.options : {};
  const tbf = kind === "tbf" ? tbfOf(options) : undefined;
  const htb = kind === "htb" ? htbOf(options) : undefined;
  const counters = countersOf(entry);
  return {
    dev: device,
    kind,
    major: parsedHandle.major,
    root: entry.root === true,
    ...(typeof entry.parent === "string" ? { parent: entry.parent } : {}),
    ...(tbf === undefined ? {} : { tbf }),
    ...(htb === undefined ? {} : { htb }),
    ...(counters === undefined ? {} : { counters }),
  };
}

/**
 * Parses the output of `tc [-s] -j qdisc show [dev DEV]` (iproute2's JSON:
 * an array of `{kind, handle, dev, root|parent, options, bytes, …}`).
 * `dev` names the device when the command was limited to one (tc then omits
 * the `dev` key).
 *
 * @throws {@link LiveStateError} when the text is not that JSON.
 * @example
 * ```ts
 * parseQdiscs('[{"kind":"tbf","handle":"d0:","dev":"vif1.0","root":true,"options":{"rate":625000,"burst":5000,"lat":50000}}]');
 * ```
 */
export function parseQdiscs(text: string, dev?: string): LiveQdisc[] {
  const source = dev === undefined ? "tc -j qdisc show" : `tc -j qdisc show dev ${dev}`;
  let json: unknown;
  try {
    json = text.trim() === "" ? [] : JSON.parse(text);
  } catch (error) {
    throw new LiveStateError(source, "the output is not JSON", { cause: error });
  }
  if (!Array.isArray(json)) throw new LiveStateError(source, "the output is not a JSON array");
  try {
    return json.map((entry, index) => parseOne(entry, index, dev));
  } catch (error) {
    throw new LiveStateError(source, (error as Error).message, { cause: error });
  }
}
