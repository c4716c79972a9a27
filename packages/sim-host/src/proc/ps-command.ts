import { getopt, hasOption } from "../exec/getopt.js";
import { emit } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import { processTable, type SimProcess } from "./process-table.js";

interface Column {
  readonly header: string;
  readonly width: number;
  readonly right: boolean;
  readonly value: (process: SimProcess) => string;
}

const COLUMNS: Readonly<Record<string, Column>> = {
  pid: { header: "PID", width: 7, right: true, value: (p) => String(p.pid) },
  ppid: { header: "PPID", width: 7, right: true, value: (p) => String(p.ppid) },
  comm: { header: "COMMAND", width: 15, right: false, value: (p) => p.comm },
  ucomm: { header: "COMMAND", width: 15, right: false, value: (p) => p.comm },
  args: { header: "COMMAND", width: 27, right: false, value: (p) => p.args },
  cmd: { header: "CMD", width: 27, right: false, value: (p) => p.args },
  command: { header: "COMMAND", width: 27, right: false, value: (p) => p.args },
  user: { header: "USER", width: 8, right: false, value: (p) => p.user },
  ni: { header: "NI", width: 3, right: true, value: (p) => (p.kernelThread ? "0" : "0") },
  cls: { header: "CLS", width: 3, right: false, value: () => "TS" },
  stat: { header: "STAT", width: 4, right: false, value: (p) => (p.kernelThread ? "S" : "Ss") },
  tty: { header: "TT", width: 8, right: false, value: () => "?" },
  time: { header: "TIME", width: 8, right: true, value: () => "00:00:00" },
  // Every simulated process has one thread, its main one (-L lists it).
  lwp: { header: "LWP", width: 7, right: true, value: (p) => String(p.pid) },
  tid: { header: "TID", width: 7, right: true, value: (p) => String(p.pid) },
  spid: { header: "SPID", width: 7, right: true, value: (p) => String(p.pid) },
  nlwp: { header: "NLWP", width: 4, right: true, value: () => "1" },
};

/**
 * `ps -e|-A|-p PIDS|-C NAMES [-L] [-o FORMAT] [--no-headers]` over the simulated
 * process table (dom0 daemons and the domains' backend processes).
 */
export const psCommand: CommandHandler = async (context) => {
  const parsed = getopt(context.argv.slice(1), "eAo:p:C:fwhL", {
    "no-headers": [false, "no-headers"],
    format: [true, "o"],
    pid: [true, "p"],
  });
  if (parsed.error !== undefined || parsed.operands.length > 0) {
    await emit(context.io.stderr, `sim-host: ps ${context.argv.slice(1).join(" ")}: not simulated\n`);
    return { exitCode: 127 };
  }
  let processes = processTable(await context.env.store.read());
  const pids = parsed.options
    .filter((option) => option.name === "p")
    .flatMap((option) => (option.value ?? "").split(/[,\s]+/))
    .filter(Boolean)
    .map(Number);
  const names = parsed.options
    .filter((option) => option.name === "C")
    .flatMap((option) => (option.value ?? "").split(","));
  if (pids.length > 0 || names.length > 0) {
    processes = processes.filter((p) => pids.includes(p.pid) || names.includes(p.comm));
  } else if (!hasOption(parsed, "e") && !hasOption(parsed, "A")) {
    processes = [];
  }
  const format = parsed.options.filter((option) => option.name === "o").map((option) => option.value ?? "");
  const specs = (format.length === 0 ? ["pid,tty,time,cmd"] : format)
    .flatMap((text) => text.split(/[,\s]+/))
    .filter(Boolean);
  const columns: { column: Column; header: string }[] = [];
  for (const spec of specs) {
    const [name = "", override] = spec.split(/=(.*)/s);
    const column = COLUMNS[name];
    if (column === undefined) {
      await emit(context.io.stderr, 'error: unknown user-defined format specifier "' + name + '"\n');
      return { exitCode: 1 };
    }
    columns.push({ column, header: override ?? column.header });
  }
  const headers =
    !hasOption(parsed, "no-headers") && !hasOption(parsed, "h") && columns.some((each) => each.header !== "");
  const line = (cells: string[]): string =>
    cells
      .map((cell, index) => {
        const { column } = columns[index] as { column: Column };
        const last = index === cells.length - 1;
        return column.right ? cell.padStart(column.width) : last ? cell : cell.padEnd(column.width);
      })
      .join(" ")
      .replace(/\s+$/, "");
  let out = headers ? `${line(columns.map((each) => each.header))}\n` : "";
  for (const process of processes) out += `${line(columns.map((each) => each.column.value(process)))}\n`;
  await emit(context.io.stdout, out);
  return { exitCode: processes.length === 0 && (pids.length > 0 || names.length > 0) ? 1 : 0 };
};
