/**
 * One program invocation: a file and an argv array, never a shell line.
 *
 * @example
 * ```ts
 * const list: Command = { file: "xl", args: ["list", "vm1"], okExitCodes: [0, 1] };
 * ```
 */
export interface Command {
  /** The program: a name looked up on PATH, or an absolute path. */
  readonly file: string;
  /** Arguments, each delivered to the program as one argv entry, unchanged. */
  readonly args: readonly string[];
  /** Bytes written to the program's stdin, which is then closed. @default no input (stdin is empty) */
  readonly input?: string | Uint8Array;
  /** Variables added to (not replacing) the runner's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory. @default the runner's current directory */
  readonly cwd?: string;
  /** Kill the program (and its process group) after this many milliseconds. @default no timeout */
  readonly timeoutMs?: number;
  /** Exit codes that count as success. @default [0] */
  readonly okExitCodes?: readonly number[];
}

/** What a finished command produced. Shared by every runner. */
export interface RunResult {
  /** The command as it was run. */
  readonly command: Command;
  /** The program's exit code (one of the command's `okExitCodes`). */
  readonly exitCode: number;
  /** Everything the program wrote to stdout, decoded as UTF-8. */
  readonly stdout: string;
  /** Everything the program wrote to stderr, decoded as UTF-8. */
  readonly stderr: string;
  /** Wall-clock time from spawn to exit. */
  readonly durationMs: number;
}

/**
 * Builds a {@link Command} from an argv array: the first element is the program.
 *
 * @example
 * ```ts
 * cmd(["xl", "sched-credit", "-d", "vm1", "-w", "512"]);
 * // { file: "xl", args: ["sched-credit", "-d", "vm1", "-w", "512"] }
 * ```
 */
export function cmd(
  argv: readonly [string, ...string[]],
  options: Omit<Command, "file" | "args"> = {},
): Command {
  const [file, ...args] = argv;
  return { ...options, file, args };
}

/** The exit codes that count as success for `command`. */
export function okExitCodesOf(command: Command): readonly number[] {
  return command.okExitCodes ?? [0];
}
