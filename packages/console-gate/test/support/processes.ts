import { execFile } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Every process descending from `root` (by parent pid), `root` included. */
export async function descendants(root: number): Promise<Set<number>> {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = await readFile(`/proc/${entry}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (found.has(parent) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return found;
}

/** TCP ports listened on by any of `pids`. */
export async function listeningPortsOf(pids: ReadonlySet<number>): Promise<number[]> {
  const { stdout } = await run("ss", ["-ltnpH"]);
  const ports: number[] = [];
  for (const line of stdout.split("\n")) {
    const owners = [...line.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
    if (!owners.some((pid) => pids.has(pid))) continue;
    const local = line.trim().split(/\s+/)[3] ?? "";
    ports.push(Number(local.slice(local.lastIndexOf(":") + 1)));
  }
  return ports;
}

/** Directories /tmp/ssh-* owned by `uid`: where sshd puts a forwarded agent's socket. */
export async function agentDirectoriesOf(uid: number): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir("/tmp")) {
    if (!entry.startsWith("ssh-")) continue;
    try {
      if ((await stat(`/tmp/${entry}`)).uid === uid) out.push(entry);
    } catch {
      // Removed while we looked.
    }
  }
  return out;
}

/** Polls `probe` until it returns true or `timeoutMs` passes; returns the last answer. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
