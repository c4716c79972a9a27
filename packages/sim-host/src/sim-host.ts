import { link, mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { constants as osConstants } from "node:os";
import { dirname } from "node:path";
import { isatty } from "node:tty";
import { Readable } from "node:stream";
import {
  CommandFailedError,
  assertValidCommand,
  connectPipeline,
  okExitCodesOf,
  type Command,
  type CommandRunner,
  type RunOptions,
  type RunResult,
  type StreamingRun,
  type StreamOptions,
} from "@dom0kit/runner";
import { SimHostError } from "./errors.js";
import { executeCommand } from "./exec/execute.js";
import { Collector } from "./exec/io.js";
import { simStage } from "./exec/stage.js";
import type { SimEnvironment, SimIo } from "./exec/types.js";
import { parseFaultSpec, type FaultRecord, type FaultSpecInput } from "./faults/fault-spec.js";
import { SimPaths } from "./fs/sim-paths.js";
import { parseHostSpec, type HostSpecInput } from "./host-spec.js";
import { initialState } from "./state/initial-state.js";
import type { SimState } from "./state/model.js";
import { StateStore, serializeState } from "./state/store.js";
import { BASE_ACCOUNTS } from "./users/user-database.js";
import { setAttributes, statReal } from "./fs/file-owners.js";
import { BASE_DIRECTORIES, DEBIAN_SSHD_CONFIG, DEBIAN_SUDOERS } from "./fs/base-system.js";
import { crashDomain } from "./xl/lifecycle.js";

/** Options shared by {@link SimHost.create} and {@link SimHost.open}. */
export interface SimHostOptions {
  /** The simulated clock, in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Most stdout/stderr `run` keeps in memory. @default 64 MiB */
  readonly maxBufferBytes?: number;
}

/** Options of {@link SimHost.create}. */
export interface SimHostCreateOptions extends SimHostOptions {
  /** The machine to simulate (every field has a default). */
  readonly host?: HostSpecInput;
  /** Replace a simulated host that already lives in the directory. @default false */
  readonly replace?: boolean;
}

/** One command from the journal (`journal.jsonl`). */
export interface JournalEntry {
  readonly at: string;
  readonly pid: number;
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly exitCode?: number;
  readonly signal?: string;
  readonly stopped?: string;
  readonly durationMs: number;
  /** What tc -batch, nft -f and iptables-restore read. */
  readonly input?: string;
  /** The fault that replaced the command, if one did. */
  readonly fault?: string;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The host spec a state was created from (for {@link SimHost.reset}). */
export function hostSpecOf(state: SimState): HostSpecInput {
  return {
    hostname: state.host.hostname,
    cpus: state.host.cpus,
    memoryMiB: state.host.memoryMiB,
    scheduler: state.host.scheduler,
    dom0: {
      memoryMiB: state.dom0.memoryMiB,
      vcpus: state.dom0.maxVcpus,
      weight: state.dom0.weight,
      cap: state.dom0.cap,
    },
    volumeGroups: state.host.volumeGroups.map((vg) => ({
      name: vg.name,
      size: vg.sizeBytes,
      extentSize: vg.extentBytes,
    })),
    nics: state.host.nics,
    bridges: state.host.bridges,
    physicalDisk: state.host.physicalDisk,
    blockScheduler: state.host.blockScheduler as "bfq" | "mq-deadline" | "kyber" | "none",
  };
}

async function layOutRoot(paths: SimPaths, state: SimState): Promise<void> {
  for (const dir of ["etc/xen", "var/lib/xen/images", "var/lib/xen/save", "var/backups", "tmp", "root"]) {
    await mkdir(`${paths.root}/${dir}`, { recursive: true });
  }
  for (const dir of BASE_DIRECTORIES) await mkdir(`${paths.root}/${dir}`, { recursive: true });
  await writeFile(`${paths.root}/etc/sudoers`, DEBIAN_SUDOERS);
  await new StateStore(paths.stateFile, paths.lockDir).update(async (current) => {
    const sudoers = `${paths.root}/etc/sudoers`;
    const stats = await statReal(sudoers, false);
    if (stats !== undefined) await setAttributes(current, sudoers, stats, { uid: 0, gid: 0, mode: 0o440 });
  });
  await writeFile(`${paths.root}/etc/ssh/sshd_config`, DEBIAN_SSHD_CONFIG);
  for (const vg of state.host.volumeGroups)
    await mkdir(paths.lvFile(vg.name, "x").replace(/\/x$/, ""), { recursive: true });
  const scheduler = ["mq-deadline", "kyber", "bfq", "none"]
    .map((name) => (name === state.host.blockScheduler ? `[${name}]` : name))
    .join(" ");
  for (const [file, lines] of Object.entries(BASE_ACCOUNTS))
    await writeFile(`${paths.root}/etc/${file}`, lines.map((line) => `${line}\n`).join(""), {
      mode: file === "shadow" ? 0o640 : 0o644,
    });
  const queue = `${paths.root}/sys/block/${state.host.physicalDisk}/queue`;
  await mkdir(queue, { recursive: true });
  await writeFile(`${queue}/scheduler`, `${scheduler}\n`);
}

/**
 * A simulated Xen dom0, like libvirt's test driver: a `CommandRunner` that
 * answers `xl`, LVM, `tc`, `nft`, `iptables-restore`, `ionice` and `ps` with
 * the real tools' output formats and exit codes, keeps its state in a
 * directory (safe for concurrent processes), and runs an allow-list of real
 * data programs (dd, cat, zstd, gzip, sha256sum …) on real files behind the
 * simulated paths. Anything else fails with exit 127, `sim-host: CMD: not simulated`.
 *
 * @example
 * ```ts
 * const sim = await SimHost.create("/tmp/dom0", { host: { cpus: 8 } });
 * await sim.writeFile("/etc/xen/vm1.cfg", 'name = "vm1"\nmemory = 512\nvcpus = 2\n');
 * await sim.run({ file: "xl", args: ["create", "/etc/xen/vm1.cfg"] });
 * const { stdout } = await sim.run({ file: "xl", args: ["list"] });
 * ```
 */
export class SimHost implements CommandRunner {
  /** The state directory. */
  readonly dir: string;
  readonly #paths: SimPaths;
  readonly #store: StateStore;
  readonly #env: SimEnvironment;
  readonly #maxBufferBytes: number;
  /** For {@link SimHost.at}: the host to create on first use if the directory has none. */
  readonly #createIfMissing: HostSpecInput | undefined;
  #ready: Promise<void> | undefined;

  private constructor(dir: string, options: SimHostOptions, createIfMissing?: HostSpecInput) {
    this.#createIfMissing = createIfMissing;
    this.#paths = new SimPaths(dir);
    this.dir = this.#paths.stateDir;
    this.#store = new StateStore(this.#paths.stateFile, this.#paths.lockDir);
    this.#env = { paths: this.#paths, store: this.#store, now: options.now ?? Date.now };
    this.#maxBufferBytes = options.maxBufferBytes ?? 64 * 1024 * 1024;
  }

  /**
   * Creates a simulated host in `dir` (created if missing): Domain-0 only,
   * empty volume groups, the directory layout of a dom0 under `dir/root`.
   *
   * @throws {@link SimHostError} `SIM_STATE_EXISTS` when `dir` already holds one (unless `replace`), `SIM_SPEC_INVALID` for a bad host spec.
   */
  static async create(dir: string, options: SimHostCreateOptions = {}): Promise<SimHost> {
    const spec = parseHostSpec(options.host ?? {});
    const sim = new SimHost(dir, options);
    if ((await exists(sim.#paths.stateFile)) && options.replace !== true) {
      throw new SimHostError(
        "SIM_STATE_EXISTS",
        `a simulated host already lives in ${sim.dir} (open it, or create with replace: true)`,
        { path: sim.dir },
      );
    }
    await mkdir(sim.dir, { recursive: true });
    if (options.replace === true) {
      for (const entry of ["root", "lvm", "journal.jsonl"])
        await rm(`${sim.dir}/${entry}`, { recursive: true, force: true });
    }
    const state = initialState(spec, sim.#env.now());
    await sim.#store.replace(state);
    await layOutRoot(sim.#paths, state);
    return sim;
  }

  /**
   * A simulated host in `dir`, without touching the disk yet: the first
   * command opens it — or, with `createIfMissing`, creates one with that host
   * spec if the directory has none (how the CLI's default `--host sim` target
   * works on a fresh machine). Synchronous, so it can back a runner factory.
   *
   * @example
   * ```ts
   * const runner = SimHost.at(defaultSimDir(), { createIfMissing: {} });
   * await runner.run({ file: "xl", args: ["list"] });
   * ```
   */
  static at(dir: string, options: SimHostOptions & { createIfMissing?: HostSpecInput } = {}): SimHost {
    return new SimHost(dir, options, options.createIfMissing);
  }

  /** Resolves when the state exists (creating it for {@link SimHost.at} with `createIfMissing`). */
  #whenReady(): Promise<void> {
    this.#ready ??= (async () => {
      if (this.#createIfMissing === undefined || (await exists(this.#paths.stateFile))) return;
      const state = initialState(parseHostSpec(this.#createIfMissing), this.#env.now());
      await mkdir(this.dir, { recursive: true });
      // Create only if still absent, whole: a complete temporary file hard-linked into place (link fails if another process won).
      const temporary = `${this.#paths.stateFile}.${String(process.pid)}.new`;
      await writeFile(temporary, serializeState(state));
      try {
        await link(temporary, this.#paths.stateFile);
        await layOutRoot(this.#paths, state);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      } finally {
        await rm(temporary, { force: true });
      }
    })();
    return this.#ready;
  }

  /**
   * Opens the simulated host living in `dir`.
   *
   * @throws {@link SimHostError} `SIM_STATE_MISSING` when there is none, `SIM_STATE_INVALID` when its state file is not one.
   */
  static async open(dir: string, options: SimHostOptions = {}): Promise<SimHost> {
    const sim = new SimHost(dir, options);
    await sim.#store.read();
    return sim;
  }

  /** Opens the host in `dir`, creating one with `options.host` if there is none. */
  static async openOrCreate(dir: string, options: SimHostCreateOptions = {}): Promise<SimHost> {
    const sim = new SimHost(dir, options);
    if (await exists(sim.#paths.stateFile)) return SimHost.open(dir, options);
    return SimHost.create(dir, options);
  }

  /**
   * Boots the host afresh with the same hardware: every guest, logical
   * volume, file, tc/nft/iptables setting, fault and journal entry is gone.
   */
  async reset(): Promise<void> {
    const state = await this.#store.read();
    await SimHost.create(this.dir, { host: hostSpecOf(state), replace: true, now: this.#env.now });
  }

  /** Runs one command to completion on the simulated host (see {@link CommandRunner.run}). */
  async run(command: Command, options: RunOptions = {}): Promise<RunResult> {
    assertValidCommand(command);
    options.signal?.throwIfAborted();
    await this.#whenReady();
    const interactive = options.stdio === "inherit";
    const stdout = interactive ? process.stdout : new Collector(this.#maxBufferBytes);
    const stderr = interactive ? process.stderr : new Collector(this.#maxBufferBytes);
    const stdin = interactive
      ? process.stdin
      : command.input === undefined
        ? null
        : Readable.from([Buffer.from(command.input)]);
    const io: SimIo = { stdin, stdout, stderr, ...(interactive ? { terminal: process.stdin.isTTY } : {}) };
    const outcome = await executeCommand(this.#env, command, io, options.signal);
    const out = stdout instanceof Collector ? stdout.text() : "";
    const err = stderr instanceof Collector ? stderr.text() : "";
    const overflow =
      (stdout instanceof Collector && stdout.overflowed) ||
      (stderr instanceof Collector && stderr.overflowed);
    const fail = (details: Partial<ConstructorParameters<typeof CommandFailedError>[0]>): never => {
      throw new CommandFailedError({
        command,
        reason: "exit-code",
        stdout: out,
        stderr: err,
        durationMs: outcome.durationMs,
        ...details,
      });
    };
    if (outcome.stopped !== undefined) fail({ reason: outcome.stopped });
    if ("signal" in outcome.exit) fail({ reason: "signal", signal: outcome.exit.signal });
    const exitCode = "exitCode" in outcome.exit ? outcome.exit.exitCode : 1;
    if (overflow) fail({ reason: "output-too-large", exitCode });
    if (!okExitCodesOf(command).includes(exitCode)) fail({ reason: "exit-code", exitCode });
    return { command, exitCode, stdout: out, stderr: err, durationMs: outcome.durationMs };
  }

  /**
   * Runs a command with this process's own standard input, output and error
   * (real programs get descriptors 0, 1 and 2 directly), as the `dom0kit-sim`
   * executable and the shims do. Returns the exit status a shell would see
   * (128 + signal number for a killed program).
   */
  async runAttached(command: Command, options: { signal?: AbortSignal } = {}): Promise<number> {
    assertValidCommand(command);
    await this.#whenReady();
    const io: SimIo = {
      get stdin() {
        return process.stdin;
      },
      stdout: process.stdout,
      stderr: process.stderr,
      fds: { stdin: 0, stdout: 1, stderr: 2 },
      terminal: isatty(0),
    };
    const outcome = await executeCommand(this.#env, command, io, options.signal);
    if ("exitCode" in outcome.exit) return outcome.exit.exitCode;
    return 128 + (osConstants.signals[outcome.exit.signal] ?? 9);
  }

  /** Streams a pipeline on the simulated host (see {@link CommandRunner.stream}). */
  stream(pipeline: Command | readonly Command[], options: StreamOptions = {}): StreamingRun {
    const ready = this.#whenReady();
    return connectPipeline(pipeline, (request) => simStage(this.#env, request, ready), options);
  }

  /** The whole current state (a copy). */
  state(): Promise<SimState> {
    return this.#store.read();
  }

  /** Where a simulated path (`/etc/xen/vm1.cfg`, `/dev/vg0/vm1-disk`) lives on this machine. */
  async hostPath(simPath: string): Promise<string> {
    const state = await this.#store.read();
    return this.#paths.resolve(
      simPath,
      "/",
      state.host.volumeGroups.map((vg) => vg.name),
    ).hostPath;
  }

  /** Writes a file into the simulated dom0's file system (parent directories are created). */
  async writeFile(simPath: string, data: string | Uint8Array): Promise<void> {
    const path = await this.hostPath(simPath);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  }

  /** Reads a file (or a logical volume) of the simulated dom0. */
  async readFile(simPath: string): Promise<Buffer> {
    return readFile(await this.hostPath(simPath));
  }

  /** Lists a directory of the simulated dom0. */
  async readDir(simPath: string): Promise<string[]> {
    return readdir(await this.hostPath(simPath));
  }

  /**
   * Installs a fault, persisted in the state directory so it applies to
   * commands from any process using it. Returns its id.
   *
   * @throws {@link SimHostError} `SIM_FAULT_INVALID` for a bad spec.
   * @example
   * ```ts
   * await sim.addFault({ match: { argvPrefix: ["lvcreate"] }, effect: { kind: "fail", exitCode: 5, stderr: "  Volume group \"vg0\" has insufficient free space\n" } });
   * ```
   */
  async addFault(spec: FaultSpecInput): Promise<number> {
    const parsed = parseFaultSpec(spec);
    return this.#store.update((state) => {
      const id = state.nextFaultId;
      state.nextFaultId += 1;
      state.faults.push({ id, spec: parsed, matched: 0, fired: 0 });
      return id;
    });
  }

  /** The installed faults with how often each matched and fired. */
  async faults(): Promise<FaultRecord[]> {
    return (await this.#store.read()).faults;
  }

  /** Removes one fault (by id) or, without an id, all of them. Returns how many were removed. */
  async clearFaults(id?: number): Promise<number> {
    return this.#store.update((state) => {
      const before = state.faults.length;
      state.faults = id === undefined ? [] : state.faults.filter((record) => record.id !== id);
      return before - state.faults.length;
    });
  }

  /**
   * Sets a snapshot's fill level (0..100); 100 overflows it, making it
   * invalid (`I` in `lvs`, reads fail with an I/O error).
   *
   * @throws {@link SimHostError} `SIM_NOT_FOUND` when `vg/name` is not a snapshot.
   */
  async setSnapshotFill(lv: string, percent: number): Promise<void> {
    await this.#store.update((state) => {
      const [vg, name] = lv.split("/");
      const target = state.logicalVolumes.find((each) => each.vg === vg && each.name === name);
      if (target?.snapshot === undefined)
        throw new SimHostError("SIM_NOT_FOUND", `${lv} is not a snapshot on this simulated host`);
      target.snapshot.fillPercent = Math.min(100, Math.max(0, percent));
      target.snapshot.invalid = percent >= 100;
    });
  }

  /**
   * Makes a guest crash now; its `on_crash` action applies (destroy by default, `preserve` keeps it as crashed).
   *
   * @throws {@link SimHostError} `SIM_NOT_FOUND` when no running guest has that name or domid.
   */
  async crashDomain(nameOrDomid: string): Promise<void> {
    await this.#store.update((state) => {
      if (!crashDomain(state, nameOrDomid, this.#env.now()))
        throw new SimHostError("SIM_NOT_FOUND", `no running domain ${nameOrDomid} on this simulated host`);
    });
  }

  /** Appends text to a guest's console (what `xl console` shows). */
  async writeConsole(nameOrDomid: string, text: string): Promise<void> {
    await this.#store.update((state) => {
      const domain = state.domains.find(
        (each) => each.name === nameOrDomid || String(each.domid) === nameOrDomid,
      );
      if (domain === undefined)
        throw new SimHostError("SIM_NOT_FOUND", `no domain ${nameOrDomid} on this simulated host`);
      domain.consoleLog += text;
    });
  }

  /** Every command run against this host so far, from any process, oldest first. */
  async journal(): Promise<JournalEntry[]> {
    const text = await readFile(this.#paths.journalFile, "utf8").catch(() => "");
    return text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as JournalEntry);
  }
}
