import { isDeepStrictEqual } from "node:util";
import type { Command, RunResult } from "./command.js";
import { cannedStage, settleCanned, type CannedResult } from "./canned-result.js";
import { connectPipeline } from "./connect-pipeline.js";
import { UnexpectedCommandError } from "./errors.js";
import { formatCommand } from "./format-command.js";
import type { CommandRunner, RunOptions, StreamingRun, StreamOptions } from "./runner.js";
import { assertValidCommand } from "./validate-command.js";

/** Which command an expectation matches: an exact argv, or a predicate. */
export type CommandMatcher = readonly string[] | ((command: Command) => boolean);

interface Expectation {
  readonly matcher: CommandMatcher;
  readonly result: CannedResult;
  used: boolean;
}

function matches(matcher: CommandMatcher, command: Command): boolean {
  return typeof matcher === "function"
    ? matcher(command)
    : isDeepStrictEqual([...matcher], [command.file, ...command.args]);
}

function describe(matcher: CommandMatcher): string {
  return typeof matcher === "function"
    ? `a command matching ${matcher.name || "a predicate"}`
    : formatCommand({ file: matcher[0] ?? "", args: matcher.slice(1) });
}

/** Options of {@link ScriptedRunner}. */
export interface ScriptedRunnerOptions {
  /** Require commands in the order they were expected. @default true */
  readonly ordered?: boolean;
}

/**
 * A fake runner for unit tests: expect this command, return that result. A
 * command nobody expected throws {@link UnexpectedCommandError} at once, and
 * {@link ScriptedRunner.verify} fails the test afterwards too, even if the code
 * under test swallowed the error.
 *
 * @example
 * ```ts
 * const runner = new ScriptedRunner()
 *   .expect(["xl", "list"], { stdout: XL_LIST_OUTPUT })
 *   .expect(["xl", "pause", "vm1"], { exitCode: 1, stderr: "no such domain" });
 * await codeUnderTest(runner);
 * runner.verify();
 * ```
 */
export class ScriptedRunner implements CommandRunner {
  readonly #expectations: Expectation[] = [];
  readonly #unexpected: UnexpectedCommandError[] = [];
  readonly #commands: Command[] = [];
  readonly #ordered: boolean;

  constructor(options: ScriptedRunnerOptions = {}) {
    this.#ordered = options.ordered ?? true;
  }

  /** Expects one command; `result` is what it returns (default: exit 0, no output). */
  expect(matcher: CommandMatcher, result: CannedResult = {}): this {
    this.#expectations.push({ matcher, result, used: false });
    return this;
  }

  /** Every command received, expected or not. */
  get commands(): readonly Command[] {
    return this.#commands;
  }

  /**
   * Throws if a command arrived that was not expected, or an expected command
   * never arrived. Call it at the end of every test.
   */
  verify(): void {
    const [firstUnexpected] = this.#unexpected;
    if (firstUnexpected !== undefined) throw firstUnexpected;
    const unused = this.#expectations.filter((each) => !each.used);
    if (unused.length > 0) {
      throw new Error(
        `expected commands never ran:\n${unused.map((each) => `  ${describe(each.matcher)}`).join("\n")}`,
      );
    }
  }

  #take(command: Command): CannedResult {
    assertValidCommand(command);
    this.#commands.push(command);
    const pending = this.#expectations.filter((each) => !each.used);
    const candidates = this.#ordered ? pending.slice(0, 1) : pending;
    const found = candidates.find((each) => matches(each.matcher, command));
    if (found === undefined) {
      const next = pending[0];
      const error = new UnexpectedCommandError(
        command,
        next === undefined ? "no more commands" : describe(next.matcher),
      );
      this.#unexpected.push(error);
      throw error;
    }
    found.used = true;
    return found.result;
  }

  async run(command: Command, options: RunOptions = {}): Promise<RunResult> {
    options.signal?.throwIfAborted();
    return settleCanned(command, this.#take(command));
  }

  stream(pipeline: Command | readonly Command[], options: StreamOptions = {}): StreamingRun {
    return connectPipeline(pipeline, (request) => cannedStage(request, this.#take(request.command)), options);
  }
}
