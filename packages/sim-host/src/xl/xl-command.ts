import { getopt, hasOption } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import { xlConsole } from "./console.js";
import { xlDestroy, xlPause, xlReboot, xlShutdown, xlUnpause } from "./control.js";
import { xlCreate } from "./create.js";
import { xlInfo } from "./info.js";
import { xlList } from "./list.js";
import { xlDomid, xlDomname, xlUptime, xlVmList } from "./misc.js";
import { xlRestore, xlSave } from "./save-restore.js";
import { xlSchedCredit, xlSchedCredit2 } from "./sched.js";
import { xlVcpuList, xlVcpuPin, xlVcpuSet } from "./vcpu.js";
import { XL_ALL_SUBCOMMANDS, XL_HELP } from "./xl-help.js";
import { XlRun, type XlSubcommand } from "./xl-run.js";

/** The xl subcommands the simulator implements. */
export const XL_SUBCOMMANDS: Readonly<Record<string, XlSubcommand>> = {
  list: xlList,
  info: xlInfo,
  create: xlCreate,
  destroy: xlDestroy,
  shutdown: xlShutdown,
  reboot: xlReboot,
  pause: xlPause,
  unpause: xlUnpause,
  save: xlSave,
  restore: xlRestore,
  "sched-credit": xlSchedCredit,
  "sched-credit2": xlSchedCredit2,
  "vcpu-list": xlVcpuList,
  "vcpu-pin": xlVcpuPin,
  "vcpu-set": xlVcpuSet,
  console: xlConsole,
  domid: xlDomid,
  domname: xlDomname,
  uptime: xlUptime,
  "vm-list": xlVmList,
};

const DRYRUN_CAPABLE = new Set(["create", "vcpu-pin"]);

function mainUsage(): string {
  const lines = Object.entries(XL_HELP).map(([name, entry]) => ` ${name.padEnd(22)}${entry.summary}`);
  return `Usage xl [-vfNtT] <subcommand> [args]\n\nxl full list of subcommands:\n\n${lines.join("\n")}\n`;
}

/** `xl`: global options (-v, -f, -N, -t, -T), then a subcommand. */
export const xlCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "+vfNtT");
  if (parsed.error !== undefined) {
    await emit(context.io.stdout, mainUsage());
    return { exitCode: 2 };
  }
  const [subcommand, ...args] = parsed.operands;
  if (subcommand === undefined) {
    await emit(context.io.stdout, mainUsage());
    return { exitCode: 1 };
  }
  if (subcommand === "help") {
    const [topic] = args;
    const run = new XlRun(context, topic ?? "", [], false);
    await emit(
      context.io.stdout,
      topic !== undefined && XL_HELP[topic] !== undefined ? run.help() : mainUsage(),
    );
    return { exitCode: 0 };
  }
  const implementation = XL_SUBCOMMANDS[subcommand];
  if (implementation === undefined) {
    if (XL_ALL_SUBCOMMANDS.has(subcommand)) {
      await emit(context.io.stderr, `sim-host: xl ${subcommand}: not simulated\n`);
      return { exitCode: 127 };
    }
    // Real xl's own words for a subcommand it does not know (xl.c; the string is in Debian's xl binary).
    await emit(context.io.stderr, "command not implemented\n");
    return { exitCode: 1 };
  }
  const dryRun = hasOption(parsed, "N");
  if (dryRun && !DRYRUN_CAPABLE.has(subcommand)) {
    await emit(context.io.stderr, "command does not implement -N (dryrun) option\n");
    return { exitCode: 1 };
  }
  const run = new XlRun(context, subcommand, args, dryRun);
  const exitCode = await implementation(run);
  await emit(context.io.stdout, run.out);
  await emit(context.io.stderr, run.err);
  return { exitCode };
};
