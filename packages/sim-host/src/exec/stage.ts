import { PassThrough, Readable } from "node:stream";
import { okExitCodesOf, type StageExit, type StageProcess, type StageRequest } from "@dom0kit/runner";
import { executeCommand } from "./execute.js";
import { Collector } from "./io.js";
import type { SimEnvironment } from "./types.js";

/**
 * Starts one stage of a streaming run on the simulated host: a PassThrough
 * for its stdin (when the pipeline feeds one), another for its stdout; the
 * command runs in the background and `exited` reports how it ended.
 */
export function simStage(
  env: SimEnvironment,
  { command, pipeStdin, signal }: StageRequest,
  ready: Promise<void> = Promise.resolve(),
): StageProcess {
  const stdin = pipeStdin ? new PassThrough() : null;
  const stdout = new PassThrough();
  const stderr = new Collector(4 * 1024 * 1024);
  const input = stdin ?? (command.input === undefined ? null : Readable.from([Buffer.from(command.input)]));
  const exited = ready
    .then(() => executeCommand(env, command, { stdin: input, stdout, stderr }, signal))
    .then(
      (outcome): StageExit => {
        stdout.end();
        // A stage that did not read all its input must not keep the previous stage waiting.
        if (stdin !== null && !stdin.readableEnded) stdin.destroy();
        const base = { command, stderr: stderr.text(), durationMs: outcome.durationMs };
        if (outcome.stopped !== undefined) return { ...base, failure: outcome.stopped };
        if ("signal" in outcome.exit) return { ...base, failure: "signal", signal: outcome.exit.signal };
        const exitCode = outcome.exit.exitCode;
        return okExitCodesOf(command).includes(exitCode)
          ? { ...base, exitCode }
          : { ...base, exitCode, failure: "exit-code" };
      },
      (error: unknown): StageExit => {
        stdout.destroy();
        return { command, failure: "spawn-error", stderr: stderr.text(), durationMs: 0, cause: error };
      },
    );
  return { stdin, stdout, exited };
}
