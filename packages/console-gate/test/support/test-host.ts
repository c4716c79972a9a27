import { execFile } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** One invocation recorded by the fake xl. */
export interface XlCall {
  readonly argv: readonly string[];
  readonly uid: number;
  readonly sudoUser: string | null;
  readonly tty: boolean;
  readonly typed?: string;
  readonly event?: string;
}

/**
 * A scratch "host" for integration tests: one root-owned base directory
 * (mode 0755, so customer accounts can traverse it) holding the console
 * gate's paths, a fake xl that records its calls, a world-writable canary
 * directory (if a shell ever ran as a customer, it could write there), and
 * SSH keys.
 */
export class TestHost {
  readonly base: string;

  private constructor(base: string) {
    this.base = base;
  }

  static async create(domains: Record<string, { id: number; running: boolean }>): Promise<TestHost> {
    const base = await mkdtemp(join(tmpdir(), "d0k-console-"));
    await chmod(base, 0o755);
    const host = new TestHost(base);
    for (const dir of ["bin", "etc/ssh", "etc/xen", "keys", "run"])
      await mkdir(join(base, dir), { recursive: true });
    await chmod(join(base, "keys"), 0o700);
    await mkdir(host.canaryDir);
    await chmod(host.canaryDir, 0o1777);
    const xl = join(base, "bin", "xl");
    const source = await readFile(new URL("../fixtures/fake-xl.mjs", import.meta.url), "utf8");
    await writeFile(xl, `#!${process.execPath}\n${source}`, { mode: 0o755 });
    await writeFile(join(base, "xl-state.json"), JSON.stringify(domains));
    await writeFile(join(base, "xl-calls.jsonl"), "");
    for (const name of Object.keys(domains))
      await writeFile(join(base, "etc/xen", `${name}.cfg`), `name = "${name}"\n`);
    return host;
  }

  /** The console-gate `paths` for this host (sudoers.d is the real one: sudo reads nothing else). */
  get paths(): Record<string, string> {
    return {
      accessDir: join(this.base, "etc/console"),
      sudoersDir: "/etc/sudoers.d",
      sshdDropIn: join(this.base, "etc/ssh/console.conf"),
      sshdConfig: join(this.base, "etc/ssh/sshd_config_match"),
      homeBase: join(this.base, "home"),
      program: join(this.base, "lib/dom0kit-console.js"),
      node: process.execPath,
      xl: join(this.base, "bin/xl"),
      xenConfigDir: join(this.base, "etc/xen"),
    };
  }

  /** A directory anyone may write to: a file appearing here means a shell ran. */
  get canaryDir(): string {
    return join(this.base, "canary");
  }

  async xlCalls(): Promise<XlCall[]> {
    const text = await readFile(join(this.base, "xl-calls.jsonl"), "utf8");
    return text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as XlCall);
  }

  async domainState(): Promise<Record<string, { id: number; running: boolean }>> {
    return JSON.parse(await readFile(join(this.base, "xl-state.json"), "utf8")) as Record<
      string,
      { id: number; running: boolean }
    >;
  }

  /** A fresh Ed25519 key pair; returns the private key path and the public key line. */
  async keyPair(name: string): Promise<{ privateKey: string; publicKey: string }> {
    const privateKey = join(this.base, "keys", name);
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `${name}@test`, "-f", privateKey]);
    return { privateKey, publicKey: (await readFile(`${privateKey}.pub`, "utf8")).trim() };
  }

  async copyIn(source: string, relative: string): Promise<string> {
    const target = join(this.base, relative);
    await copyFile(source, target);
    return target;
  }

  async remove(): Promise<void> {
    await rm(this.base, { recursive: true, force: true });
  }
}
