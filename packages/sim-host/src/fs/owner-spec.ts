import { findGroup, findUser, type UserDatabase } from "../users/user-database.js";

/** An owner and group to give a file; either may stay as it is. */
export interface OwnerChange {
  readonly uid?: number | undefined;
  readonly gid?: number | undefined;
}

/** Why an owner could not be resolved. */
export type OwnerProblem = { readonly problem: "user" | "group" };

/** A user name or number as the simulated dom0 knows it (numbers need not name an account). */
export function resolveUid(users: UserDatabase, key: string): number | undefined {
  const found = findUser(users, key);
  if (found !== undefined) return found.uid;
  return /^\d+$/.test(key) ? Number(key) : undefined;
}

/** A group name or number as the simulated dom0 knows it. */
export function resolveGid(users: UserDatabase, key: string): number | undefined {
  const found = findGroup(users, key);
  if (found !== undefined) return found.gid;
  return /^\d+$/.test(key) ? Number(key) : undefined;
}

/**
 * Parses chown's `OWNER[:[GROUP]]`, `:GROUP` or `OWNER.GROUP` against the
 * simulated accounts: `OWNER:` means the owner's login group.
 *
 * @example
 * ```ts
 * parseOwnerSpec(users, "root:alice"); // { uid: 0, gid: 1000 }
 * parseOwnerSpec(users, "nosuch");     // { problem: "user" }
 * ```
 */
export function parseOwnerSpec(users: UserDatabase, spec: string): OwnerChange | OwnerProblem {
  let separator = spec.indexOf(":");
  if (separator < 0 && findUser(users, spec) === undefined) separator = spec.indexOf(".");
  const user = separator < 0 ? spec : spec.slice(0, separator);
  const group = separator < 0 ? undefined : spec.slice(separator + 1);
  let uid: number | undefined;
  if (user !== "") {
    uid = resolveUid(users, user);
    if (uid === undefined) return { problem: "user" };
  }
  if (group === undefined) return { uid };
  if (group === "") {
    if (user === "") return {};
    const login = findUser(users, user);
    return login === undefined ? { uid } : { uid, gid: login.gid };
  }
  const gid = resolveGid(users, group);
  return gid === undefined ? { problem: "group" } : { uid, gid };
}
