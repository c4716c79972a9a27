import { defaultQdisc } from "../net/devices.js";
import type { SimState } from "../state/model.js";
import { buildHtbClass, hashInsert, hashRemove, parseHtbClass } from "./htb-class.js";
import type { NetDevice, TcFilter, TcQdisc } from "./model.js";
import { UNSIMULATED_QDISCS, parseQdiscOptions, type TcResult } from "./qdisc-options.js";
import { tcJson } from "./tc-json.js";
import { parseHandle, printHandle } from "./tc-units.js";
import { parseU32, u32KeyRow } from "./u32-filter.js";

/** What one tc line printed and how it ended. */
export interface TcOutcome {
  out: string;
  err: string;
  exitCode: number;
}

const kernel = (message: string): TcOutcome => ({ out: "", err: `${message}\n`, exitCode: 2 });
const user = (message: string): TcOutcome => ({ out: "", err: message, exitCode: 1 });
const ok = (err = ""): TcOutcome => ({ out: "", err, exitCode: 0 });
const fromResult = (result: { stderr: string; exitCode: number }): TcOutcome => ({
  out: "",
  err: result.stderr,
  exitCode: result.exitCode,
});

/** The arguments common to qdisc/class/filter changes, and the kind with its options. */
export interface TcTarget {
  dev?: string;
  root: boolean;
  ingress: boolean;
  parent?: number;
  handle?: number;
  rawHandle?: string;
  classid?: number;
  pref?: number;
  protocol?: string;
  kind?: string;
  options: string[];
}

/** Splits tc's generic words (dev, root, parent, handle, …) from the kind and its options. */
export function parseTarget(
  object: "qdisc" | "class" | "filter",
  args: readonly string[],
): TcResult<TcTarget> {
  const target: TcTarget = { root: false, ingress: false, options: [] };
  const bad = (word: string, value: string): TcResult<never> => ({
    ok: false,
    stderr: `Error: argument "${value}" is wrong: invalid ${word}\n`,
    exitCode: 255,
  });
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] as string;
    const value = args[index + 1] ?? "";
    if (target.kind !== undefined) {
      target.options.push(word);
      continue;
    }
    if (word === "dev") {
      target.dev = value;
      index += 1;
    } else if (word === "root") {
      target.root = true;
    } else if ((word === "ingress" || word === "clsact") && object === "qdisc") {
      target.kind = word;
      target.ingress = true;
    } else if ((word === "ingress" || word === "egress") && object === "filter") {
      target.ingress = word === "ingress";
      if (word === "ingress") target.parent = 0xffff0000;
    } else if (word === "parent") {
      const parsed = parseHandle(value, { classId: true });
      if (parsed === undefined) return bad("parent ID", value);
      target.parent = parsed;
      index += 1;
    } else if (word === "handle") {
      target.rawHandle = value;
      if (object === "qdisc") {
        const parsed = parseHandle(value, { classId: false });
        if (parsed === undefined) return bad("qdisc ID", value);
        target.handle = parsed;
      }
      index += 1;
    } else if (word === "classid" && object === "class") {
      const parsed = parseHandle(value, { classId: true });
      if (parsed === undefined || (parsed & 0xffff) === 0) return bad("class ID", value);
      target.classid = parsed;
      index += 1;
    } else if ((word === "pref" || word === "prio" || word === "priority") && object === "filter") {
      if (!/^\d+$/.test(value) || Number(value) > 0xffff)
        return { ok: false, stderr: `Illegal "preference"\n`, exitCode: 1 };
      target.pref = Number(value);
      index += 1;
    } else if ((word === "protocol" || word === "proto") && object === "filter") {
      target.protocol = value;
      index += 1;
    } else if (word === "chain" && object === "filter") {
      if (value !== "0")
        return { ok: false, stderr: `sim-host: tc filter chain ${value}: not simulated\n`, exitCode: 127 };
      index += 1;
    } else if (word === "estimator" || word === "stab") {
      return { ok: false, stderr: `sim-host: tc ${object} ${word}: not simulated\n`, exitCode: 127 };
    } else {
      target.kind = word;
    }
  }
  return { ok: true, value: target };
}

/** Finds the device a tc command names (NICs, bridges, vifs of running guests). */
export function findDevice(state: SimState, name: string | undefined): NetDevice | TcOutcome {
  if (name === undefined) return user('Cannot find device ""\n');
  const device = state.network.devices.find((each) => each.name === name);
  return device ?? user(`Cannot find device "${name}"\n`);
}

function childQdiscOf(device: NetDevice, classid: number): TcQdisc | undefined {
  return device.qdiscs.find((qdisc) => qdisc.parent === classid);
}

/** Removes a qdisc with its classes, the qdiscs below them and its filters. */
function removeQdiscTree(device: NetDevice, qdisc: TcQdisc): void {
  const major = qdisc.handle;
  const classes = device.classes.filter((each) => each.classid >>> 16 === major);
  for (const each of classes) {
    const child = childQdiscOf(device, each.classid);
    if (child !== undefined) removeQdiscTree(device, child);
  }
  device.classes = device.classes.filter((each) => each.classid >>> 16 !== major);
  device.filters = device.filters.filter((filter) => filter.parent >>> 16 !== major);
  device.qdiscs = device.qdiscs.filter((each) => each !== qdisc);
}

/** `tc qdisc add|replace|change|del …`. */
export function modifyQdisc(state: SimState, verb: string, target: TcTarget): TcOutcome {
  const found = findDevice(state, target.dev);
  if (!("qdiscs" in found)) return found;
  const device = found;
  if (verb === "del" || verb === "delete") {
    if (target.ingress) {
      const ingress = device.qdiscs.find((qdisc) => qdisc.parent === "ingress");
      if (ingress === undefined) return kernel("Error: Cannot find specified qdisc on specified device.");
      removeQdiscTree(device, ingress);
      return ok();
    }
    if (target.root) {
      const root = device.qdiscs.find((qdisc) => qdisc.parent === "root");
      if (root === undefined || root.builtin === true)
        return kernel("Error: Cannot delete qdisc with handle of zero.");
      if (target.handle !== undefined && target.handle >>> 16 !== root.handle)
        return kernel("Error: Invalid handle.");
      removeQdiscTree(device, root);
      device.qdiscs.unshift(defaultQdisc());
      return ok();
    }
    if (target.parent !== undefined) {
      const child = childQdiscOf(device, target.parent);
      if (child === undefined) return kernel("Error: Failed to find qdisc with specified classid.");
      if (target.handle !== undefined && target.handle >>> 16 !== child.handle)
        return kernel("Error: Invalid handle.");
      removeQdiscTree(device, child);
      return ok();
    }
    return user("Error: qdisc parent or root must be specified\n");
  }
  const kind = target.kind;
  if (kind === undefined) return user("Error: qdisc kind is required.\n");
  if (UNSIMULATED_QDISCS.has(kind))
    return { out: "", err: `sim-host: tc qdisc ${kind}: not simulated\n`, exitCode: 127 };
  const parsed = parseQdiscOptions(kind, target.options, device);
  if (parsed === undefined) {
    return target.options.length > 0
      ? user(`Unknown qdisc "${kind}", hence option "${target.options[0] as string}" is unparsable\n`)
      : kernel("Error: Specified qdisc kind is unknown.");
  }
  if (!parsed.ok) return fromResult(parsed);
  const options = parsed.value;
  const handleMajor = target.handle === undefined ? undefined : target.handle >>> 16;
  const replace = verb === "replace";
  const change = verb === "change";

  if (target.ingress || kind === "ingress" || kind === "clsact") {
    if (options.kernelError !== undefined) return kernel(options.kernelError);
    const existing = device.qdiscs.find((qdisc) => qdisc.parent === "ingress");
    if (existing !== undefined) {
      if (replace && existing.kind === kind) return ok();
      return kernel("Error: Exclusivity flag on, cannot modify.");
    }
    device.qdiscs.push({
      kind,
      handle: 0xffff,
      parent: "ingress",
      options: options.options,
      text: options.text,
      changeable: false,
    });
    return ok();
  }

  let slot: "root" | number;
  let existing: TcQdisc | undefined;
  if (target.root) {
    slot = "root";
    existing = device.qdiscs.find((qdisc) => qdisc.parent === "root");
    if (existing?.builtin === true) existing = undefined;
  } else if (target.parent !== undefined) {
    const parentClass = device.classes.find((each) => each.classid === target.parent);
    if (parentClass === undefined) return kernel("Error: Specified class not found.");
    if (device.classes.some((each) => each.parent === target.parent))
      return kernel("RTNETLINK answers: Invalid argument");
    slot = target.parent;
    existing = childQdiscOf(device, target.parent);
  } else if (change && handleMajor !== undefined) {
    existing = device.qdiscs.find((qdisc) => qdisc.handle === handleMajor && qdisc.builtin !== true);
    if (existing === undefined) return kernel("Error: Specified qdisc not found.");
    slot = existing.parent === "ingress" ? "root" : existing.parent;
  } else {
    return user("Error: qdisc parent or root must be specified\n");
  }

  const sameQdisc = existing !== undefined && (handleMajor === undefined || handleMajor === existing.handle);
  if (change || (replace && sameQdisc && existing?.kind === kind)) {
    if (existing === undefined) return kernel("Error: Specified qdisc not found.");
    if (existing.kind !== kind) return kernel("Error: Invalid qdisc name.");
    if (existing.changeable !== true)
      return kernel("Error: Change operation not supported by specified qdisc.");
    Object.assign(existing, { options: options.options, text: options.text });
    return ok();
  }
  if (existing !== undefined && !replace) {
    return kernel(
      sameQdisc ? "Error: Exclusivity flag on, cannot modify." : "Error: NLM_F_REPLACE needed to override.",
    );
  }
  if (handleMajor !== undefined) {
    const clash = device.qdiscs.find(
      (qdisc) => qdisc.handle === handleMajor && qdisc !== existing && qdisc.builtin !== true,
    );
    if (clash !== undefined) return kernel("Error: Cannot move an existing qdisc to a different parent.");
  }
  if (options.kernelError !== undefined) return kernel(options.kernelError);
  let handle = handleMajor;
  if (handle === undefined) {
    handle = state.network.nextAutoHandle;
    state.network.nextAutoHandle += 1;
  }
  if (existing !== undefined) removeQdiscTree(device, existing);
  if (slot === "root") device.qdiscs = device.qdiscs.filter((qdisc) => qdisc.parent !== "root");
  const qdisc: TcQdisc = {
    kind,
    handle,
    parent: slot,
    options: options.options,
    text: options.text,
    changeable: options.changeable,
    ...(options.htb === undefined ? {} : { htb: options.htb }),
  };
  if (slot === "root") device.qdiscs.unshift(qdisc);
  else device.qdiscs.push(qdisc);
  return ok();
}

/** `tc class add|replace|change|del … htb …`. */
export function modifyClass(state: SimState, verb: string, target: TcTarget): TcOutcome {
  const found = findDevice(state, target.dev);
  if (!("qdiscs" in found)) return found;
  const device = found;
  if (verb === "del" || verb === "delete") {
    const classid = target.classid;
    const tcClass = device.classes.find((each) => each.classid === classid);
    if (classid === undefined || tcClass === undefined)
      return kernel("RTNETLINK answers: No such file or directory");
    if (device.classes.some((each) => each.parent === classid))
      return kernel("RTNETLINK answers: Device or resource busy");
    const flowid = `"flowid":"${printHandle(classid)}"`;
    if (
      device.filters.some((filter) => filter.keys.some((key) => tcJson(key.row.options).includes(flowid)))
    ) {
      return kernel("Error: HTB class in use.");
    }
    const child = childQdiscOf(device, classid);
    if (child !== undefined) removeQdiscTree(device, child);
    device.classes = device.classes.filter((each) => each !== tcClass);
    const owner = device.qdiscs.find((qdisc) => qdisc.handle === classid >>> 16);
    if (owner !== undefined) hashRemove(owner, classid);
    return ok();
  }
  if (target.kind === undefined) return user("Error: class kind is required.\n");
  if (target.kind !== "htb")
    return { out: "", err: `sim-host: tc class ${target.kind}: not simulated\n`, exitCode: 127 };
  const args = parseHtbClass(target.options);
  if (!args.ok) return fromResult(args);
  const existing =
    target.classid === undefined ? undefined : device.classes.find((each) => each.classid === target.classid);
  if (verb === "change" || (verb === "replace" && existing !== undefined)) {
    if (existing === undefined) return kernel("RTNETLINK answers: No such file or directory");
    const owner = device.qdiscs.find((qdisc) => qdisc.handle === existing.classid >>> 16) as TcQdisc;
    const rebuilt = buildHtbClass(existing.classid, existing.parent, args.value, owner);
    Object.assign(existing, { options: rebuilt.tcClass.options });
    return ok(rebuilt.warning);
  }
  if (existing !== undefined) return kernel("RTNETLINK answers: File exists");
  if (target.parent === undefined) return user("Error: class parent must be specified\n");
  const owner = device.qdiscs.find(
    (qdisc) => qdisc.handle === target.parent! >>> 16 && qdisc.builtin !== true,
  );
  if (owner === undefined) return kernel("Error: Failed to find qdisc with specified handle.");
  if (owner.kind !== "htb") return kernel("Error: Qdisc not classful.");
  const classid = target.classid;
  if (classid === undefined) return user("Error: classid is required for htb classes\n");
  if (classid >>> 16 !== owner.handle) return kernel("RTNETLINK answers: Invalid argument");
  let parent = target.parent;
  if ((parent & 0xffff) !== 0 && !device.classes.some((each) => each.classid === parent))
    parent = (owner.handle << 16) >>> 0;
  const parentLeaf = (parent & 0xffff) === 0 ? undefined : childQdiscOf(device, parent);
  if (parentLeaf !== undefined) removeQdiscTree(device, parentLeaf);
  const built = buildHtbClass(classid, parent, args.value, owner);
  device.classes.push(built.tcClass);
  hashInsert(owner, classid);
  return ok(built.warning);
}

const PROTOCOLS = new Set([
  "all",
  "ip",
  "ipv6",
  "arp",
  "802.1q",
  "802.1ad",
  "rarp",
  "mpls_uc",
  "mpls_mc",
  "lldp",
]);

/** `tc filter add|replace|del … u32 …`. */
export function modifyFilter(state: SimState, verb: string, target: TcTarget): TcOutcome {
  const found = findDevice(state, target.dev);
  if (!("qdiscs" in found)) return found;
  const device = found;
  const parent =
    target.parent ??
    (target.root ? (device.qdiscs.find((qdisc) => qdisc.parent === "root")?.handle ?? 0) << 16 : undefined);
  if (verb === "del" || verb === "delete") {
    const before = device.filters.length;
    if (target.rawHandle !== undefined && target.pref !== undefined) {
      const filter = device.filters.find((each) => each.parent === parent && each.pref === target.pref);
      const node = /^[0-9a-f]+::([0-9a-f]+)$/i.exec(target.rawHandle);
      if (filter === undefined || node === null)
        return kernel("Error: Filter with specified priority/protocol not found.");
      const nodeId = Number.parseInt(node[1] as string, 16);
      if (!filter.keys.some((key) => key.node === nodeId))
        return kernel("RTNETLINK answers: No such file or directory");
      filter.keys = filter.keys.filter((key) => key.node !== nodeId);
      return ok();
    }
    device.filters = device.filters.filter(
      (each) =>
        !(
          (parent === undefined || each.parent === parent) &&
          (target.pref === undefined || each.pref === target.pref)
        ),
    );
    if (device.filters.length === before && target.pref !== undefined)
      return kernel("Error: Filter with specified priority/protocol not found.");
    return ok();
  }
  if (target.kind === undefined) return user("Error: filter kind is required.\n");
  if (target.kind !== "u32")
    return { out: "", err: `sim-host: tc filter ${target.kind}: not simulated\n`, exitCode: 127 };
  if (target.rawHandle !== undefined)
    return { out: "", err: "sim-host: tc filter … handle … u32: not simulated\n", exitCode: 127 };
  if (parent === undefined) return user("Error: filter parent must be specified\n");
  const owner =
    parent === 0xffff0000
      ? device.qdiscs.find((qdisc) => qdisc.parent === "ingress")
      : device.qdiscs.find(
          (qdisc) => qdisc.handle === parent >>> 16 && qdisc.builtin !== true && qdisc.parent !== "ingress",
        );
  if (owner === undefined) return kernel("Error: Parent Qdisc doesn't exists.");
  if (owner.kind === "tbf" || owner.kind === "pfifo" || owner.kind === "bfifo")
    return kernel("Error: Class doesn't support blocks.");
  const protocol = target.protocol ?? "all";
  if (!PROTOCOLS.has(protocol)) return user(`Illegal "protocol"\n`);
  const selector = parseU32(target.options);
  if (!selector.ok) return fromResult(selector);
  const parentKey = parent;
  const onParent = device.filters.filter((each) => each.parent === parentKey);
  // The kernel's automatic priority (tcf_auto_prio at the head of the chain).
  const pref = target.pref ?? 0xc000;
  let filter: TcFilter | undefined = onParent.find((each) => each.pref === pref);
  if (filter !== undefined && filter.protocol !== protocol)
    return kernel("Error: Filter with specified priority/protocol not found.");
  if (filter === undefined) {
    const htid = owner.nextU32Htid ?? 0x800;
    owner.nextU32Htid = htid + 1;
    filter = { parent: parentKey, protocol, pref, kind: "u32", chain: 0, htid, keys: [], nextNode: 0x800 };
    device.filters.push(filter);
    device.filters.sort((a, b) => a.pref - b.pref);
  }
  const node = filter.nextNode;
  filter.nextNode += 1;
  filter.keys.push({ node, row: u32KeyRow(filter.htid, node, selector.value) });
  return ok();
}
