import type { SimState } from "../state/model.js";
import type { NetDevice, TcClass, TcFilter, TcJsonValue, TcQdisc } from "./model.js";
import { obj, tcJson } from "./tc-json.js";
import { printHandle, printRate, printSize } from "./tc-units.js";

/** Output switches of `tc … show`. */
export interface ShowOptions {
  readonly json: boolean;
  readonly stats: boolean;
}

const QDISC_STATS_TEXT =
  " Sent 0 bytes 0 pkt (dropped 0, overlimits 0 requeues 0) \n backlog 0b 0p requeues 0\n";

/** The kernel's dump order: the root qdisc, the others as they were added, ingress last. */
function orderedQdiscs(device: NetDevice): TcQdisc[] {
  const root = device.qdiscs.filter((qdisc) => qdisc.parent === "root");
  const ingress = device.qdiscs.filter((qdisc) => qdisc.parent === "ingress");
  const others = device.qdiscs.filter((qdisc) => qdisc.parent !== "root" && qdisc.parent !== "ingress");
  return [...root, ...others, ...ingress];
}

function parentText(qdisc: TcQdisc): string {
  if (qdisc.parent === "root") return "root";
  if (qdisc.parent === "ingress") return "parent ffff:fff1";
  return `parent ${printHandle(qdisc.parent)}`;
}

function qdiscJson(qdisc: TcQdisc, device: NetDevice, withDev: boolean, stats: boolean): TcJsonValue {
  return obj(
    ["kind", qdisc.kind],
    ["handle", `${qdisc.handle.toString(16)}:`],
    withDev && ["dev", device.name],
    qdisc.parent === "root" && ["root", true],
    qdisc.parent === "ingress" && ["parent", "ffff:fff1"],
    typeof qdisc.parent === "number" && ["parent", printHandle(qdisc.parent)],
    qdisc.parent === "root" && ["refcnt", qdisc.builtin === true ? 2 : 3],
    ["options", qdisc.options],
    ...(stats
      ? ([
          ["bytes", 0],
          ["packets", 0],
          ["drops", 0],
          ["overlimits", 0],
          ["requeues", 0],
          ["backlog", 0],
          ["qlen", 0],
        ] as const)
      : []),
  );
}

function qdiscText(qdisc: TcQdisc, device: NetDevice, withDev: boolean, stats: boolean): string {
  const dev = withDev ? `dev ${device.name} ` : "";
  const refcnt = qdisc.parent === "root" ? `refcnt ${qdisc.builtin === true ? "2" : "3"} ` : "";
  return `qdisc ${qdisc.kind} ${qdisc.handle.toString(16)}: ${dev}${parentText(qdisc)} ${refcnt}${qdisc.text}\n${stats ? QDISC_STATS_TEXT : ""}`;
}

/** `tc [-j] [-s] qdisc show [dev DEV]`. */
export function showQdiscs(devices: readonly NetDevice[], withDev: boolean, options: ShowOptions): string {
  const rows = devices.flatMap((device) => orderedQdiscs(device).map((qdisc) => ({ device, qdisc })));
  if (options.json)
    return `${tcJson(rows.map(({ device, qdisc }) => qdiscJson(qdisc, device, withDev, options.stats)))}\n`;
  return rows.map(({ device, qdisc }) => qdiscText(qdisc, device, withDev, options.stats)).join("");
}

/** A qdisc's HTB classes in the kernel's dump order (by hash bucket, newest first within one). */
function orderedClasses(device: NetDevice, qdisc: TcQdisc): TcClass[] {
  const result: TcClass[] = [];
  for (const bucket of qdisc.classBuckets ?? []) {
    for (const classid of bucket) {
      const found = device.classes.find((each) => each.classid === classid);
      if (found !== undefined) result.push(found);
    }
  }
  return result;
}

function classText(device: NetDevice, tcClass: TcClass, withDev: boolean, stats: boolean): string {
  const owner = tcClass.parent >>> 16 === tcClass.classid >>> 16 && (tcClass.parent & 0xffff) === 0;
  const parent = owner ? "root" : `parent ${printHandle(tcClass.parent)}`;
  const leafQdisc = device.qdiscs.find((qdisc) => qdisc.parent === tcClass.classid);
  const leaf = leafQdisc === undefined ? "" : `leaf ${leafQdisc.handle.toString(16)}: `;
  const isLeaf = !device.classes.some((each) => each.parent === tcClass.classid);
  const prio = isLeaf ? `prio ${String(tcClass.options.prio)} ` : "";
  const o = tcClass.options;
  let text = `class ${tcClass.kind} ${printHandle(tcClass.classid)} ${withDev ? `dev ${device.name} ` : ""}${parent} ${leaf}${prio}rate ${printRate(o.rate)} ceil ${printRate(o.ceil)} burst ${printSize(o.burst)} cburst ${printSize(o.cburst)} \n`;
  if (stats) {
    text += `${QDISC_STATS_TEXT} lended: 0 borrowed: 0 giants: 0\n tokens: ${String(tcClass.tokens)} ctokens: ${String(tcClass.ctokens)}\n\n`;
  }
  return text;
}

/** The one internal class a tbf qdisc has (`class tbf H:1 parent H:`). */
function tbfClassText(qdisc: TcQdisc, device: NetDevice, withDev: boolean, stats: boolean): string {
  const handle = qdisc.handle.toString(16);
  return `class tbf ${handle}:1 ${withDev ? `dev ${device.name} ` : ""}parent ${handle}: \n${stats ? "\n" : ""}`;
}

/**
 * `tc [-s] class show dev DEV`. Real iproute2 6.1 prints HTB classes as text
 * even with `-j` (checked: `tc -j class show` on an htb class prints
 * `class htb 1:10 root prio 0 rate 1Mbit …`), and the simulation prints the same.
 */
export function showClasses(
  devices: readonly NetDevice[],
  withDev: boolean,
  options: ShowOptions,
  classid?: number,
): string {
  return devices
    .flatMap((device) =>
      orderedQdiscs(device).flatMap((qdisc) => {
        if (qdisc.kind === "tbf")
          return classid === undefined || classid === ((qdisc.handle << 16) | 1) >>> 0
            ? [tbfClassText(qdisc, device, withDev, options.stats)]
            : [];
        return orderedClasses(device, qdisc)
          .filter((each) => classid === undefined || each.classid === classid)
          .map((each) => classText(device, each, withDev, options.stats));
      }),
    )
    .join("");
}

function filterRows(filter: TcFilter): { json: TcJsonValue; text: string }[] {
  const base = [
    ["parent", printHandle(filter.parent)],
    ["protocol", filter.protocol],
    ["pref", filter.pref],
    ["kind", filter.kind],
    ["chain", filter.chain],
  ] as const;
  const head = `filter parent ${printHandle(filter.parent)} protocol ${filter.protocol} pref ${String(filter.pref)} ${filter.kind} chain ${String(filter.chain)} `;
  const ht = filter.htid.toString(16);
  return [
    { json: obj(...base), text: `${head}\n` },
    {
      json: obj(...base, ["options", obj(["fh", `${ht}:`], ["ht_divisor", 1])]),
      text: `${head}fh ${ht}: ht divisor 1 \n`,
    },
    ...filter.keys.map((key) => ({
      json: obj(...base, ["options", key.row.options]),
      text: `${head}${key.row.text}\n`,
    })),
  ];
}

/** `tc [-j] filter show dev DEV [parent P] [pref N]`. */
export function showFilters(device: NetDevice, options: ShowOptions, parent?: number, pref?: number): string {
  // Without a parent, tc asks for TC_H_ROOT: the root qdisc's filters only (not ingress, not classes').
  const root = device.qdiscs.find((qdisc) => qdisc.parent === "root" && qdisc.builtin !== true);
  const wanted = parent ?? (root === undefined ? undefined : (root.handle << 16) >>> 0);
  const filters =
    wanted === undefined
      ? []
      : device.filters.filter((each) => each.parent === wanted && (pref === undefined || each.pref === pref));
  const rows = filters.flatMap(filterRows);
  if (options.json) return `${tcJson(rows.map((row) => row.json))}\n`;
  return rows.map((row) => row.text).join("");
}

/** Devices sorted by ifindex (the kernel's dump order). */
export function devicesInOrder(state: SimState): NetDevice[] {
  return [...state.network.devices].sort((a, b) => a.ifindex - b.ifindex);
}
