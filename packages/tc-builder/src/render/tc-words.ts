import { formatClassId, UPLINK_MINOR } from "../class-id.js";
import type { HtbClassParameters, TbfParameters } from "../desired-state.js";
import type { TcOperation } from "../operations.js";
import { rateArgument } from "../units/rate.js";
import { sizeArgument } from "../units/size.js";
import { timeArgument } from "../units/time.js";

function tbfWords(params: TbfParameters): string[] {
  return [
    "tbf",
    "rate",
    rateArgument(params.rate),
    "burst",
    sizeArgument(params.burst),
    ...(params.limit === undefined
      ? ["latency", timeArgument(params.latency ?? 0)]
      : ["limit", sizeArgument(params.limit)]),
    ...(params.peakrate === undefined ? [] : ["peakrate", rateArgument(params.peakrate)]),
    ...(params.mtu === undefined ? [] : ["mtu", sizeArgument(params.mtu)]),
  ];
}

function htbClassWords(params: HtbClassParameters): string[] {
  return [
    "htb",
    "rate",
    rateArgument(params.rate),
    "ceil",
    rateArgument(params.ceil),
    "burst",
    sizeArgument(params.burst),
    "cburst",
    sizeArgument(params.cburst),
    "quantum",
    String(params.quantum),
    "prio",
    String(params.prio),
  ];
}

/**
 * The `tc` arguments (without the program name) for one operation — one
 * command, or one line of a `tc -batch` file. `handle` is dom0kit's qdisc
 * major.
 *
 * @example
 * ```ts
 * tcWords({ op: "class-delete", dev: "peth0", minor: 0x2a, why: "" }, 0xd0);
 * // ["class", "del", "dev", "peth0", "classid", "d0:2a"]
 * ```
 */
export function tcWords(operation: TcOperation, handle: number): string[] {
  const qdisc = formatClassId(handle, 0);
  const id = (minor: number): string => formatClassId(handle, minor);
  switch (operation.op) {
    case "tbf-add":
    case "tbf-change":
      return [
        "qdisc",
        operation.op === "tbf-add" ? "add" : "change",
        "dev",
        operation.dev,
        "root",
        "handle",
        qdisc,
        ...tbfWords(operation.params),
      ];
    case "qdisc-delete":
      return ["qdisc", "del", "dev", operation.dev, "root", "handle", qdisc];
    case "htb-add":
      // direct_qlen 0: a packet no class takes (possible only while the classes are being
      // created) is dropped, never sent unshaped.
      return [
        "qdisc",
        "add",
        "dev",
        operation.dev,
        "root",
        "handle",
        qdisc,
        "htb",
        "default",
        operation.defaultMinor.toString(16),
        "direct_qlen",
        "0",
      ];
    case "class-add":
    case "class-change":
      return [
        "class",
        operation.op === "class-add" ? "add" : "change",
        "dev",
        operation.dev,
        "parent",
        operation.parent === "root" ? qdisc : id(operation.parent),
        "classid",
        id(operation.minor),
        ...htbClassWords(operation.params),
      ];
    case "class-delete":
      return ["class", "del", "dev", operation.dev, "classid", id(operation.minor)];
    case "u32-add": {
      const { address } = operation;
      return [
        "filter",
        "add",
        "dev",
        operation.dev,
        "parent",
        qdisc,
        "protocol",
        address.family === 4 ? "ip" : "ipv6",
        "prio",
        String(operation.prio),
        "u32",
        "match",
        address.family === 4 ? "ip" : "ip6",
        "src",
        `${address.address}/${String(address.prefix)}`,
        "flowid",
        id(operation.minor),
      ];
    }
    case "fw-add":
      return [
        "filter",
        "add",
        "dev",
        operation.dev,
        "parent",
        qdisc,
        "protocol",
        "all",
        "prio",
        String(operation.prio),
        "handle",
        `0x${operation.mark.toString(16)}/0x${operation.mask.toString(16)}`,
        "fw",
        "classid",
        id(operation.minor),
      ];
    case "filter-delete":
      return [
        "filter",
        "del",
        "dev",
        operation.dev,
        "parent",
        qdisc,
        "protocol",
        operation.protocol,
        "prio",
        String(operation.prio),
        ...(operation.handle === undefined ? [] : ["handle", operation.handle, operation.kind]),
      ];
  }
}

/**
 * The class id of the uplink class, for descriptions.
 * @example
 * ```ts
 * uplinkClassId(0xd0); // "d0:1"
 * ```
 */
export function uplinkClassId(handle: number): string {
  return formatClassId(handle, UPLINK_MINOR);
}
