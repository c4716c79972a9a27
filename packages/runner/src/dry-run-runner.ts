import type { Command, RunResult } from "./command.js";
import { settleCanned, cannedStage, type CannedResult } from "./canned-result.js";
import { connectPipeline } from "./connect-pipeline.js";
import type { CommandRunner, RunOptions, StreamingRun, StreamOptions } from "./runner.js";
import { assertValidCommand } from "./validate-command.js";

/** Options of {@link DryRunRunner}. */
export interface DryRunRunnerOptions {
  /** What each command "returns"; undefined means exit 0 with no output. */
  readonly respond?: (command: Command) => CannedResult | undefined;
  /** Called with each command as it would have run (for printing). */
  readonly onCommand?: (command: Command) => void;
}

/**
 * Records commands and executes nothing. Results come from `respond`
 * (default: success, empty output), so plans that read state can be rehearsed.
 *
 * @example
 * ```ts
 * const dry = new DryRunRunner({ onCommand: (c) => console.log(formatCommand(c)) });
 * await applyPlan(myPlan, dry);
 * dry.commands; // everything that would have run, in order
 * ```
 */
export class DryRunRunner implements CommandRunner {
  readonly #commands: Command[] = [];
  readonly #respond: (command: Command) => CannedResult | undefined;
  readonly #onCommand: ((command: Command) => void) | undefined;

  constructor(options: DryRunRunnerOptions = {}) {
    this.#respond = options.respond ?? (() => undefined);
    this.#onCommand = options.onCommand;
  }

  /** Every command received so far, in order. */
  get commands(): readonly Command[] {
    return this.#commands;
  }

  #record(command: Command): CannedResult {
    assertValidCommand(command);
    this.#commands.push(command);
    this.#onCommand?.(command);
    return this.#respond(command) ?? {};
  }

  async run(command: Command, options: RunOptions = {}): Promise<RunResult> {
    options.signal?.throwIfAborted();
    return settleCanned(command, this.#record(command));
  }

  stream(pipeline: Command | readonly Command[], options: StreamOptions = {}): StreamingRun {
    return connectPipeline(
      pipeline,
      (request) => cannedStage(request, this.#record(request.command)),
      options,
    );
  }
}
