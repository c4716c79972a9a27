import { readFile } from "node:fs/promises";
import type { SimPaths } from "../fs/sim-paths.js";

/** A line of `/etc/passwd`. */
export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly line: string;
}

/** A line of `/etc/group`. */
export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
  readonly line: string;
}

/** The simulated dom0's accounts: its `/etc/passwd`, `/etc/group` and `/etc/shadow`. */
export interface UserDatabase {
  readonly passwd: readonly PasswdEntry[];
  readonly group: readonly GroupEntry[];
  /** `/etc/shadow` lines by user name. */
  readonly shadow: ReadonlyMap<string, string>;
}

/** The accounts of a fresh simulated dom0 (a minimal Debian base system). */
export const BASE_ACCOUNTS = {
  passwd: [
    "root:x:0:0:root:/root:/bin/bash",
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin",
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin",
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
  ],
  group: [
    "root:x:0:",
    "daemon:x:1:",
    "bin:x:2:",
    "sys:x:3:",
    "adm:x:4:",
    "disk:x:6:",
    "sudo:x:27:",
    "nogroup:x:65534:",
  ],
  shadow: [
    "root:*:19700:0:99999:7:::",
    "daemon:*:19700:0:99999:7:::",
    "bin:*:19700:0:99999:7:::",
    "sys:*:19700:0:99999:7:::",
    "nobody:*:19700:0:99999:7:::",
  ],
} as const;

async function lines(path: string): Promise<string[]> {
  try {
    return (await readFile(path, "utf8")).split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/**
 * Reads the simulated dom0's account files (missing files are empty;
 * malformed lines are skipped, as glibc's files backend does).
 *
 * @example
 * ```ts
 * const users = await readUserDatabase(paths);
 * users.passwd.find((entry) => entry.name === "root")?.uid; // 0
 * ```
 */
export async function readUserDatabase(paths: SimPaths): Promise<UserDatabase> {
  const passwd: PasswdEntry[] = [];
  for (const line of await lines(`${paths.root}/etc/passwd`)) {
    const [name = "", , uid = "", gid = ""] = line.split(":");
    if (name !== "" && /^\d+$/.test(uid) && /^\d+$/.test(gid))
      passwd.push({ name, uid: Number(uid), gid: Number(gid), line });
  }
  const group: GroupEntry[] = [];
  for (const line of await lines(`${paths.root}/etc/group`)) {
    const [name = "", , gid = "", members = ""] = line.split(":");
    if (name !== "" && /^\d+$/.test(gid))
      group.push({ name, gid: Number(gid), members: members.split(",").filter((m) => m !== ""), line });
  }
  const shadow = new Map<string, string>();
  for (const line of await lines(`${paths.root}/etc/shadow`)) shadow.set(line.split(":")[0] ?? "", line);
  return { passwd, group, shadow };
}

/** A user by name, or by number when `key` is all digits (as getent and id look them up). */
export function findUser(users: UserDatabase, key: string): PasswdEntry | undefined {
  return /^\d+$/.test(key)
    ? users.passwd.find((entry) => entry.uid === Number(key))
    : users.passwd.find((entry) => entry.name === key);
}

/** A group by name, or by number when `key` is all digits. */
export function findGroup(users: UserDatabase, key: string): GroupEntry | undefined {
  return /^\d+$/.test(key)
    ? users.group.find((entry) => entry.gid === Number(key))
    : users.group.find((entry) => entry.name === key);
}

/** A user's groups as `id -G` lists them: the primary group, then each group naming the user as a member. */
export function groupsOf(users: UserDatabase, user: PasswdEntry): number[] {
  const gids = [user.gid];
  for (const group of users.group)
    if (group.members.includes(user.name) && !gids.includes(group.gid)) gids.push(group.gid);
  return gids;
}
