import { readFile } from "node:fs/promises";
import { emit, readAll } from "../exec/io.js";
import type { CommandContext, CommandHandler } from "../exec/types.js";
import type { SimState } from "../state/model.js";
import {
  findDevice,
  modifyClass,
  modifyFilter,
  modifyQdisc,
  parseTarget,
  type TcOutcome,
} from "./tc-modify.js";
import { devicesInOrder, showClasses, showFilters, showQdiscs, type ShowOptions } from "./tc-show.js";
import { parseHandle } from "./tc-units.js";

interface TcGlobals {
  json: boolean;
  stats: boolean;
  force: boolean;
  batch?: string;
}

const OBJECTS = ["qdisc", "class", "filter"] as const;
const VERBS = ["add", "change", "replace", "delete", "del", "show", "list", "ls", "link"];

/** iproute2's `matches()`: a non-empty prefix of the word. */
function matches(word: string | undefined, full: string): boolean {
  return word !== undefined && word.length > 0 && full.startsWith(word);
}

function show(
  state: SimState,
  object: (typeof OBJECTS)[number],
  args: readonly string[],
  options: ShowOptions,
): TcOutcome {
  let dev: string | undefined;
  let parent: number | undefined;
  let pref: number | undefined;
  let classid: number | undefined;
  for (let index = 0; index < args.length; index += 2) {
    const [word, value = ""] = [args[index], args[index + 1]];
    if (word === "dev") dev = value;
    else if (word === "parent") parent = parseHandle(value, { classId: true });
    else if (word === "root") index -= 1;
    else if ((word === "pref" || word === "prio") && object === "filter") pref = Number(value);
    else if (word === "classid" && object === "class") classid = parseHandle(value, { classId: true });
    else if (word === "handle" && object === "qdisc") index += 0;
    else
      return {
        out: "",
        err: `sim-host: tc ${object} show ${args.join(" ")}: not simulated\n`,
        exitCode: 127,
      };
  }
  if (object === "filter" && dev === undefined)
    return { out: "", err: 'Either "dev" or "block" are required.\n', exitCode: 1 };
  if (object === "class" && dev === undefined)
    return { out: "", err: "Must specify a device.\n", exitCode: 1 };
  const devices = dev === undefined ? devicesInOrder(state) : [findDevice(state, dev)];
  const first = devices[0];
  if (first !== undefined && !("qdiscs" in first)) return first;
  const real = devices.filter((device) => "qdiscs" in device);
  switch (object) {
    case "qdisc":
      return { out: showQdiscs(real, dev === undefined, options), err: "", exitCode: 0 };
    case "class":
      return { out: showClasses(real, false, options, classid), err: "", exitCode: 0 };
    case "filter":
      return { out: showFilters(real[0] as (typeof real)[0], options, parent, pref), err: "", exitCode: 0 };
  }
}

/** Runs one tc command line (object, verb, arguments) against the state. */
function runLine(state: SimState, args: readonly string[], globals: TcGlobals): TcOutcome {
  const [objectWord, verbWord = "show", ...rest] = args;
  const object = OBJECTS.find((name) => matches(objectWord, name));
  if (object === undefined) {
    if (objectWord === undefined)
      return { out: "", err: "Usage: tc [ OPTIONS ] OBJECT { COMMAND | help }\n", exitCode: 255 };
    return { out: "", err: `sim-host: tc ${objectWord}: not simulated\n`, exitCode: 127 };
  }
  const verb = VERBS.find((name) => matches(verbWord, name) && name !== "link");
  if (verb === undefined)
    return { out: "", err: `Command "${verbWord}" is unknown, try "tc ${object} help".\n`, exitCode: 255 };
  if (verb === "show" || verb === "list" || verb === "ls")
    return show(state, object, rest, { json: globals.json, stats: globals.stats });
  const target = parseTarget(object, rest);
  if (!target.ok) return { out: "", err: target.stderr, exitCode: target.exitCode };
  switch (object) {
    case "qdisc":
      return modifyQdisc(state, verb, target.value);
    case "class":
      return modifyClass(state, verb, target.value);
    case "filter":
      return modifyFilter(state, verb, target.value);
  }
}

/** Splits a batch line into words like iproute2's makeargs (quotes, `#` comments). */
function batchWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(#.*$)|(\S+)/g)) {
    if (match[3] !== undefined) break;
    words.push(match[1] ?? match[2] ?? match[4] ?? "");
  }
  return words;
}

async function readBatch(context: CommandContext, file: string): Promise<string | undefined> {
  if (file === "-") return (await readAll(context.io.stdin)).toString("utf8");
  const state = await context.env.store.read();
  const path = context.env.paths.resolve(
    file,
    context.cwd,
    state.host.volumeGroups.map((vg) => vg.name),
  ).hostPath;
  return readFile(path, "utf8").catch(() => undefined);
}

/**
 * `tc [-j] [-s] [-force] [-batch FILE|-] qdisc|class|filter …`: htb, tbf,
 * pfifo, bfifo, ingress and clsact qdiscs, htb classes and u32 filters are
 * modelled on the simulated devices, and `show` prints what iproute2 6.1
 * prints for them. A batch applies line by line and stops at the first
 * failure (`Command failed FILE:LINE`) unless `-force`.
 */
export const tcCommand: CommandHandler = async (context) => {
  let args = context.argv.slice(1);
  const globals: TcGlobals = { json: false, stats: false, force: false };
  while (args[0] !== undefined && args[0].startsWith("-")) {
    const option = args[0].replace(/^--?/, "");
    if (option === "j" || option === "json") globals.json = true;
    else if (option === "s" || option === "stats" || option === "statistics") globals.stats = true;
    else if (
      option === "d" ||
      option === "details" ||
      option === "r" ||
      option === "raw" ||
      option === "iec"
    ) {
      // accepted; output unchanged
    } else if (option === "force" || option === "f") globals.force = true;
    else if (option === "b" || option === "batch") {
      globals.batch = args[1] ?? "";
      args = args.slice(1);
    } else if (option === "V" || option === "Version") {
      await emit(context.io.stdout, "tc utility, iproute2-6.1.0, libbpf 1.1.2\n");
      return { exitCode: 0 };
    } else {
      await emit(context.io.stderr, `sim-host: tc ${args[0]}: not simulated\n`);
      return { exitCode: 127 };
    }
    args = args.slice(1);
  }
  if (globals.batch !== undefined) {
    const file = globals.batch;
    const script = await readBatch(context, file);
    if (script === undefined) {
      await emit(context.io.stderr, `Cannot open file "${file}" for reading: No such file or directory\n`);
      return { exitCode: 1 };
    }
    context.journal.input = script.slice(0, 65536);
    const outcome = await context.env.store.update((state) => {
      let out = "";
      let err = "";
      let failed = false;
      for (const [index, line] of script.split("\n").entries()) {
        const words = batchWords(line);
        if (words.length === 0) continue;
        const result = runLine(state, words, globals);
        out += result.out;
        err += result.err;
        if (result.exitCode !== 0) {
          err += `Command failed ${file}:${String(index + 1)}\n`;
          failed = true;
          if (!globals.force) break;
        }
      }
      return { out, err, exitCode: failed ? 1 : 0 };
    });
    await emit(context.io.stdout, outcome.out);
    await emit(context.io.stderr, outcome.err);
    return { exitCode: outcome.exitCode };
  }
  const isShow = args.length < 2 || ["show", "list", "ls"].some((verb) => matches(args[1], verb));
  const outcome = isShow
    ? runLine(await context.env.store.read(), args, globals)
    : await context.env.store.update((state) => runLine(state, args, globals));
  await emit(context.io.stdout, outcome.out);
  await emit(context.io.stderr, outcome.err);
  return { exitCode: outcome.exitCode };
};
