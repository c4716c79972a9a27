/** A queueing discipline on a simulated device. */
export interface TcQdisc {
  readonly kind: string;
  /** Major number of the handle (`1:` is 1; the default qdisc has 0). */
  readonly handle: number;
  /** `root`, `ingress`/`clsact` (parent ffff:fff1), or the 32-bit class id it is attached to. */
  readonly parent: "root" | "ingress" | number;
  /** What `tc -j qdisc show` prints under `options`, in its key order. */
  readonly options: TcJsonObject;
  /** What `tc qdisc show` prints after the handle and parent, e.g. `r2q 10 default 0x12 …`. */
  readonly text: string;
  /** True for the device's default qdisc (noqueue), which tc cannot delete. */
  readonly builtin?: boolean;
  /** Whether the kind implements "change" (tbf, fifos; not htb). */
  readonly changeable?: boolean;
  /** HTB parameters. */
  readonly htb?: { readonly defaultMinor: number; readonly r2q: number };
  /** HTB's class hash table as the kernel fills it (dump order): buckets of class ids, newest first. */
  classBuckets?: number[][];
  /** u32 hash-table ids handed out for filters on this qdisc (0x800, 0x801, …). */
  nextU32Htid?: number;
}

/** An HTB (or other classful qdisc's) class. */
export interface TcClass {
  readonly kind: string;
  /** 32-bit class id (major << 16 | minor). */
  readonly classid: number;
  /** 32-bit id of the parent: a class, or the qdisc itself (major << 16). */
  readonly parent: number;
  readonly options: {
    readonly rate: number;
    readonly ceil: number;
    readonly burst: number;
    readonly cburst: number;
    readonly prio: number;
    readonly quantum: number;
    /** The bursts as the kernel stores them (psched ticks); `tc -s` prints them as tokens. */
    readonly burstTicks: number;
    readonly cburstTicks: number;
  };
  /** The token buckets `tc -s` shows: filled at creation, not reset by a change. */
  readonly tokens: number;
  readonly ctokens: number;
}

/** One u32 key row of `tc filter show`. */
export interface TcFilterRow {
  /** The JSON `options` of the key. */
  readonly options: TcJsonObject;
  /** Text after `chain 0 ` in `tc filter show`, continuation lines included. */
  readonly text: string;
}

/** A u32 classifier at one priority: its hash table and keys. */
export interface TcFilter {
  readonly parent: number;
  readonly protocol: string;
  readonly pref: number;
  readonly kind: string;
  readonly chain: number;
  /** u32: the hash table of this priority (0x800 …) and its keys (node ids and rows). */
  readonly htid: number;
  keys: { readonly node: number; readonly row: TcFilterRow }[];
  nextNode: number;
}

/** A JSON value as iproute2 prints it: objects keep their key order and may repeat keys (u32 `match`). */
export type TcJsonValue = string | number | boolean | null | TcJsonObject | TcJsonValue[];
/** A JSON object as ordered entries, so repeated keys survive. */
export interface TcJsonObject {
  readonly entries: ReadonlyArray<readonly [string, TcJsonValue]>;
}

/** A network device of the simulated dom0: a NIC, a bridge or a domain's vif. */
export interface NetDevice {
  readonly name: string;
  readonly ifindex: number;
  readonly kind: "nic" | "bridge" | "vif";
  readonly mac: string;
  readonly mtu: number;
  readonly master?: string;
  /** The domain a vif belongs to. */
  readonly domid?: number;
  qdiscs: TcQdisc[];
  classes: TcClass[];
  filters: TcFilter[];
}
