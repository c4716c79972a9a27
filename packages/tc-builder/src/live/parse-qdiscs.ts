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

/** A printed size's value and its printing slack, without the rate's tick slack. */
type PrintedSize = readonly [value: number, slack: number];

/**
 * What one parse remembers: a dom0's thousands of TBFs share a few handles and burst texts,
 * so each distinct text is parsed once.
 */
interface ParseMemo {
  readonly handles: Map<string, { major: number; minor: number } | undefined>;
  readonly sizes: Map<string, PrintedSize>;
}

function printedSizeOf(text: string, memo: ParseMemo): PrintedSize {
  let known = memo.sizes.get(text);
  if (known === undefined) {
    const size = text.split("/")[0] ?? "";
    known = [parseSize(size), printedSizeSlack(size)];
    memo.sizes.set(text, known);
  }
  return known;
}

/** A size that tc prints as a number (bytes) or, with `-d`, as text like `"32Kb/1"`. */
function sizeField(object: JsonObject, key: string, rate: number, memo: ParseMemo): LiveNumber | undefined {
  const value = object[key];
  if (typeof value === "number") return { value, slack: tickSlack(rate) };
  if (typeof value !== "string") return undefined;
  const [size, slack] = printedSizeOf(value, memo);
  return { value: size, slack: slack + tickSlack(rate) };
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

function tbfOf(options: JsonObject, memo: ParseMemo): LiveQdisc["tbf"] {
  const rate = numberField(options, "rate");
  if (rate === undefined) return undefined;
  const burst = sizeField(options, "burst", rate, memo);
  if (burst === undefined) return undefined;
  const latency = numberField(options, "lat");
  const peakrate = numberField(options, "peakrate");
  const minburst =
    sizeField(options, "minburst", peakrate ?? rate, memo) ??
    sizeField(options, "mtu", peakrate ?? rate, memo);
  const tbf: { -readonly [K in keyof NonNullable<LiveQdisc["tbf"]>]: NonNullable<LiveQdisc["tbf"]>[K] } = {
    rate,
    burst,
  };
  if (latency !== undefined) tbf.latency = { value: latency, slack: Math.ceil(1e6 / Math.max(rate, 1)) + 2 };
  if (peakrate !== undefined) tbf.peakrate = peakrate;
  else if (minburst !== undefined) tbf.peakrate = "unprinted";
  if (minburst !== undefined) tbf.minburst = minburst;
  return tbf;
}

function htbOf(options: JsonObject): NonNullable<LiveQdisc["htb"]> {
  const text = options.default;
  const defaultMinor =
    typeof text === "string"
      ? Number.parseInt(text.replace(/^0x/iu, ""), 16)
      : typeof text === "number"
        ? text
        : 0;
  return { defaultMinor, directPackets: numberField(options, "direct_packets_stat") ?? 0 };
}

function parseOne(entry: unknown, index: number, dev: string | undefined, memo: ParseMemo): LiveQdisc {
  if (!isObject(entry)) throw new Error(`entry ${String(index)} is not an object`);
  const kind = entry.kind;
  const handle = entry.handle;
  const device = typeof entry.dev === "string" ? entry.dev : dev;
  if (typeof kind !== "string" || typeof handle !== "string" || device === undefined) {
    throw new Error(`entry ${String(index)} lacks kind, handle or dev`);
  }
  let parsedHandle = memo.handles.get(handle);
  if (parsedHandle === undefined) {
    const parsed = parseClassId(handle);
    if (parsed === undefined || typeof parsed === "string") {
      throw new Error(`entry ${String(index)} has handle ${JSON.stringify(handle)}`);
    }
    parsedHandle = parsed;
    memo.handles.set(handle, parsed);
  }
  const options = isObject(entry.options) ? entry.options : {};
  const qdisc: { -readonly [K in keyof LiveQdisc]: LiveQdisc[K] } = {
    dev: device,
    kind,
    major: parsedHandle.major,
    root: entry.root === true,
  };
  if (typeof entry.parent === "string") qdisc.parent = entry.parent;
  const tbf = kind === "tbf" ? tbfOf(options, memo) : undefined;
  if (tbf !== undefined) qdisc.tbf = tbf;
  if (kind === "htb") qdisc.htb = htbOf(options);
  const counters = countersOf(entry);
  if (counters !== undefined) qdisc.counters = counters;
  return qdisc;
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
    const memo: ParseMemo = { handles: new Map(), sizes: new Map() };
    return json.map((entry, index) => parseOne(entry, index, dev, memo));
  } catch (error) {
    throw new LiveStateError(source, (error as Error).message, { cause: error });
  }
}
