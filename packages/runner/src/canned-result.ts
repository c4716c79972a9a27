import { Readable } from "node:stream";
import type { Command, RunResult } from "./command.js";
import { okExitCodesOf } from "./command.js";
import { CommandFailedError } from "./errors.js";
import type { StageExit, StageProcess, StageRequest } from "./stage.js";
import { Writable } from "node:stream";

/** A result a fake runner hands back instead of running anything. */
export interface CannedResult {
  /** @default 0 */
  readonly exitCode?: number;
  /** @default "" */
  readonly stdout?: string | Uint8Array;
  /** @default "" */
  readonly stderr?: string;
}

function text(value: string | Uint8Array | undefined): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : Buffer.from(value).toString("utf8");
}

/** Turns a canned result into what `run` returns or throws, exactly as a real runner would. */
export function settleCanned(command: Command, canned: CannedResult): RunResult {
  const exitCode = canned.exitCode ?? 0;
  const stdout = text(canned.stdout);
  const stderr = canned.stderr ?? "";
  if (!okExitCodesOf(command).includes(exitCode)) {
    throw new CommandFailedError({ command, reason: "exit-code", exitCode, stderr, stdout, durationMs: 0 });
  }
  return { command, exitCode, stdout, stderr, durationMs: 0 };
}

/** A stage that drains its stdin and emits the canned stdout, for fake runners' `stream`. */
export function cannedStage({ command, pipeStdin }: StageRequest, canned: CannedResult): StageProcess {
  const stdin = pipeStdin ? new Writable({ write: (_chunk, _encoding, next) => next() }) : null;
  const bytes = canned.stdout === undefined ? [] : [Buffer.from(canned.stdout)];
  const exitCode = canned.exitCode ?? 0;
  const ok = okExitCodesOf(command).includes(exitCode);
  const exit: StageExit = {
    command,
    exitCode,
    stderr: canned.stderr ?? "",
    durationMs: 0,
    ...(ok ? {} : { failure: "exit-code" as const }),
  };
  return { stdin, stdout: Readable.from(bytes), exited: Promise.resolve(exit) };
}
