import type { Readable, Writable } from "node:stream";
import type { Command } from "./command.js";
import type { FailureReason } from "./errors.js";

/** How one spawned stage ended, success or not. Never a rejection. */
export interface StageExit {
  readonly command: Command;
  /** Undefined when the stage succeeded. */
  readonly failure?: FailureReason;
  readonly exitCode?: number;
  readonly signal?: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly cause?: unknown;
}

/**
 * One process of a streaming run, as a runner implementation spawns it. The
 * pipeline connector (`connectPipeline`) wires stages together; runners only
 * need to start one.
 */
export interface StageProcess {
  /** The stage's stdin, or null when it was started with no input stream. */
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  /** Resolves when the stage has exited; never rejects. */
  readonly exited: Promise<StageExit>;
}

/** What a runner needs to start one stage. */
export interface StageRequest {
  readonly command: Command;
  /** True when the stage's stdin will be fed a stream. */
  readonly pipeStdin: boolean;
  /** Fires when the whole run is canceled; the stage must then be killed. */
  readonly signal: AbortSignal;
}

/** Starts one stage; each runner provides its own. */
export type StageSpawner = (request: StageRequest) => StageProcess;
