import { CommandFailedError, formatCommand, type Command, type CommandRunner } from "@dom0kit/runner";
import { LiveStateError } from "../errors.js";
import type { LiveQdisc, LiveState } from "./live-state.js";
import { parseClasses } from "./parse-classes.js";
import { parseFilters } from "./parse-filters.js";
import { parseIptablesSave } from "./parse-iptables.js";
import { parseNftTable } from "./parse-nft.js";
import { parseQdiscs, peakrateFromText, withPeakrate } from "./parse-qdiscs.js";
import { liveStateCommands, type LiveScope } from "./read-commands.js";

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
    const result = await runner.run(command, signal === undefined ? {} : { signal });
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

function sysctlFlags(output: Output | undefined): LiveState["bridgeNetfilter"] {
  if (output === undefined || output.exitCode !== 0) return undefined;
  const [iptables, ip6tables] = output.stdout.trim().split(/\s+/u);
  if (iptables === undefined || ip6tables === undefined) return undefined;
  return { iptables: iptables === "1", ip6tables: ip6tables === "1" };
}

/** iproute2 6.1's JSON leaves out a TBF's peak rate; read it from the text form for those vifs. */
async function fillPeakrates(
  runner: CommandRunner,
  qdiscs: LiveQdisc[],
  signal?: AbortSignal,
): Promise<LiveQdisc[]> {
  return Promise.all(
    qdiscs.map(async (qdisc) => {
      if (qdisc.tbf?.peakrate !== "unprinted") return qdisc;
      const command: Command = { file: "tc", args: ["qdisc", "show", "dev", qdisc.dev, "root"] };
      const output = await read(runner, command, signal);
      if (output === undefined || output.exitCode !== 0)
        failed(command, output ?? { exitCode: 127, stdout: "", stderr: "tc is not installed" });
      return withPeakrate(qdisc, peakrateFromText(output.stdout));
    }),
  );
}

/** Interface names from `ip -br -j link show`. */
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
 * Reads back everything dom0kit may have created: the interfaces, every qdisc (`tc -s -j
 * qdisc show`), the uplink's classes and the filters on dom0kit's HTB qdisc,
 * dom0kit's nftables table, its iptables/ip6tables chains and the
 * bridge-netfilter sysctls. All reads run at once; none changes anything.
 * A tool that is not installed reads as "nothing there".
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
  const entries = Object.entries(commands);
  const outputs = new Map(
    await Promise.all(
      entries.map(async ([key, command]) => [key, await read(runner, command, options.signal)] as const),
    ),
  );

  const deviceOutput = outputs.get("devices");
  const devices =
    deviceOutput === undefined || deviceOutput.exitCode !== 0 ? undefined : parseLinks(deviceOutput.stdout);
  const qdiscOutput = outputs.get("qdiscs");
  if (qdiscOutput === undefined) throw new LiveStateError("tc -s -j qdisc show", "tc is not installed");
  if (qdiscOutput.exitCode !== 0) failed(commands.qdiscs as Command, qdiscOutput);
  const qdiscs = await fillPeakrates(runner, parseQdiscs(qdiscOutput.stdout), options.signal);

  const classOutput = outputs.get("classes");
  const classes =
    classOutput === undefined || classOutput.exitCode !== 0
      ? []
      : parseClasses(classOutput.stdout, scope.uplink);
  const filterOutput = outputs.get("filters");
  const filters =
    filterOutput === undefined || filterOutput.exitCode !== 0
      ? []
      : parseFilters(filterOutput.stdout, scope.uplink);

  const nftOutput = outputs.get("nft");
  let nft: LiveState["nft"];
  if (nftOutput !== undefined && nftOutput.exitCode === 0) nft = parseNftTable(nftOutput.stdout);
  else if (nftOutput !== undefined && !/No such file or directory/u.test(nftOutput.stderr)) {
    failed(commands.nft as Command, nftOutput);
  }

  const v4 = outputs.get("iptables");
  const v6 = outputs.get("ip6tables");
  const bridgeNetfilter = sysctlFlags(outputs.get("sysctl"));
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
