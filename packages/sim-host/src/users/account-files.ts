import { readFile, writeFile } from "node:fs/promises";
import type { SimPaths } from "../fs/sim-paths.js";

/** The account files useradd, usermod and userdel change, as lines. */
export interface AccountFiles {
  passwd: string[][];
  group: string[][];
  shadow: string[][];
  /** Undefined when the simulated dom0 has no `/etc/gshadow`. */
  gshadow: string[][] | undefined;
}

const NAMES = ["passwd", "group", "shadow", "gshadow"] as const;

async function readTable(path: string): Promise<string[][] | undefined> {
  try {
    const text = await readFile(path, "utf8");
    return text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => line.split(":"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Reads `/etc/passwd`, `/etc/group`, `/etc/shadow` and `/etc/gshadow` of the
 * simulated dom0 as rows of colon-separated fields (missing files are empty;
 * a missing gshadow stays missing).
 *
 * @example
 * ```ts
 * const files = await readAccountFiles(paths);
 * files.passwd.find((row) => row[0] === "root")?.[2]; // "0"
 * ```
 */
export async function readAccountFiles(paths: SimPaths): Promise<AccountFiles> {
  const [passwd, group, shadow, gshadow] = await Promise.all(
    NAMES.map((name) => readTable(`${paths.root}/etc/${name}`)),
  );
  return { passwd: passwd ?? [], group: group ?? [], shadow: shadow ?? [], gshadow };
}

/**
 * Writes the account files back (in place, so their owner and mode stay).
 * Call under the state lock, as every account command does.
 *
 * @example
 * ```ts
 * files.shadow.push(["alice", "*", "19737", "0", "99999", "7", "", "", ""]);
 * await writeAccountFiles(paths, files);
 * ```
 */
export async function writeAccountFiles(paths: SimPaths, files: AccountFiles): Promise<void> {
  for (const name of NAMES) {
    const rows = files[name];
    if (rows === undefined) continue;
    await writeFile(`${paths.root}/etc/${name}`, rows.map((row) => `${row.join(":")}\n`).join(""));
  }
}

/** The row of `name` in a table (its first field), or undefined. */
export function rowOf(rows: readonly string[][], name: string): string[] | undefined {
  return rows.find((row) => row[0] === name);
}

/** A group row's members (its fourth field). */
export function membersOf(row: readonly string[]): string[] {
  return (row[3] ?? "").split(",").filter((member) => member !== "");
}

/** Sets a group row's members. */
export function setMembers(row: string[], members: readonly string[]): void {
  row[3] = members.join(",");
}

/** Days since the epoch, as the shadow file's "last change" field counts them. */
export function daysSinceEpoch(nowMs: number): string {
  return String(Math.floor(nowMs / 86_400_000));
}
