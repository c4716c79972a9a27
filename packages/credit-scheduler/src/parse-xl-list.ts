import { XlOutputError } from "./errors.js";

/** One row of `xl list` / `xm list`. */
export interface ListedDomain {
  readonly name: string;
  readonly id: number;
  /** Current memory, MiB. */
  readonly memoryMiB: number;
  /** vcpus online now. */
  readonly vcpus: number;
  /** Six flags: r b p s c d (`-` when unset). */
  readonly state: string;
  readonly timeSeconds: number;
}

const HEADER = /^Name\s+ID\s+Mem\s+VCPUs\s+State\s+Time\(s\)/;
const ROW = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([-a-zA-Z]{3,6})\s+(\d+(?:\.\d+)?)(?:\s.*)?$/;

/**
 * Reads `xl list` / `xm list` output: the `Name ID Mem VCPUs State Time(s)` header
 * (columns after it, as `-v` adds, are ignored) and one row per domain — format
 * from Xen's tools/xl/xl_info.c (`%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f`).
 * Dying domains listed as `(null)` are kept; callers skip them by state.
 *
 * @throws {@link XlOutputError} naming the line that is not in that format.
 * @example
 * ```ts
 * parseXlList(
 *   "Name                                        ID   Mem VCPUs\tState\tTime(s)\n" +
 *     "Domain-0                                     0  1023     1     r-----  154706.1\n",
 * )[0]; // { name: "Domain-0", id: 0, memoryMiB: 1023, vcpus: 1, state: "r-----", timeSeconds: 154706.1 }
 * ```
 */
export function parseXlList(text: string, command = "xl list"): ListedDomain[] {
  const domains: ListedDomain[] = [];
  let sawHeader = false;
  text.split("\n").forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, "");
    if (line.trim() === "") return;
    if (!sawHeader && HEADER.test(line.trim())) {
      sawHeader = true;
      return;
    }
    const row = sawHeader ? ROW.exec(line.trim()) : null;
    if (row === null) {
      throw new XlOutputError(
        command,
        index + 1,
        `expected ${sawHeader ? '"<name> <id> <mem> <vcpus> <state> <time>"' : 'the "Name ID Mem VCPUs State Time(s)" header'}, got ${JSON.stringify(line)}`,
      );
    }
    domains.push({
      name: row[1] ?? "",
      id: Number(row[2]),
      memoryMiB: Number(row[3]),
      vcpus: Number(row[4]),
      state: row[5] ?? "",
      timeSeconds: Number(row[6]),
    });
  });
  return domains;
}
