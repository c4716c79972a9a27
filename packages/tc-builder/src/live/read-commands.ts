import { formatClassId } from "../class-id.js";
import type { Command } from "@dom0kit/runner";
import { NFT_FAMILY, NFT_TABLE } from "./parse-nft.js";

/** Which device and qdisc handle dom0kit's state lives under. */
export interface LiveScope {
  /** The uplink interface (`peth0`). */
  readonly uplink: string;
  /** dom0kit's qdisc major handle. @default 0xd0 */
  readonly handle?: number;
  /** Read the nftables table. @default true */
  readonly nft?: boolean;
  /** Read iptables and ip6tables mangle rules and the bridge-netfilter sysctls. @default true */
  readonly iptables?: boolean;
}

/**
 * The read-only commands {@link readLiveState} runs, in order. None of them
 * changes anything; a re-apply of an unchanged inventory runs only these.
 *
 * @example
 * ```ts
 * liveStateCommands({ uplink: "peth0" }).map(formatCommand);
 * // ["ip -br -j link show", "tc -s -j qdisc show", "tc -s -d -j class show dev peth0", …]
 * ```
 */
export function liveStateCommands(scope: LiveScope): Record<string, Command> {
  const handle = formatClassId(scope.handle ?? 0xd0, 0);
  const commands: Record<string, Command> = {
    devices: { file: "ip", args: ["-br", "-j", "link", "show"] },
    qdiscs: { file: "tc", args: ["-s", "-j", "qdisc", "show"] },
    classes: {
      file: "tc",
      args: ["-s", "-d", "-j", "class", "show", "dev", scope.uplink],
      okExitCodes: [0, 1],
    },
    filters: {
      file: "tc",
      args: ["-j", "filter", "show", "dev", scope.uplink, "parent", handle],
      okExitCodes: [0, 1, 2],
    },
  };
  if (scope.nft ?? true) {
    commands.nft = { file: "nft", args: ["-j", "list", "table", NFT_FAMILY, NFT_TABLE], okExitCodes: [0, 1] };
  }
  if (scope.iptables ?? true) {
    commands.iptables = { file: "iptables-save", args: ["-t", "mangle"], okExitCodes: [0, 1] };
    commands.ip6tables = { file: "ip6tables-save", args: ["-t", "mangle"], okExitCodes: [0, 1] };
    commands.sysctl = {
      file: "sysctl",
      args: ["-n", "net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables"],
      okExitCodes: [0, 1, 255],
    };
  }
  return commands;
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
  if (command.file === "ip") return joined.endsWith(" show") || words.includes("list");
  if (command.file === "tc") return / show( |$)/u.test(joined) && !words.includes("-batch");
  if (command.file === "nft") return words.includes("list");
  if (command.file === "iptables-save" || command.file === "ip6tables-save") return true;
  if (command.file === "sysctl") return words.includes("-n") && !words.includes("-w");
  return false;
}
