import type { Readable, Writable } from "node:stream";
import type { SimPaths } from "../fs/sim-paths.js";
import type { StateStore } from "../state/store.js";

/** Where a simulated command reads and writes. */
export interface SimIo {
  /** Its standard input; null means empty. */
  readonly stdin: Readable | null;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /**
   * Real file descriptors a spawned program may use directly instead of the
   * streams (the `dom0kit-sim` executable passes 0, 1 and 2).
   */
  readonly fds?: { readonly stdin: number; readonly stdout: number; readonly stderr: number };
  /** True when stdin is a terminal (for `xl console`). */
  readonly terminal?: boolean;
}

/** How a simulated command ended. */
export type SimExit = { readonly exitCode: number } | { readonly signal: NodeJS.Signals };

/** What every command handler may use: the state, the file system mapping, the clock. */
export interface SimEnvironment {
  readonly paths: SimPaths;
  readonly store: StateStore;
  /** Current time in epoch milliseconds. */
  readonly now: () => number;
}

/** A data stream cut short by a fault: pass `bytes`, then fail like this. */
export interface StreamCut {
  readonly bytes: number;
  readonly exitCode: number;
  readonly stderr: string;
}

/** One simulated command being run. */
export interface CommandContext {
  readonly env: SimEnvironment;
  /** The program's base name followed by its arguments (wrappers removed). */
  readonly argv: readonly string[];
  /** Real wrapper argv (`ionice -c 3`, `nice -n 10`) to run a real program under. */
  readonly wrappers: readonly (readonly string[])[];
  /** Working directory in the simulated file system. */
  readonly cwd: string;
  /** Environment variables the command was given. */
  readonly vars: Readonly<Record<string, string>>;
  readonly io: SimIo;
  readonly signal: AbortSignal;
  readonly streamCut?: StreamCut;
  /** Extra facts for the journal (e.g. the script `tc -batch -` read). */
  readonly journal: Record<string, unknown>;
}

/** Runs one simulated program. */
export type CommandHandler = (context: CommandContext) => Promise<SimExit>;

/** Shorthand for an exit code result. */
export function exit(exitCode: number): SimExit {
  return { exitCode };
}
