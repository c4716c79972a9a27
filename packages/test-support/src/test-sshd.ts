import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port.js";
import { uniqueName } from "./unique-name.js";

const run = promisify(execFile);

/** Options of {@link startTestSshd}. */
export interface TestSshdOptions {
  /**
   * The login user: `"create"` makes a fresh user (needs root) whose login shell
   * is `shell` and whose home is an empty directory (no startup files), removed
   * on stop; `"current"` logs in as the user running the tests.
   * @default "create" as root, else "current"
   */
  readonly user?: "create" | "current";
  /** The created user's login shell. @default "/bin/sh" */
  readonly shell?: string;
  /** Variables sshd sets in every session (`SetEnv`), e.g. a PATH with shims first. */
  readonly setEnv?: Readonly<Record<string, string>>;
  /** More sshd_config lines. */
  readonly config?: readonly string[];
  /** Reuse the host key and client key of an earlier instance (to test a restart). */
  readonly keysFrom?: TestSshd;
}

/** A running sshd on 127.0.0.1 with its own host key, user key and known_hosts. */
export interface TestSshd {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** The login user. */
  readonly user: string;
  /** `user@127.0.0.1`. */
  readonly destination: string;
  /** The directory holding config, keys and the user's home. */
  readonly dir: string;
  /** The user's home directory (empty unless a test puts something there). */
  readonly home: string;
  /** The private key the user logs in with. */
  readonly identityFile: string;
  /** A known_hosts file with this server's host key. */
  readonly knownHostsFile: string;
  /** The server's host key (public half). */
  readonly hostPublicKey: string;
  /** The listening sshd's pid. */
  readonly pid: number;
  /** What sshd logged so far (-e). */
  log(): string;
  /** Kills sshd, every connection it serves and what they run, as if the host went down. The user and files stay. */
  kill(): Promise<void>;
  /** Kills sshd and its connections, removes the user and the directory. */
  stop(): Promise<void>;
}

/** Pids of every descendant of `pid`: sshd's per-connection processes and the sessions they run. */
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const children = parents.get(queue.shift() as number) ?? [];
    found.push(...children);
    queue.push(...children);
  }
  return found;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
}

async function keygen(path: string, comment: string): Promise<void> {
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path]);
}

async function createUser(home: string, shell: string): Promise<string> {
  const name = uniqueName("d0kssh");
  await run("useradd", ["-M", "-d", home, "-s", shell, "-p", "*", name]);
  await mkdir(home, { recursive: true });
  await chown(
    home,
    Number((await run("id", ["-u", name])).stdout),
    Number((await run("id", ["-g", name])).stdout),
  );
  return name;
}

async function removeUser(name: string): Promise<void> {
  await run("pkill", ["-KILL", "-u", name]).catch(() => undefined); // the test user's own processes only
  await run("userdel", ["-f", name]).catch(() => undefined);
}

function listen(
  dir: string,
  configPath: string,
): { child: ChildProcess; log: string[]; ready: Promise<void> } {
  const log: string[] = [];
  const child = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", configPath], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start: ${log.join("")}`)), 10_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      log.push(chunk.toString());
      if (log.join("").includes("Server listening on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${String(code)}: ${log.join("")}`));
    });
  });
  return { child, log, ready };
}

/**
 * Starts `sshd -D -e -f CONFIG` on 127.0.0.1 on a free port, with a fresh host
 * key, a fresh client key in `authorized_keys` (AuthorizedKeysFile in its own
 * temporary directory), `UsePAM no`, and a known_hosts file for it. Call
 * `stop()` in `afterAll`.
 *
 * @example
 * ```ts
 * const sshd = await startTestSshd();
 * afterAll(() => sshd.stop());
 * // ssh -i sshd.identityFile -o UserKnownHostsFile=sshd.knownHostsFile -p sshd.port sshd.destination
 * ```
 */
export async function startTestSshd(options: TestSshdOptions = {}): Promise<TestSshd> {
  const dir = await mkdtemp(join(tmpdir(), "dom0kit-sshd-"));
  await chmod(dir, 0o755); // the login user must reach its home inside
  const home = join(dir, "home");
  const mode = options.user ?? (process.getuid?.() === 0 ? "create" : "current");
  let user = userInfo().username;
  let created = false;
  try {
    if (mode === "create") {
      user = await createUser(home, options.shell ?? "/bin/sh");
      created = true;
    } else {
      await mkdir(home);
    }
    const hostKey = join(dir, "host_ed25519");
    const identityFile = join(dir, "id_ed25519");
    if (options.keysFrom === undefined) {
      await keygen(hostKey, "dom0kit test host");
      await keygen(identityFile, "dom0kit test user");
    } else {
      for (const [from, to] of [
        [join(options.keysFrom.dir, "host_ed25519"), hostKey],
        [options.keysFrom.identityFile, identityFile],
      ] as const) {
        await writeFile(to, await readFile(from), { mode: 0o600 });
        await writeFile(`${to}.pub`, await readFile(`${from}.pub`));
      }
    }
    await writeFile(join(dir, "authorized_keys"), await readFile(`${identityFile}.pub`), { mode: 0o644 });
    const hostPublicKey = (await readFile(`${hostKey}.pub`, "utf8")).trim().split(" ").slice(0, 2).join(" ");

    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const configPath = join(dir, "sshd_config");
      await writeFile(
        configPath,
        [
          `Port ${String(port)}`,
          "ListenAddress 127.0.0.1",
          `HostKey ${hostKey}`,
          "PidFile none",
          "UsePAM no",
          "StrictModes no",
          `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
          "PubkeyAuthentication yes",
          "PasswordAuthentication no",
          "KbdInteractiveAuthentication no",
          "PermitRootLogin prohibit-password",
          `AllowUsers ${user}`,
          "PrintMotd no",
          "MaxStartups 50:30:100",
          "LogLevel INFO",
          ...Object.entries(options.setEnv ?? {}).map(([name, value]) => `SetEnv ${name}="${value}"`),
          ...(options.config ?? []),
          "",
        ].join("\n"),
      );
      const { child, log, ready } = listen(dir, configPath);
      try {
        await ready;
      } catch (error) {
        await exited(child);
        if (attempt < 5 && log.join("").includes("Address already in use")) continue;
        throw error;
      }
      const knownHostsFile = join(dir, "known_hosts");
      await writeFile(knownHostsFile, `[127.0.0.1]:${String(port)} ${hostPublicKey}\n`);
      const pid = child.pid as number;
      const kill = async (): Promise<void> => {
        const everything = descendantsOf(pid);
        signal(pid, "SIGKILL");
        for (const each of everything) signal(each, "SIGKILL");
        await exited(child);
      };
      return {
        host: "127.0.0.1",
        port,
        user,
        destination: `${user}@127.0.0.1`,
        dir,
        home,
        identityFile,
        knownHostsFile,
        hostPublicKey,
        pid,
        log: () => log.join(""),
        kill,
        stop: async () => {
          await kill();
          if (created) await removeUser(user);
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    if (created) await removeUser(user);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
