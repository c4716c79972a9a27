import { formatClassId } from "../class-id.js";
import type { Command } from "@dom0kit/runner";
import { NFT_FAMILY, NFT_TABLE } from "./parse-nft.js";
import type { ClassificationStrategy } from "../strategy.js";

/**
 * Which device and qdisc handle dom0kit's state lives under.
 * @example
 * ```ts
 * const scope: LiveScope = { uplink: "peth0", strategy: "nft", devices: ["vif1.0"] };
 * ```
 */
export interface LiveScope {
  /** The uplink interface (`peth0`). */
  readonly uplink: string;
  /** dom0kit's qdisc major handle. @default 0xd0 */
  readonly handle?: number;
  /** Read the nftables table. @default true */
  readonly nft?: boolean;
  /**
   * Read iptables and ip6tables mangle rules.
   * By default they are read unless dom0kit's nftables table exists and the
   * strategy is nft (or not given): then no iptables state of dom0kit's can
   * exist but a leftover of an interrupted strategy switch.
   * @default "auto"
   */
  readonly iptables?: boolean | "auto";
  /** The strategy about to be applied, if known; decides the "auto" iptables read. */
  readonly strategy?: ClassificationStrategy;
  /** Read the kernel's counters too (`tc -s`), for status reports. @default false */
  readonly stats?: boolean;
  /**
   * Interfaces the caller needs to know exist (the vifs to shape). When tc lists a qdisc on
   * each of them and on the uplink, `/proc/net/dev` is not read. @default read it always
   */
  readonly devices?: readonly string[];
}

/**
 * Where the kernel says whether bridged packets traverse iptables and ip6tables (br_netfilter).
 * @example
 * ```ts
 * const read = { file: "cat", args: [...BRIDGE_NETFILTER_FILES] };
 * ```
 */
export const BRIDGE_NETFILTER_FILES = [
  "/proc/sys/net/bridge/bridge-nf-call-iptables",
  "/proc/sys/net/bridge/bridge-nf-call-ip6tables",
] as const;

/**
 * The show commands of the one `tc -batch` that reads qdiscs, classes and filters.
 * @example
 * ```ts
 * showBatchInput({ uplink: "peth0" }); // "qdisc show\nclass show dev peth0\nfilter show dev peth0 parent d0:\n"
 * ```
 */
export function showBatchInput(scope: LiveScope): string {
  const handle = formatClassId(scope.handle ?? 0xd0, 0);
  return `qdisc show\nclass show dev ${scope.uplink}\nfilter show dev ${scope.uplink} parent ${handle}\n`;
}

/**
 * The read-only commands {@link readLiveState} may run (the iptables ones
 * only when needed, see {@link LiveScope.iptables}). tc's three
 * reads share one `tc -batch` process (tc maps every interface name at start,
 * which costs as much as the reads on a dom0 with thousands of vifs). None of
 * them changes anything: re-applying an unchanged inventory runs only these.
 *
 * @example
 * ```ts
 * Object.values(liveStateCommands({ uplink: "peth0" })).map(formatCommand);
 * // ["cat /proc/net/dev /proc/sys/net/bridge/…", "tc -d -j -force -batch -", "nft -j list table bridge dom0kit", …]
 * ```
 */
export function liveStateCommands(scope: LiveScope): Record<string, Command> {
  const commands: Record<string, Command> = {
    // One cat: the interfaces (up or down) and the two bridge-netfilter switches. Run only when
    // they matter: an iptables strategy, or an interface tc did not list (down, or missing).
    devices: { file: "cat", args: ["/proc/net/dev", ...BRIDGE_NETFILTER_FILES], okExitCodes: [0, 1] },
    tc: {
      file: "tc",
      args: [...(scope.stats === true ? ["-s"] : []), "-d", "-j", "-force", "-batch", "-"],
      input: showBatchInput(scope),
      okExitCodes: [0, 1],
    },
  };
  if (scope.nft ?? true) {
    commands.nft = { file: "nft", args: ["-j", "list", "table", NFT_FAMILY, NFT_TABLE], okExitCodes: [0, 1] };
  }
  if (scope.iptables !== false) {
    commands.iptables = { file: "iptables-save", args: ["-t", "mangle"], okExitCodes: [0, 1] };
    commands.ip6tables = { file: "ip6tables-save", args: ["-t", "mangle"], okExitCodes: [0, 1] };
  }
  return commands;
}

/**
 * The same reads as separate commands, for a runner that cannot run the
 * `tc -batch` of shows or read `/proc/net/dev` (a simulated host).
 * @example
 * ```ts
 * separateReadCommands({ uplink: "peth0" }).qdiscs; // { file: "tc", args: ["-j", "qdisc", "show"] }
 * ```
 */
export function separateReadCommands(
  scope: LiveScope,
): Record<"devices" | "qdiscs" | "classes" | "filters", Command> {
  const handle = formatClassId(scope.handle ?? 0xd0, 0);
  return {
    devices: { file: "ip", args: ["-br", "-j", "link", "show"] },
    qdiscs: { file: "tc", args: [...(scope.stats === true ? ["-s"] : []), "-j", "qdisc", "show"] },
    classes: {
      file: "tc",
      args: [...(scope.stats === true ? ["-s"] : []), "-d", "-j", "class", "show", "dev", scope.uplink],
      okExitCodes: [0, 1],
    },
    filters: {
      file: "tc",
      args: ["-j", "filter", "show", "dev", scope.uplink, "parent", handle],
      okExitCodes: [0, 1, 2],
    },
  };
}

/**
 * True for a command that changes nothing on the host: what
 * {@link liveStateCommands}, {@link readKernelHz} and the strategy probes run
 * (the probes work in a throwaway `unshare --net` namespace).
 *
 * @example
 * ```ts
 * isReadOnlyCommand({ file: "tc", args: ["-j", "qdisc", "show"] }); // true
 * isReadOnlyCommand({ file: "tc", args: ["-batch", "-"] });         // false
 * ```
 */
export function isReadOnlyCommand(command: Command): boolean {
  const words = [command.file, ...command.args];
  const joined = words.join(" ");
  if (command.file === "unshare") return command.args[0] === "--net";
  if (command.file === "zcat" || command.file === "uname" || command.file === "cat") return true;
  if (command.file === "tc" && words.includes("-batch")) {
    const input = typeof command.input === "string" ? command.input : "";
    return (
      input.trim() !== "" &&
      input
        .trim()
        .split("\n")
        .every((line) => /^(?:qdisc|class|filter) show\b/u.test(line.trim()))
    );
  }
  if (command.file === "ip") return joined.endsWith(" show") || words.includes("list");
  if (command.file === "tc") return / show( |$)/u.test(joined) && !words.includes("-batch");
  if (command.file === "nft") return words.includes("list");
  if (command.file === "iptables-save" || command.file === "ip6tables-save") return true;
  if (command.file === "sysctl") return words.includes("-n") && !words.includes("-w");
  return false;
}
