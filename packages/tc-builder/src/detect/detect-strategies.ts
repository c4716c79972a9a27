import { CommandFailedError, type Command, type CommandRunner } from "@dom0kit/runner";
import { ShapingConflictError } from "../errors.js";
import { NFT_FAMILY, NFT_TABLE } from "../live/parse-nft.js";
import { nftFile } from "../render/nft-text.js";
import { STRATEGIES, type ClassificationStrategy } from "../strategy.js";
import { parseTcBatchErrors } from "./tc-batch-errors.js";

/**
 * Whether the running kernel and tools support a strategy. `available` is
 * `undefined` when it could not be probed (no `unshare`, not root).
 *
 * @example
 * ```ts
 * const fw: StrategySupport = { strategy: "fw", available: false, reason: "the kernel has no fw classifier …" };
 * ```
 */
export interface StrategySupport {
  readonly strategy: ClassificationStrategy;
  readonly available: boolean | undefined;
  readonly reason: string;
}

interface ProbeOutput {
  readonly exitCode: number;
  readonly stderr: string;
}

/** Probes run in a throwaway network namespace: nothing on the host changes. */
function isolated(file: string, args: readonly string[], input: string): Command {
  return { file: "unshare", args: ["--net", "--", file, ...args], input, okExitCodes: [0, 1, 2, 4, 255] };
}

async function probe(runner: CommandRunner, command: Command): Promise<ProbeOutput | string> {
  try {
    const result = await runner.run(command);
    if (result.exitCode === 127) return `${command.file} is not installed`;
    if (/unshare: /u.test(result.stderr) && result.exitCode !== 0)
      return result.stderr.trim().split("\n")[0] ?? "unshare failed";
    return result;
  } catch (error) {
    if (error instanceof CommandFailedError) {
      return error.reason === "spawn-error" ? `${command.file} is not installed` : error.message;
    }
    throw error;
  }
}

const TC_PROBE = [
  "qdisc add dev lo root handle 1: htb default ffff",
  "class add dev lo parent 1: classid 1:1 htb rate 1mbit",
  "filter add dev lo parent 1: protocol ip prio 20 u32 match ip src 127.0.0.1/32 flowid 1:1",
  "filter add dev lo parent 1: protocol all prio 10 handle 0x1/0xffff fw classid 1:1",
  "qdisc add dev lo parent 1:1 handle 2: tbf rate 1mbit burst 10kb latency 50ms",
];
const TC_LINE = { htb: 1, u32: 3, fw: 4, tbf: 5 } as const;

function iptablesProbe(target: string): string {
  return `*mangle\n:DOM0KIT-PROBE - [0:0]\n-A DOM0KIT-PROBE -m physdev --physdev-in dom0kit-probe -j ${target}\nCOMMIT\n`;
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}

/**
 * Finds out which classification strategies this host supports, by trying
 * each in a throwaway network namespace (`unshare --net`): an HTB with a
 * u32 and an fw filter and a TBF through `tc -force -batch`, dom0kit's
 * nftables table through `nft -f`, physdev CLASSIFY and MARK rules through
 * `iptables-restore` and `ip6tables-restore`. Nothing on the host changes;
 * kernel modules load on demand as they would for real use.
 *
 * @example
 * ```ts
 * const support = await detectStrategies(new ExecaRunner());
 * support.find((each) => each.strategy === "fw"); // { available: false, reason: "the kernel has no fw classifier …" } on a kernel without cls_fw
 * ```
 */
export async function detectStrategies(runner: CommandRunner): Promise<StrategySupport[]> {
  const nftText = nftFile(
    [{ op: "nft-create", elements: [{ vif: "dom0kit-probe", minor: 1 }], replace: false, why: "" }],
    1,
  );
  const [tc, nft, classify4, classify6, mark4, mark6] = await Promise.all([
    probe(runner, isolated("tc", ["-force", "-batch", "-"], `${TC_PROBE.join("\n")}\n`)),
    probe(runner, isolated("nft", ["-f", "-"], nftText)),
    probe(runner, isolated("iptables-restore", [], iptablesProbe("CLASSIFY --set-class 1:1"))),
    probe(runner, isolated("ip6tables-restore", [], iptablesProbe("CLASSIFY --set-class 1:1"))),
    probe(runner, isolated("iptables-restore", [], iptablesProbe("MARK --set-xmark 0x1/0xffff"))),
    probe(runner, isolated("ip6tables-restore", [], iptablesProbe("MARK --set-xmark 0x1/0xffff"))),
  ]);

  const tcFailures = typeof tc === "string" ? undefined : parseTcBatchErrors(tc.stderr);
  const tcLine = (line: number, what: string): { available: boolean | undefined; reason: string } => {
    if (typeof tc === "string") return { available: undefined, reason: `could not probe tc: ${tc}` };
    const failure = tcFailures?.find((each) => each.line === line || each.line === TC_LINE.htb);
    if (failure === undefined) return { available: true, reason: `${what}: ok` };
    const why =
      failure.kind === "classifier-missing"
        ? `the kernel has no ${what} (tc: ${failure.message})`
        : failure.kind === "qdisc-missing"
          ? `the kernel lacks a qdisc dom0kit needs (tc: ${failure.message})`
          : `tc refused it: ${failure.message}`;
    return { available: false, reason: why };
  };
  const iptables = (
    v4: ProbeOutput | string,
    v6: ProbeOutput | string,
    what: string,
  ): { available: boolean | undefined; reason: string } => {
    for (const [family, output] of [
      ["iptables", v4],
      ["ip6tables", v6],
    ] as const) {
      if (typeof output === "string")
        return { available: undefined, reason: `could not probe ${family}: ${output}` };
      if (output.exitCode !== 0)
        return { available: false, reason: `${family} refused ${what}: ${firstLine(output.stderr)}` };
    }
    return { available: true, reason: `${what}: ok in iptables and ip6tables` };
  };

  const shaping = tcLine(TC_LINE.tbf, "htb and tbf qdiscs");
  const nftSupport =
    typeof nft === "string"
      ? { available: undefined, reason: `could not probe nft: ${nft}` }
      : nft.exitCode === 0
        ? {
            available: true,
            reason: `nftables bridge family with meta priority: ok (table ${NFT_FAMILY} ${NFT_TABLE})`,
          }
        : { available: false, reason: `nft refused the bridge table: ${firstLine(nft.stderr)}` };
  const fwFilter = tcLine(TC_LINE.fw, "fw classifier (cls_fw)");
  const mark = iptables(mark4, mark6, "physdev + MARK");
  const both = (
    a: { available: boolean | undefined; reason: string },
    b: { available: boolean | undefined; reason: string },
  ) =>
    a.available === false
      ? a
      : b.available === false
        ? b
        : a.available === undefined
          ? a
          : b.available === undefined
            ? b
            : { available: true, reason: `${a.reason}; ${b.reason}` };

  const byStrategy: Record<ClassificationStrategy, { available: boolean | undefined; reason: string }> = {
    nft: both(shaping, nftSupport),
    classify: both(shaping, iptables(classify4, classify6, "physdev + CLASSIFY")),
    u32: both(shaping, tcLine(TC_LINE.u32, "u32 classifier")),
    fw: both(shaping, both(mark, fwFilter)),
  };
  return STRATEGIES.map((strategy) => ({ strategy, ...byStrategy[strategy] }));
}

/**
 * Picks the strategy to use: the requested one if the host supports it (or
 * support is unknown), else the first available of nft, classify, u32, fw.
 *
 * @throws {@link ShapingConflictError} when the requested strategy is
 * unavailable (with the reason) or none is.
 * @example
 * ```ts
 * chooseStrategy(await detectStrategies(runner)); // "nft" on a modern host
 * ```
 */
export function chooseStrategy(
  support: readonly StrategySupport[],
  requested?: ClassificationStrategy,
): ClassificationStrategy {
  if (requested !== undefined) {
    const found = support.find((each) => each.strategy === requested);
    if (found?.available === false) {
      throw new ShapingConflictError(`the ${requested} strategy is not available here: ${found.reason}`);
    }
    return requested;
  }
  const best =
    support.find((each) => each.available === true) ?? support.find((each) => each.available === undefined);
  if (best === undefined) {
    throw new ShapingConflictError(
      `no classification strategy works on this host:\n${support.map((each) => `  ${each.strategy}: ${each.reason}`).join("\n")}`,
    );
  }
  return best.strategy;
}
