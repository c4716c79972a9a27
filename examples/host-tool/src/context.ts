import { isAbsolute, resolve } from "node:path";
import type { Command } from "commander";
import { loadInventory, type Inventory } from "@dom0kit/inventory";
import { DryRunRunner, formatCommand, type CommandRunner } from "@dom0kit/runner";
import { globalOptions, type GlobalOptions } from "./global-options.js";
import { parseHostTarget, type HostTarget } from "./host-target.js";
import { closeRunner, runnerForTarget } from "./host-runner.js";
import type { CliIo } from "./io.js";
import { colorEnabled, Output } from "./output.js";

/** What every command handler gets: options, output, the inventory, runners. */
export class CliContext {
  readonly io: CliIo;
  /** Fires on SIGINT/SIGTERM: long work stops, undoes, and cleans up. */
  readonly signal: AbortSignal;
  readonly #runners = new Map<string, CommandRunner>();

  constructor(io: CliIo, signal: AbortSignal) {
    this.io = io;
    this.signal = signal;
  }

  /** The global options as `command` sees them. */
  options(command: Command): GlobalOptions {
    return globalOptions(command);
  }

  /** Output with colour decided by the terminal, NO_COLOR and `--no-color`. */
  output(command: Command): Output {
    return new Output(this.io, colorEnabled(this.io, this.options(command).color));
  }

  /** A path from the command line, resolved against the working directory. */
  resolvePath(path: string): string {
    return isAbsolute(path) ? path : resolve(this.io.cwd, path);
  }

  /** Loads and validates `--inventory`. */
  async inventory(command: Command): Promise<Inventory> {
    return this.loadInventoryFile(this.resolvePath(this.options(command).inventory));
  }

  /** Loads and validates an inventory file. */
  async loadInventoryFile(path: string): Promise<Inventory> {
    return loadInventory(path);
  }

  /** The parsed `--host`. */
  hostTarget(command: Command): HostTarget {
    return parseHostTarget(this.options(command).host);
  }

  /** Runs commands on the target host: for reading state, and for changes unless `--dry-run`. */
  hostRunner(command: Command): CommandRunner {
    const { host } = this.options(command);
    let runner = this.#runners.get(host);
    if (runner === undefined) {
      runner = runnerForTarget(this.hostTarget(command), this.io.env);
      this.#runners.set(host, runner);
    }
    return runner;
  }

  /** Ends every host runner's open connections (SSH masters). Called once the command is done. */
  async close(): Promise<void> {
    const runners = [...this.#runners.values()];
    this.#runners.clear();
    await Promise.all(runners.map(closeRunner));
  }

  /** Runs changes: the host runner, or with `--dry-run` a runner that only prints them. */
  changeRunner(command: Command): CommandRunner {
    if (!this.options(command).dryRun) return this.hostRunner(command);
    const output = this.output(command);
    return new DryRunRunner({ onCommand: (each) => output.line(`would run: ${formatCommand(each)}`) });
  }
}
