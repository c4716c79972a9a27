import type { NetDevice, TcJsonObject } from "./model.js";
import { obj } from "./tc-json.js";
import {
  kernelTicks,
  parseRate,
  parseSize,
  parseTime,
  printRate,
  printSize,
  printTime,
  tickToTime,
  xmitSize,
} from "./tc-units.js";

/** A tc step's outcome: a value, or what tc prints and its exit code. */
export type TcResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly stderr: string; readonly exitCode: number };

/** A qdisc's options as the kernel keeps them, with their JSON and text forms. */
export interface QdiscOptions {
  readonly options: TcJsonObject;
  readonly text: string;
  /** HTB: the default class minor and r2q. */
  readonly htb?: { readonly defaultMinor: number; readonly r2q: number };
  /** Whether the kind implements "change" (replace with the same handle). */
  readonly changeable: boolean;
  /** What the kernel answers when it rejects the options (checked after the qdisc's place). */
  readonly kernelError?: string;
}

const userError = (stderr: string): TcResult<never> => ({ ok: false, stderr, exitCode: 1 });

const TBF_USAGE =
  "Usage: ... tbf limit BYTES burst BYTES[/BYTES] rate KBPS [ mtu BYTES[/BYTES] ]\n\t[ peakrate KBPS ] [ latency TIME ] [ overhead BYTES ] [ linklayer TYPE ]\n";
const HTB_USAGE =
  "Usage: ... qdisc add ... htb [default N] [r2q N]\n                      [direct_qlen P] [offload]\n default  minor id of class to which unclassified packets are sent {0}\n r2q      DRR quantums are computed as rate in Bps/r2q {10}\n debug    string of 16 numbers each 0-3 {0}\n\n direct_qlen  Limit of the direct queue {in packets}\n";

/** Qdisc kinds a real dom0 kernel has that the simulator does not model: exit 127. */
export const UNSIMULATED_QDISCS = new Set([
  "prio",
  "sfq",
  "fq_codel",
  "fq",
  "codel",
  "netem",
  "cake",
  "red",
  "hfsc",
  "drr",
  "mqprio",
  "multiq",
  "pie",
  "fq_pie",
  "sfb",
  "choke",
  "qfq",
  "ets",
  "cbs",
  "taprio",
  "skbprio",
  "pfifo_fast",
  "mq",
  "plug",
  "gred",
  "hhf",
  "etf",
  "cbq",
  "noqueue",
  "pfifo_head_drop",
]);

function tbf(args: readonly string[]): TcResult<QdiscOptions> {
  let rate: number | undefined;
  let peakrate: number | undefined;
  let burst: number | undefined;
  let mtu: number | undefined;
  let limit: number | undefined;
  let latency: number | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const key = args[index] as string;
    const value = args[index + 1];
    const need = (parsed: number | undefined, what: string): number | TcResult<never> =>
      value === undefined || parsed === undefined
        ? userError(`tbf: illegal value for "${what}": "${value ?? ""}"\n`)
        : parsed;
    let result: number | TcResult<never>;
    switch (key) {
      case "rate":
        result = need(value === undefined ? undefined : parseRate(value), "rate");
        if (typeof result === "number") rate = result;
        break;
      case "peakrate":
        result = need(value === undefined ? undefined : parseRate(value), "peakrate");
        if (typeof result === "number") peakrate = result;
        break;
      case "burst":
      case "buffer":
      case "maxburst":
        result = need(value === undefined ? undefined : parseSize(value.split("/")[0] ?? value), key);
        if (typeof result === "number") burst = result;
        break;
      case "mtu":
      case "minburst":
        result = need(value === undefined ? undefined : parseSize(value.split("/")[0] ?? value), key);
        if (typeof result === "number") mtu = result;
        break;
      case "limit":
        if (latency !== undefined)
          return userError('tbf: specifying both "limit" and "/latency" is not allowed\n');
        result = need(value === undefined ? undefined : parseSize(value), "limit");
        if (typeof result === "number") limit = result;
        break;
      case "latency":
        if (limit !== undefined)
          return userError('tbf: specifying both "limit" and "/latency" is not allowed\n');
        result = need(value === undefined ? undefined : parseTime(value), "latency");
        if (typeof result === "number") latency = result;
        break;
      default:
        return userError(`tbf: unknown parameter "${key}"\n${TBF_USAGE}`);
    }
    if (typeof result !== "number") return result;
    index += 1;
  }
  if (rate === undefined) return userError(`tbf: the "rate" parameter is mandatory.\n${TBF_USAGE}`);
  if (burst === undefined) return userError('tbf: the "burst" parameter is mandatory.\n');
  if (peakrate !== undefined && mtu === undefined)
    return userError(`tbf: when "peakrate" is specified, "mtu" must also be specified.\n${TBF_USAGE}`);
  if (limit === undefined && latency === undefined)
    return userError(`tbf: either "limit" or "latency" is required.\n${TBF_USAGE}`);
  if (limit === undefined) {
    let lim = (rate * (latency as number)) / 1e6 + burst;
    if (peakrate !== undefined) lim = Math.min(lim, (peakrate * (latency as number)) / 1e6 + (mtu as number));
    limit = Math.trunc(lim);
  }
  // tc sends the burst in bytes too (TCA_TBF_BURST); the kernel converts it to ns with its
  // reciprocal rate and dumps ticks, which tc turns back into bytes: rounding happens on the way.
  const bufferTicks = kernelTicks(rate, burst);
  const shownBurst = xmitSize(rate, bufferTicks);
  let lat = 1e6 * (limit / rate) - tickToTime(bufferTicks);
  const mtuTicks = peakrate === undefined ? undefined : kernelTicks(peakrate, mtu as number);
  if (peakrate !== undefined && mtuTicks !== undefined) {
    const lat2 = 1e6 * (limit / peakrate) - tickToTime(mtuTicks);
    if (lat2 > lat) lat = lat2;
  }
  const minburst =
    peakrate === undefined || mtuTicks === undefined ? undefined : xmitSize(peakrate, mtuTicks);
  const latText = lat >= 0 ? `lat ${printTime(lat)} ` : "";
  return {
    ok: true,
    value: {
      options: obj(
        ["rate", rate],
        ["burst", shownBurst],
        minburst !== undefined && ["minburst", minburst],
        lat >= 0 && ["lat", Math.trunc(lat)],
      ),
      text: `rate ${printRate(rate)} burst ${printSize(shownBurst)} ${peakrate === undefined ? "" : `peakrate ${printRate(peakrate)} minburst ${printSize(minburst as number)} `}${latText}`,
      changeable: true,
      ...(peakrate !== undefined && peakrate <= rate
        ? { kernelError: "RTNETLINK answers: Invalid argument" }
        : {}),
    },
  };
}

function htb(args: readonly string[], device: NetDevice): TcResult<QdiscOptions> {
  let defaultMinor = 0;
  let r2q = 10;
  let directQlen = device.kind === "vif" ? 32 : 1000;
  for (let index = 0; index < args.length; index += 1) {
    const key = args[index] as string;
    const value = args[index + 1] ?? "";
    if (key === "default") {
      if (!/^[0-9a-fA-F]+$/.test(value)) return userError(`Illegal "default"\n${HTB_USAGE}`);
      defaultMinor = Number.parseInt(value, 16);
    } else if (key === "r2q") {
      if (!/^\d+$/.test(value)) return userError(`Illegal "r2q"\n${HTB_USAGE}`);
      r2q = Number(value);
    } else if (key === "direct_qlen") {
      if (!/^\d+$/.test(value)) return userError(`Illegal "direct_qlen"\n${HTB_USAGE}`);
      directQlen = Number(value);
    } else {
      return userError(`What is "${key}"?\n${HTB_USAGE}`);
    }
    index += 1;
  }
  const defaultText = defaultMinor === 0 ? "0" : `0x${defaultMinor.toString(16)}`;
  return {
    ok: true,
    value: {
      options: obj(
        ["r2q", r2q],
        ["default", defaultText],
        ["direct_packets_stat", 0],
        ["direct_qlen", directQlen],
      ),
      text: `r2q ${String(r2q)} default ${defaultText} direct_packets_stat 0 direct_qlen ${String(directQlen)}`,
      htb: { defaultMinor, r2q },
      changeable: false,
    },
  };
}

function fifo(kind: "pfifo" | "bfifo", args: readonly string[], device: NetDevice): TcResult<QdiscOptions> {
  let limit = kind === "pfifo" ? 1000 : 1000 * device.mtu;
  if (device.kind === "vif") limit = kind === "pfifo" ? 32 : 32 * device.mtu;
  for (let index = 0; index < args.length; index += 2) {
    if (args[index] !== "limit")
      return userError(
        `${kind}: unknown parameter "${args[index] ?? ""}"\nUsage: ... <[p|b]fifo | pfifo_head_drop> [ limit NUMBER ]\n`,
      );
    const parsed =
      kind === "pfifo"
        ? /^\d+$/.test(args[index + 1] ?? "")
          ? Number(args[index + 1])
          : undefined
        : parseSize(args[index + 1] ?? "");
    if (parsed === undefined)
      return userError(`${kind}: illegal value for "limit": "${args[index + 1] ?? ""}"\n`);
    limit = parsed;
  }
  return {
    ok: true,
    value: {
      options: obj(["limit", limit]),
      text: kind === "pfifo" ? `limit ${String(limit)}p` : `limit ${printSize(limit)}`,
      changeable: true,
    },
  };
}

/**
 * Parses a qdisc's options for the kinds the simulator models (htb, tbf,
 * pfifo, bfifo, ingress, clsact), computing what the kernel stores and tc
 * prints back (burst rounding through psched ticks, tbf latency).
 *
 * @example
 * ```ts
 * parseQdiscOptions("tbf", ["rate", "1mbit", "burst", "32kb", "latency", "50ms"], device);
 * // { ok: true, value: { options: {rate:125000,burst:32768,lat:50000}, text: "rate 1Mbit burst 32Kb lat 50ms ", … } }
 * ```
 */
export function parseQdiscOptions(
  kind: string,
  args: readonly string[],
  device: NetDevice,
): TcResult<QdiscOptions> | undefined {
  switch (kind) {
    case "tbf":
      return tbf(args);
    case "htb":
      return htb(args, device);
    case "pfifo":
    case "bfifo":
      return fifo(kind, args, device);
    case "ingress":
    case "clsact":
      if (args.length > 0)
        return userError(`Unknown qdisc "${kind}", hence option "${args[0] as string}" is unparsable\n`);
      return {
        ok: true,
        value: { options: obj(), text: kind === "ingress" ? "---------------- " : "", changeable: false },
      };
    default:
      return undefined;
  }
}
