import type { CommandRunner } from "@dom0kit/runner";
import { ToolOutputError } from "./errors.js";

/** One row of `xl list`. */
export interface ListedDomain {
  readonly name: string;
  readonly domid: number;
  /** The six state flags, `r-----`, `-b----`, `--p---` (paused), `---s--`, `----c-`, `-----d`. */
  readonly state: string;
}

const HEADER = /^Name\s+ID\s+Mem\s+VCPUs\s+State\s+Time\(s\)/;
const ROW = /^(.*\S)\s+([0-9]+)\s+([0-9]+)\s+([0-9]+)\s+([-rbpscd]{6})\s+([0-9]+(?:\.[0-9]+)?)\s*$/;

/**
 * Parses `xl list` (or legacy `xm list`) output. The name is read from the left
 * up to the five numeric/state columns, so names with spaces survive. Dying
 * domains that xl shows as `(null)` are left out.
 *
 * @throws {@link ToolOutputError} on a line that is not a domain row.
 * @example
 * ```ts
 * parseXlList("Name   ID   Mem VCPUs      State   Time(s)\nDomain-0   0  1023     1     r-----   154.1\n");
 * // [{ name: "Domain-0", domid: 0, state: "r-----" }]
 * ```
 */
export function parseXlList(stdout: string, tool = "xl list"): ListedDomain[] {
  const lines = stdout.split("\n");
  const domains: ListedDomain[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "" || (index === 0 && HEADER.test(line))) continue;
    const row = ROW.exec(line);
    if (row === null)
      throw new ToolOutputError(tool, index + 1, line, "a domain row: NAME ID MEM VCPUS STATE TIME");
    const [, name = "", domid = "", , , state = ""] = row;
    if (name === "(null)") continue;
    domains.push({ name, domid: Number(domid), state });
  }
  return domains;
}

/**
 * Runs `xl list` (or `xm list`) through the runner and returns the domains.
 *
 * @example
 * ```ts
 * const running = await listDomains(new ExecaRunner());
 * const vm1 = running.find((each) => each.name === "vm1")?.domid;
 * ```
 */
export async function listDomains(
  runner: CommandRunner,
  toolstack: "xl" | "xm" = "xl",
): Promise<ListedDomain[]> {
  const { stdout } = await runner.run({ file: toolstack, args: ["list"] });
  return parseXlList(stdout, `${toolstack} list`);
}
