import { XlOutputError } from "./errors.js";

/** A domain's weight and cap as `xl sched-credit` / `sched-credit2` / `xm sched-credit` list it. */
export interface ScheduledDomain {
  readonly name: string;
  readonly id: number;
  readonly weight: number;
  /** % of one pCPU; 0 = none. */
  readonly cap: number;
  /** The cpupool it was listed under (xl), if any. */
  readonly pool: string | undefined;
}

/** A cpupool's scheduler parameters from its `Cpupool <name>: …` line. */
export interface PoolParameters {
  readonly name: string;
  /** Credit1 only. */
  readonly tsliceMs: number | undefined;
  readonly ratelimitUs: number | undefined;
  /** Credit1, Xen ≥ 4.12. */
  readonly migrationDelayUs: number | undefined;
  /** xl printed `[sched params unavailable]`. */
  readonly unavailable: boolean;
}

/** Everything one `sched-credit` listing says. */
export interface SchedCreditListing {
  readonly pools: readonly PoolParameters[];
  readonly domains: readonly ScheduledDomain[];
}

const POOL_LINE = /^Cpupool (\S+):\s*(.*)$/;
const HEADER = /^Name\s+ID\s+Weight\s+Cap\s*$/;
const ROW = /^(\S.*?)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s*$/;
const DICT = /^\{\s*'cap':\s*(-?\d+),\s*'weight':\s*(-?\d+)\s*\}$/;
const EXPECTED_ROW = `"<name> <id> <weight> <cap>" as xl prints it ("%-33s %4d %6d %4d")`;

/**
 * Reads what `xl sched-credit`, `xl sched-credit2` or `xm sched-credit` print (with
 * or without `-d`): `Cpupool <name>: tslice=30ms ratelimit=1000us …` lines, the
 * `Name ID Weight Cap` header, and one row per domain (format from Xen's
 * tools/xl/xl_sched.c and xm's main.py). Names longer than the column still parse.
 *
 * @throws {@link XlOutputError} naming the line that is not in that format.
 * @example
 * ```ts
 * const listing = parseSchedCredit(
 *   "Cpupool Pool-0: tslice=30ms ratelimit=1000us migration-delay=0us\n" +
 *     "Name                                ID Weight  Cap\n" +
 *     "Domain-0                             0   6000    0\n",
 * );
 * listing.domains[0]; // { name: "Domain-0", id: 0, weight: 6000, cap: 0, pool: "Pool-0" }
 * listing.pools[0]?.tsliceMs; // 30
 * ```
 */
export function parseSchedCredit(text: string, command = "xl sched-credit"): SchedCreditListing {
  const pools: PoolParameters[] = [];
  const domains: ScheduledDomain[] = [];
  let pool: string | undefined;
  let sawHeader = false;
  text.split("\n").forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, "");
    if (line.trim() === "") return;
    const poolMatch = POOL_LINE.exec(line);
    if (poolMatch !== null) {
      pool = poolMatch[1];
      pools.push(parsePoolParameters(poolMatch[1] ?? "", poolMatch[2] ?? "", command, index + 1));
      sawHeader = false;
      return;
    }
    if (HEADER.test(line.trim())) {
      sawHeader = true;
      return;
    }
    const row = ROW.exec(line);
    if (row === null || !sawHeader) {
      throw new XlOutputError(
        command,
        index + 1,
        `expected ${sawHeader ? EXPECTED_ROW : 'a "Cpupool <name>:" line or the "Name ID Weight Cap" header'}, got ${JSON.stringify(line)}`,
      );
    }
    domains.push({
      name: (row[1] ?? "").trim(),
      id: Number(row[2]),
      weight: Number(row[3]),
      cap: Number(row[4]),
      pool,
    });
  });
  return { pools, domains };
}

function parsePoolParameters(name: string, rest: string, command: string, line: number): PoolParameters {
  if (rest.trim() === "[sched params unavailable]") {
    return {
      name,
      tsliceMs: undefined,
      ratelimitUs: undefined,
      migrationDelayUs: undefined,
      unavailable: true,
    };
  }
  const values = new Map<string, number>();
  for (const field of rest.trim().split(/\s+/).filter(Boolean)) {
    const match = /^([a-z-]+)=(\d+)(ms|us)$/.exec(field);
    if (match === null) {
      if (/^sched=/.test(field)) continue;
      throw new XlOutputError(
        command,
        line,
        `expected pool parameters like "tslice=30ms ratelimit=1000us", got ${JSON.stringify(field)}`,
      );
    }
    values.set(match[1] ?? "", Number(match[2]));
  }
  return {
    name,
    tsliceMs: values.get("tslice"),
    ratelimitUs: values.get("ratelimit"),
    migrationDelayUs: values.get("migration-delay"),
    unavailable: false,
  };
}

/**
 * Reads the dictionary old `xm sched-credit -d <domain>` printed:
 * `{'cap': 0, 'weight': 256}`.
 *
 * @throws {@link XlOutputError} when the text is not that dictionary.
 * @example
 * ```ts
 * parseXmSchedCreditDict("{'cap': 0, 'weight': 512}\n"); // { weight: 512, cap: 0 }
 * ```
 */
export function parseXmSchedCreditDict(
  text: string,
  command = "xm sched-credit",
): { weight: number; cap: number } {
  const match = DICT.exec(text.trim());
  if (match === null) {
    throw new XlOutputError(
      command,
      1,
      `expected "{'cap': <n>, 'weight': <n>}", got ${JSON.stringify(text.trim())}`,
    );
  }
  return { cap: Number(match[1]), weight: Number(match[2]) };
}
