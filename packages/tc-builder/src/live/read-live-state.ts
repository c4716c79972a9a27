import { CommandFailedError, formatCommand, type Command, type CommandRunner } from "@dom0kit/runner";
import { LiveStateError } from "../errors.js";
import type { LiveQdisc, LiveState } from "./live-state.js";
import { parseClasses } from "./parse-classes.js";
import { parseFilters } from "./parse-filters.js";
import { parseIptablesSave } from "./parse-iptables.js";
import { parseNftTable } from "./parse-nft.js";
import { parseQdiscs } from "./parse-qdiscs.js";
import { liveStateCommands, separateReadCommands, type LiveScope } from "./read-commands.js";
import { splitShowBatch, type ShowBatchParts } from "./split-show-batch.js";
import { qdiscKey, tbfPeakratesFromText, withPeakrate } from "./tbf-peakrates.js";

interface Output {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a read; `undefined` when the program is not installed (spawn error, or 127 over a shell). */
async function read(
  runner: CommandRunner,
  command: Command,
  signal?: AbortSignal,
): Promise<Output | undefined> {
  try {
    // tc flushes once per qdisc and class: through a file, that is no wakeup per object here.
    const capture = command.file === "tc" ? { captureStdout: "file" as const } : {};
    const result = await runner.run(command, signal === undefined ? capture : { signal, ...capture });
    if (result.exitCode === 127) return undefined;
    return result;
  } catch (error) {
    if (error instanceof CommandFailedError && (error.reason === "spawn-error" || error.exitCode === 127)) {
      return undefined;
    }
    throw error;
  }
}

function failed(command: Command, output: Output): never {
  throw new LiveStateError(
    formatCommand(command),
    `exit code ${String(output.exitCode)}: ${output.stderr.trim().split("\n").at(-1) ?? ""}`,
  );
}

/** dom0kit's nftables table from `nft -j list table`; `undefined` when it or nft is not there. */
function nftTableOf(output: Output | undefined, command: Command | undefined): LiveState["nft"] {
  if (output === undefined) return undefined;
  if (output.exitCode === 0) return parseNftTable(output.stdout);
  if (/No such file or directory/u.test(output.stderr)) return undefined;
  return failed(command ?? { file: "nft", args: [] }, output);
}

type Settled<T> = { readonly value: T } | { readonly error: unknown };

/** Runs `work` now and keeps its result or error for later, so a failure waits for the other reads. */
function settle<T>(work: () => T): Settled<T> {
  try {
    return { value: work() };
  } catch (error) {
    return { error };
  }
}

function unsettle<T>(settled: Settled<T>): T {
  if ("error" in settled) throw settled.error;
  return settled.value;
}

/** Devices with a qdisc in the first line (the qdisc JSON) of the tc show batch. */
function listedDevices(output: Output | undefined): string[] {
  if (output === undefined) return [];
  const firstLine = output.stdout.slice(
    0,
    output.stdout.indexOf("\n") === -1 ? undefined : output.stdout.indexOf("\n"),
  );
  return [...firstLine.matchAll(/"dev":"([^"]+)"/gu)].map((match) => match[1] ?? "");
}

/**
 * Whether dom0kit's HTB qdisc is on the uplink, from the first line of the tc show batch.
 * Without it no classification of dom0kit's can be in use (teardown removes them together),
 * so an absent nft table then needs no look at iptables. Unreadable output counts as "yes".
 */
function hasOwnHtb(output: Output | undefined, scope: LiveScope): boolean {
  if (output === undefined) return true;
  const firstLine = output.stdout.split("\n", 1)[0] ?? "";
  try {
    const handle = (scope.handle ?? 0xd0).toString(16);
    return parseQdiscs(firstLine).some(
      (q) => q.root && q.dev === scope.uplink && q.kind === "htb" && q.major.toString(16) === handle,
    );
  } catch {
    return true;
  }
}

/** The bridge-netfilter switches, the two lines `cat` printed after /proc/net/dev. */
function bridgeNetfilterFlags(output: Output | undefined): LiveState["bridgeNetfilter"] {
  if (output === undefined) return undefined;
  const tail = output.stdout.trimEnd().split("\n").slice(-2);
  if (tail.length !== 2 || !tail.every((line) => line === "0" || line === "1")) return undefined;
  return { iptables: tail[0] === "1", ip6tables: tail[1] === "1" };
}

/**
 * Interface names from `/proc/net/dev` (`  vif1.0: 1234 …`), which lists
 * every interface of the network namespace, up or down.
 *
 * @example
 * ```ts
 * parseProcNetDev("Inter-|…\n face |…\n    lo: 0 0 …\n  peth0: 0 0 …\n"); // ["lo", "peth0"]
 * ```
 */
export function parseProcNetDev(text: string): string[] {
  return text.split("\n").flatMap((line) => {
    const match = /^\s*([^\s:]+):/u.exec(line);
    return match?.[1] === undefined ? [] : [match[1]];
  });
}

/**
 * Interface names from `ip -br -j link show`.
 * @example
 * ```ts
 * parseLinks('[{"ifname":"lo"},{"ifname":"peth0"}]'); // ["lo", "peth0"]
 * ```
 */
export function parseLinks(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LiveStateError("ip -br -j link show", "the output is not JSON", { cause: error });
  }
  if (!Array.isArray(json)) throw new LiveStateError("ip -br -j link show", "the output is not a JSON array");
  return json.flatMap((entry: unknown) =>
    typeof entry === "object" && entry !== null && typeof (entry as { ifname?: unknown }).ifname === "string"
      ? [(entry as { ifname: string }).ifname]
      : [],
  );
}

/**
 * iproute2 6.1's JSON leaves out a TBF's peak rate: when any TBF lacks it, one
 * `tc qdisc show` in text (every device) fills it in for all of them.
 */
async function fillPeakrates(
  runner: CommandRunner,
  qdiscs: LiveQdisc[],
  signal?: AbortSignal,
): Promise<LiveQdisc[]> {
  if (!qdiscs.some((qdisc) => qdisc.tbf?.peakrate === "unprinted")) return qdiscs;
  const command: Command = { file: "tc", args: ["qdisc", "show"] };
  const output = await read(runner, command, signal);
  if (output === undefined || output.exitCode !== 0) {
    failed(command, output ?? { exitCode: 127, stdout: "", stderr: "tc is not installed" });
  }
  const peaks = tbfPeakratesFromText(output.stdout);
  return qdiscs.map((qdisc) =>
    qdisc.tbf?.peakrate === "unprinted"
      ? withPeakrate(qdisc, peaks.get(qdiscKey(qdisc.dev, qdisc.major)))
      : qdisc,
  );
}

/** The tc reads as separate commands, when the one-batch form could not be run or understood. */
async function readTcSeparately(
  runner: CommandRunner,
  scope: LiveScope,
  signal?: AbortSignal,
): Promise<{ parts: ShowBatchParts; devices?: string[] }> {
  const commands = separateReadCommands(scope);
  const [devices, qdiscs, classes, filters] = await Promise.all(
    [commands.devices, commands.qdiscs, commands.classes, commands.filters].map((command) =>
      read(runner, command, signal),
    ),
  );
  if (qdiscs === undefined) throw new LiveStateError("tc -s -j qdisc show", "tc is not installed");
  if (qdiscs.exitCode !== 0) failed(commands.qdiscs, qdiscs);
  return {
    parts: {
      qdiscs: qdiscs.stdout,
      classes: classes?.exitCode === 0 ? classes.stdout : "",
      filters: filters?.exitCode === 0 ? filters.stdout : "",
    },
    ...(devices?.exitCode === 0 ? { devices: parseLinks(devices.stdout) } : {}),
  };
}

/**
 * Reads back everything dom0kit may have created: the interfaces, every
 * qdisc, the uplink's classes and the filters on dom0kit's HTB qdisc (one
 * `tc -batch` of shows), dom0kit's nftables table, and — when they can
 * matter (see {@link LiveScope.iptables}) — its iptables/ip6tables chains and
 * the bridge-netfilter switches. Reads run at once; none changes anything. A
 * tool that is not installed reads as "nothing there".
 *
 * @throws {@link LiveStateError} when a tool fails or prints something unexpected.
 * @example
 * ```ts
 * const live = await readLiveState(new ExecaRunner(), { uplink: "peth0" });
 * ```
 */
export async function readLiveState(
  runner: CommandRunner,
  scope: LiveScope,
  options: { readonly signal?: AbortSignal } = {},
): Promise<LiveState> {
  const commands = liveStateCommands(scope);
  const mode = scope.iptables ?? "auto";
  const late = new Set(["iptables", "ip6tables"]);
  // With "auto" and the nft strategy, the iptables reads wait for the nft answer: while
  // dom0kit's table exists they are not needed, and ip6tables only if iptables has the chain.
  const deferIptables = mode === "auto" && (scope.strategy === undefined || scope.strategy === "nft");
  const start = (key: string): Promise<Output | undefined> =>
    read(runner, commands[key] as Command, options.signal);
  const runAll = async (keys: readonly string[]): Promise<(readonly [string, Output | undefined])[]> =>
    Promise.all(keys.map(async (key) => [key, await start(key)] as const));
  // /proc/net/dev (with the bridge-netfilter switches) waits for the others when the caller
  // named the interfaces it needs and no iptables strategy is asked for: usually tc lists a
  // qdisc on every one of them, no iptables chain of dom0kit's exists, and it is not needed.
  const deferDevices =
    scope.devices !== undefined &&
    (scope.strategy === undefined || scope.strategy === "nft" || scope.strategy === "u32");
  const firstKeys = Object.keys(commands).filter(
    (key) => !(deferIptables && late.has(key)) && !(deferDevices && key === "devices"),
  );
  const firstReads = new Map(firstKeys.map((key) => [key, start(key)] as const));
  // nft answers well before tc (which maps every interface first): its table is parsed while tc runs.
  const nftParsed = firstReads.get("nft")?.then((output) => settle(() => nftTableOf(output, commands.nft)));
  const outputs = new Map(
    await Promise.all([...firstReads].map(async ([key, reading]) => [key, await reading] as const)),
  );
  // Second round, in parallel: iptables when dom0kit's HTB is there but its nft table is not (a
  // strategy switch may have left a chain), /proc/net/dev when tc did not list every needed
  // interface.
  const nftTable = outputs.get("nft");
  const needIptables =
    deferIptables &&
    commands.iptables !== undefined &&
    (nftTable === undefined || nftTable.exitCode !== 0) &&
    hasOwnHtb(outputs.get("tc"), scope);
  const listed = new Set(listedDevices(outputs.get("tc")));
  const needDevices =
    deferDevices &&
    (needIptables || [scope.uplink, ...(scope.devices ?? [])].some((dev) => !listed.has(dev)));
  for (const [key, output] of await runAll([
    ...(needIptables ? ["iptables"] : []),
    ...(needDevices ? ["devices"] : []),
  ])) {
    outputs.set(key, output);
  }
  const firstV4 = outputs.get("iptables");
  if (
    needIptables &&
    (firstV4 === undefined || firstV4.exitCode !== 0 || parseIptablesSave(firstV4.stdout).exists)
  ) {
    for (const [key, output] of await runAll(["ip6tables"])) outputs.set(key, output);
  }

  let parts: ShowBatchParts | undefined;
  const tcOutput = outputs.get("tc");
  if (tcOutput !== undefined && (tcOutput.exitCode === 0 || tcOutput.exitCode === 1)) {
    try {
      parts = splitShowBatch(tcOutput.stdout);
    } catch {
      parts = undefined;
    }
  }
  const deviceOutput = outputs.get("devices");
  let devices = deviceOutput === undefined ? undefined : parseProcNetDev(deviceOutput.stdout);
  if (devices === undefined && deferDevices && parts !== undefined) {
    // Every interface needed had a qdisc listed: those are the interfaces we know exist.
    devices = [...listed];
  }
  if (parts === undefined || devices === undefined || devices.length === 0) {
    const separate = await readTcSeparately(runner, scope, options.signal);
    parts ??= separate.parts;
    if (devices === undefined || devices.length === 0) devices = separate.devices;
  }

  const qdiscs = await fillPeakrates(runner, parseQdiscs(parts.qdiscs), options.signal);
  const classes = parseClasses(parts.classes, scope.uplink);
  const filters = parseFilters(parts.filters, scope.uplink);

  const nft = nftParsed === undefined ? undefined : unsettle(await nftParsed);

  const v4 = outputs.get("iptables");
  const v6 = outputs.get("ip6tables");
  const bridgeNetfilter = bridgeNetfilterFlags(outputs.get("devices"));
  return {
    ...(devices === undefined ? {} : { devices }),
    qdiscs,
    classes,
    filters,
    ...(nft === undefined ? {} : { nft }),
    iptables: {
      ...(v4 === undefined || v4.exitCode !== 0 ? {} : { v4: parseIptablesSave(v4.stdout) }),
      ...(v6 === undefined || v6.exitCode !== 0 ? {} : { v6: parseIptablesSave(v6.stdout) }),
    },
    ...(bridgeNetfilter === undefined ? {} : { bridgeNetfilter }),
  };
}
