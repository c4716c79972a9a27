import { getopt, hasOption, optionValue } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import type { SimIoPriority } from "../state/model.js";
import { processTable } from "./process-table.js";

const CLASSES: readonly SimIoPriority["ioClass"][] = ["none", "realtime", "best-effort", "idle"];

function parseClass(text: string): SimIoPriority["ioClass"] | undefined {
  if (/^\d+$/.test(text)) return CLASSES[Number(text)];
  const lower = text.toLowerCase();
  return CLASSES.find((name) => name === lower);
}

function describe(priority: SimIoPriority | undefined): string {
  const value = priority ?? { ioClass: "none", level: 0 };
  return value.ioClass === "idle" ? "idle" : `${value.ioClass}: prio ${String(value.level)}`;
}

/**
 * `ionice -p PID…` (show) and `ionice -c CLASS [-n LEVEL] [-t] -p PID…` (set)
 * on the simulated dom0's processes (see `ps -e`): the domains' blkback
 * threads and qemu processes. `ionice -c … COMMAND` wraps a real program.
 */
export const ioniceCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "c:n:p:P:u:t", {
    class: [true, "c"],
    classdata: [true, "n"],
    pid: [true, "p"],
    pgid: [true, "P"],
    uid: [true, "u"],
    ignore: [false, "t"],
  });
  const fail = async (message: string, exitCode: number): Promise<{ exitCode: number }> => {
    await emit(context.io.stderr, message);
    return { exitCode };
  };
  if (parsed.error !== undefined)
    return fail(
      `ionice: invalid option -- '${parsed.error.option}'\nTry 'ionice --help' for more information.\n`,
      1,
    );
  if (hasOption(parsed, "P") || hasOption(parsed, "u"))
    return fail("sim-host: ionice -P/-u: not simulated\n", 127);
  const ignore = hasOption(parsed, "t");
  const classText = optionValue(parsed, "c");
  const levelText = optionValue(parsed, "n");
  let ioClass: SimIoPriority["ioClass"] | undefined;
  if (classText !== undefined) {
    ioClass = parseClass(classText);
    if (ioClass === undefined) return fail(`ionice: unknown prio class ${classText}\n`, 1);
  }
  const level = levelText === undefined ? 4 : Number.parseInt(levelText, 10);
  if (levelText !== undefined && Number.isNaN(level))
    return fail(`ionice: invalid class data argument: '${levelText}'\n`, 1);
  const pidTexts = [
    ...parsed.options.filter((option) => option.name === "p").map((option) => option.value ?? ""),
    ...(hasOption(parsed, "p") ? parsed.operands : []),
  ];
  if (pidTexts.length === 0) {
    if (parsed.operands.length === 0 && classText === undefined && levelText === undefined) {
      return fail("sim-host: ionice without -p: not simulated (the simulator's own I/O priority)\n", 127);
    }
    return fail("sim-host: ionice COMMAND: only data programs may be wrapped (ionice -c N dd …)\n", 127);
  }
  const pids = pidTexts.map((text) => Number.parseInt(text, 10));
  const setting = classText !== undefined || levelText !== undefined;
  let out = "";
  let err = "";
  let exitCode = 0;
  await context.env.store.update((state) => {
    const known = new Set(processTable(state).map((process) => process.pid));
    for (const pid of pids) {
      if (!known.has(pid)) {
        if (!ignore) {
          err += `ionice: ioprio_${setting ? "set" : "get"} failed: No such process\n`;
          exitCode = 1;
        }
        continue;
      }
      if (!setting) {
        out += `${describe(state.processes.ioPriorities[String(pid)])}\n`;
        continue;
      }
      const chosen = ioClass ?? "best-effort";
      const data = chosen === "idle" ? 0 : chosen === "none" ? 0 : level;
      if (data < 0 || data > 7) {
        if (!ignore) {
          err += "ionice: ioprio_set failed: Invalid argument\n";
          exitCode = 1;
        }
        continue;
      }
      state.processes.ioPriorities[String(pid)] = { ioClass: chosen, level: data };
    }
  });
  if (setting && ioClass === "idle" && levelText !== undefined)
    err = `ionice: ignoring given class data for idle class\n${err}`;
  await emit(context.io.stdout, out);
  await emit(context.io.stderr, err);
  return { exitCode };
};
