import { parseClassId } from "../class-id.js";
import { LiveStateError } from "../errors.js";
import { parseRate } from "../units/rate.js";
import { parseSize } from "../units/size.js";
import type { Counters, LiveClass, LiveNumber } from "./live-state.js";
import { countersOf } from "./parse-qdiscs.js";
import { printedSizeSlack, tickSlack } from "./slack.js";

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function handleOf(text: unknown, what: string): { major: number; minor: number } {
  const parsed = typeof text === "string" ? parseClassId(text) : undefined;
  if (parsed === undefined || typeof parsed === "string")
    throw new Error(`${what} ${JSON.stringify(text)} is not a class id`);
  return parsed;
}

/** A rate as `sprint_rate` printed it: `1234Kbit` stands for anything up to 1234999 bit/s. */
function printedRate(text: string): LiveNumber {
  const value = parseRate(text);
  const unit = /([KMGT])i?bit$/iu.exec(text)?.[1]?.toUpperCase();
  const scale = unit === undefined ? 1 : 1000 ** ("KMGT".indexOf(unit) + 1);
  return { value, slack: Math.ceil((scale - 1) / 8) };
}

function printedSize(text: string, rate: number): LiveNumber {
  const size = text.split("/")[0] ?? "";
  return { value: parseSize(size), slack: printedSizeSlack(size) + tickSlack(rate) };
}

function jsonSize(value: unknown, rate: number, what: string): LiveNumber {
  if (typeof value === "number") return { value, slack: tickSlack(rate) };
  if (typeof value === "string") return printedSize(value, rate);
  throw new Error(`${what} is missing`);
}

function fromJson(entry: unknown, index: number): LiveClass {
  if (!isObject(entry)) throw new Error(`entry ${String(index)} is not an object`);
  const handle = handleOf(entry.handle, "handle");
  const rate = entry.rate;
  const ceil = entry.ceil;
  if (typeof rate !== "number" || typeof ceil !== "number")
    throw new Error(`class ${String(entry.handle)} lacks rate or ceil`);
  const counters = countersOf(entry);
  return {
    kind: typeof entry.class === "string" ? entry.class : "unknown",
    major: handle.major,
    minor: handle.minor,
    parent:
      entry.root === true || entry.parent === undefined ? "root" : handleOf(entry.parent, "parent").minor,
    rate: { value: rate, slack: 0 },
    ceil: { value: ceil, slack: 0 },
    burst: jsonSize(entry.burst, rate, "burst"),
    cburst: jsonSize(entry.cburst, ceil, "cburst"),
    ...(typeof entry.quantum === "number" ? { quantum: entry.quantum } : {}),
    ...(typeof entry.prio === "number" ? { prio: entry.prio } : {}),
    ...(counters === undefined ? {} : { counters }),
  };
}

const SENT = /^\s*Sent (\d+) bytes (\d+) pkts? \(dropped (\d+), overlimits (\d+)/u;
const CLASS_LINE = /^\s*class\s+(\S+)\s+(\S+)(.*)$/u;

/** What a class line says after its handle; the same for every class of one plan. */
type ClassShape = Omit<LiveClass, "major" | "minor" | "counters">;

function shapeOf(kind: string, handleText: string, tail: string): ClassShape {
  const words = tail.trim().split(/\s+/u);
  const fields = new Map<string, string>();
  let root = false;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? "";
    if (word === "root") root = true;
    else if (word !== "") {
      // "mpu" appears twice (rate and ceil); the first wins, which is all we need.
      if (!fields.has(word)) fields.set(word, words[index + 1] ?? "");
      index += 1;
    }
  }
  const rateText = fields.get("rate");
  const ceilText = fields.get("ceil");
  const burstText = fields.get("burst");
  const cburstText = fields.get("cburst");
  if (
    rateText === undefined ||
    ceilText === undefined ||
    burstText === undefined ||
    cburstText === undefined
  ) {
    throw new Error(`class ${handleText} lacks rate, ceil, burst or cburst`);
  }
  const rate = printedRate(rateText);
  const ceil = printedRate(ceilText);
  const parentText = fields.get("parent");
  const quantum = fields.get("quantum");
  const prio = fields.get("prio");
  return {
    kind,
    parent: root || parentText === undefined ? "root" : handleOf(parentText, "parent").minor,
    rate,
    ceil,
    burst: printedSize(burstText, rate.value),
    cburst: printedSize(cburstText, ceil.value),
    ...(quantum === undefined ? {} : { quantum: Number.parseInt(quantum, 10) }),
    ...(prio === undefined ? {} : { prio: Number.parseInt(prio, 10) }),
  };
}

/** A class line's kind, handle and the rest (`class htb d0:2a parent d0:1 …`). */
function classLineParts(line: string): [kind: string, handle: string, tail: string] {
  // tc separates the words by one space; anything else goes through the pattern.
  const kindEnd = line.indexOf(" ", 6);
  const handleEnd = kindEnd === -1 ? -1 : line.indexOf(" ", kindEnd + 1);
  if (kindEnd > 6 && handleEnd > kindEnd + 1) {
    return [line.slice(6, kindEnd), line.slice(kindEnd + 1, handleEnd), line.slice(handleEnd)];
  }
  const match = CLASS_LINE.exec(line);
  if (match === null) throw new Error(`unexpected line ${JSON.stringify(line)}`);
  return [match[1] ?? "", match[2] ?? "", match[3] ?? ""];
}

function countersOfLine(line: string): Counters | undefined {
  const sent = SENT.exec(line);
  if (sent === null) return undefined;
  return {
    bytes: Number(sent[1]),
    packets: Number(sent[2]),
    drops: Number(sent[3]),
    overlimits: Number(sent[4]),
  };
}

/**
 * Classes from tc's text: a `class …` line each, then indented lines (counters with `-s`).
 * The part of a class line after its handle is parsed once per distinct text (`shapes`): a
 * dom0's classes come in a few plans, so a thousand classes share a handful of shapes.
 */
function fromText(text: string): LiveClass[] {
  const shapes = new Map<string, Map<string, ClassShape>>();
  const classes: { -readonly [K in keyof LiveClass]: LiveClass[K] }[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("class ")) {
      const [kind, handleText, tail] = classLineParts(line);
      const handle = handleOf(handleText, "handle");
      let ofKind = shapes.get(kind);
      if (ofKind === undefined) {
        ofKind = new Map();
        shapes.set(kind, ofKind);
      }
      let shape = ofKind.get(tail);
      if (shape === undefined) {
        shape = shapeOf(kind, handleText, tail);
        ofKind.set(tail, shape);
      }
      const parsed: (typeof classes)[number] = {
        kind: shape.kind,
        major: handle.major,
        minor: handle.minor,
        parent: shape.parent,
        rate: shape.rate,
        ceil: shape.ceil,
        burst: shape.burst,
        cburst: shape.cburst,
      };
      if (shape.quantum !== undefined) parsed.quantum = shape.quantum;
      if (shape.prio !== undefined) parsed.prio = shape.prio;
      classes.push(parsed);
    } else if (line.trim() !== "") {
      const current = classes.at(-1);
      if (current === undefined) throw new Error(`unexpected line ${JSON.stringify(line)}`);
      // The first "Sent …" line after a class line is its counters.
      if (current.counters === undefined) {
        const counters = countersOfLine(line);
        if (counters !== undefined) current.counters = counters;
      }
    }
  }
  return classes;
}

/**
 * Parses the output of `tc [-s] [-d] -j class show dev DEV`. iproute2 6.1
 * (Debian 12) ignores `-j` for classes and prints text (`class htb d0:2a
 * parent d0:1 prio 0 rate 5Mbit ceil 20Mbit burst 4Kb cburst 15Kb`, then
 * counter lines); later versions print a JSON array. Both are read; text
 * values carry the rounding tc printed them with.
 *
 * @throws {@link LiveStateError} when the output is neither.
 * @example
 * ```ts
 * parseClasses("class htb d0:1 root rate 100Mbit ceil 100Mbit burst 1600b cburst 1600b \n", "peth0");
 * ```
 */
export function parseClasses(text: string, dev: string): LiveClass[] {
  const source = `tc -s -d -j class show dev ${dev}`;
  const trimmed = text.trim();
  try {
    if (trimmed === "") return [];
    if (trimmed.startsWith("[")) {
      const json: unknown = JSON.parse(trimmed);
      if (!Array.isArray(json)) throw new Error("the output is not a JSON array");
      return json.map(fromJson);
    }
    return fromText(text);
  } catch (error) {
    throw new LiveStateError(source, (error as Error).message, { cause: error });
  }
}
