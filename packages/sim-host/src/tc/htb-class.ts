import type { TcClass, TcQdisc } from "./model.js";
import type { TcResult } from "./qdisc-options.js";
import { parseRate, parseSize, xmitSize, xmitTime } from "./tc-units.js";

/** The options of an HTB class as parsed from `tc class add … htb …`, before the kernel's defaults. */
export interface HtbClassArgs {
  readonly rate: number;
  readonly ceil: number;
  readonly burstTicks: number;
  readonly cburstTicks: number;
  readonly prio: number;
  readonly quantum?: number;
}

const USAGE =
  "Usage: ... qdisc add ... htb [default N] [r2q N]\n                      [direct_qlen P] [offload]\n ... class add ... htb rate R1 [burst B1] [mpu B] [overhead O]\n                      [prio P] [slot S] [pslot PS]\n                      [ceil R2] [cburst B2] [mtu MTU] [quantum Q]\n rate     rate allocated to this class (class can still borrow)\n burst    max bytes burst which can be accumulated during idle period {computed}\n mpu      minimum packet size used in rate computations\n overhead per-packet size overhead used in rate computations\n linklay  adapting to a linklayer e.g. atm\n ceil     definite upper class rate (no borrows) {rate}\n cburst   burst but for ceil {computed}\n mtu      max packet size we create rate map for {1600}\n prio     priority of leaf; lower are served first {0}\n quantum  how much bytes to serve from leaf at once {use r2q}\n";

/**
 * Parses `htb rate R [ceil C] [burst B] [cburst CB] [prio P] [quantum Q] [mtu M]`
 * as tc does: ceil defaults to rate (a lower ceil is kept, as the kernel does), bursts default to
 * one MTU (1600), and are stored as psched ticks (so tc may print them back
 * one byte smaller).
 */
export function parseHtbClass(args: readonly string[]): TcResult<HtbClassArgs> {
  let rate: number | undefined;
  let ceil: number | undefined;
  let burst: number | undefined;
  let cburst: number | undefined;
  let prio = 0;
  let quantum: number | undefined;
  let mtu = 1600;
  const fail = (message: string): TcResult<never> => ({ ok: false, stderr: message, exitCode: 1 });
  for (let index = 0; index < args.length; index += 2) {
    const key = args[index] as string;
    const value = args[index + 1] ?? "";
    switch (key) {
      case "rate":
        rate = parseRate(value);
        if (rate === undefined) return fail(`Illegal "rate"\n${USAGE}`);
        break;
      case "ceil":
        ceil = parseRate(value);
        if (ceil === undefined) return fail(`Illegal "ceil"\n${USAGE}`);
        break;
      case "burst":
      case "buffer":
      case "maxburst":
        burst = parseSize(value);
        if (burst === undefined) return fail(`Illegal "buffer"\n${USAGE}`);
        break;
      case "cburst":
      case "cbuffer":
      case "cmaxburst":
        cburst = parseSize(value);
        if (cburst === undefined) return fail(`Illegal "cbuffer"\n${USAGE}`);
        break;
      case "prio":
        if (!/^\d+$/.test(value)) return fail(`Illegal "prio"\n${USAGE}`);
        prio = Number(value);
        break;
      case "quantum":
        if (!/^\d+$/.test(value)) return fail(`Illegal "quantum"\n${USAGE}`);
        quantum = Number(value);
        break;
      case "mtu":
        if (!/^\d+$/.test(value)) return fail(`Illegal "mtu"\n${USAGE}`);
        mtu = Number(value);
        break;
      default:
        return fail(`What is "${key}"?\n${USAGE}`);
    }
  }
  if (rate === undefined || rate === 0) return fail('"rate" is required.\n');
  ceil ??= rate;
  const burstBytes = burst ?? Math.floor(rate / 1e9) + mtu;
  const cburstBytes = cburst ?? Math.floor(ceil / 1e9) + mtu;
  return {
    ok: true,
    value: {
      rate,
      ceil,
      burstTicks: xmitTime(rate, burstBytes),
      cburstTicks: xmitTime(ceil, cburstBytes),
      prio,
      ...(quantum === undefined ? {} : { quantum }),
    },
  };
}

/** The class as the kernel keeps it, plus HTB's quantum warning when r2q gives a silly quantum. */
export function buildHtbClass(
  classid: number,
  parent: number,
  args: HtbClassArgs,
  qdisc: TcQdisc,
): { tcClass: TcClass; warning: string } {
  let warning = "";
  let quantum = args.quantum;
  if (quantum === undefined) {
    const computed = Math.floor(args.rate / (qdisc.htb?.r2q ?? 10));
    const id = classid.toString(16).toUpperCase();
    if (computed < 1000) {
      warning = `Warning: sch_htb: quantum of class ${id} is small. Consider r2q change.\n`;
      quantum = 1000;
    } else if (computed > 200000) {
      warning = `Warning: sch_htb: quantum of class ${id} is big. Consider r2q change.\n`;
      quantum = 200000;
    } else {
      quantum = computed;
    }
  }
  return {
    tcClass: {
      kind: "htb",
      classid,
      parent,
      options: {
        rate: args.rate,
        ceil: args.ceil,
        burst: xmitSize(args.rate, args.burstTicks),
        cburst: xmitSize(args.ceil, args.cburstTicks),
        prio: args.prio,
        quantum,
        burstTicks: args.burstTicks,
        cburstTicks: args.cburstTicks,
      },
      tokens: args.burstTicks,
      ctokens: args.cburstTicks,
    },
    warning,
  };
}

/** The kernel's class hash (qdisc_class_hash). */
function classHash(id: number, mask: number): number {
  let value = id >>> 0;
  value = (value ^ (value >>> 8)) >>> 0;
  value = (value ^ (value >>> 4)) >>> 0;
  return value & mask;
}

/** Inserts a class id into the qdisc's hash table (newest first in its bucket), growing it as the kernel does. */
export function hashInsert(qdisc: TcQdisc, classid: number): void {
  let buckets = qdisc.classBuckets ?? [[], [], [], []];
  (buckets[classHash(classid, buckets.length - 1)] as number[]).unshift(classid);
  const count = buckets.reduce((sum, bucket) => sum + bucket.length, 0);
  if (count * 4 > buckets.length * 3) {
    const grown: number[][] = Array.from({ length: buckets.length * 2 }, () => []);
    for (const bucket of buckets)
      for (const id of bucket) (grown[classHash(id, grown.length - 1)] as number[]).unshift(id);
    buckets = grown;
  }
  qdisc.classBuckets = buckets;
}

/** Removes a class id from the qdisc's hash table. */
export function hashRemove(qdisc: TcQdisc, classid: number): void {
  qdisc.classBuckets = (qdisc.classBuckets ?? []).map((bucket) => bucket.filter((id) => id !== classid));
}
