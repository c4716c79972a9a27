import type { Command } from "./command.js";
import { InvalidCommandError } from "./errors.js";
import { quoteShellWord } from "./shell-quote.js";

/**
 * The longest command line a remote shell accepts: sshd runs `$SHELL -c LINE`,
 * and Linux limits one argument to 128 KiB including its terminating NUL.
 */
export const MAX_REMOTE_LINE_BYTES = 131_071;

/**
 * One command as a remote POSIX shell runs it, with the runner's semantics: the
 * program itself (never a shell builtin, function or alias — `exec` looks it up
 * on PATH), every argument delivered unchanged, `env` added to the environment,
 * `cwd` entered first (with CDPATH off so `cd` neither searches nor prints).
 * Runs in a subshell so the caller's shell survives to report the exit status.
 *
 * @example
 * ```ts
 * remoteInvocation({ file: "xl", args: ["list", "my vm"], cwd: "/srv" });
 * // (CDPATH= cd -- /srv && exec xl list 'my vm')
 * ```
 */
export function remoteInvocation(command: Command): string {
  const parts: string[] = [];
  if (command.cwd !== undefined) parts.push(`CDPATH= cd -- ${quoteShellWord(command.cwd)}`);
  const env = Object.entries(command.env ?? {});
  if (env.length > 0) {
    parts.push(`export ${env.map(([name, value]) => `${name}=${quoteShellWord(value)}`).join(" ")}`);
  }
  parts.push(`exec ${[command.file, ...command.args].map(quoteShellWord).join(" ")}`);
  return `(${parts.join(" && ")})`;
}

/** The byte that frames the runner's reports on the remote stderr (ASCII RS). */
const FRAME = "\\036";

function report(nonce: string, what: string, value: string): string {
  return `printf '${FRAME}dom0kit:${nonce}:${what}:%s${FRAME}' ${value} >&2`;
}

/**
 * The remote line for a pipeline of one or more commands. Besides running them,
 * it reports on stderr, framed and tagged with `nonce`: first the shell's process
 * id (the remote session leader, so its process group holds every stage), then
 * each stage's exit status as it ends. Those reports tell the remote command's
 * own exit codes apart from ssh's (255), name the stage of `A | B` that failed,
 * and let a timeout or a cancel stop the remote processes.
 *
 * @throws {@link InvalidCommandError} when the line is longer than a remote shell accepts.
 * @example
 * ```ts
 * const line = remotePipelineLine([cmd(["dd", "if=/dev/vg/vm1"]), cmd(["zstd", "-c"])], "4f1c0a9b2e7d3c65");
 * ```
 */
export function remotePipelineLine(commands: readonly Command[], nonce: string): string {
  const start = report(nonce, "pid", '"$$"');
  const stages = commands.map(
    (command, index) =>
      `{ ${remoteInvocation(command)}; ${report(nonce, `exit:${String(index)}`, '"$?"')}; }`,
  );
  const line =
    commands.length === 1
      ? `${start}; ${remoteInvocation(commands[0] as Command)}; dom0kit_status=$?; ${report(nonce, "exit:0", '"$dom0kit_status"')}; exit "$dom0kit_status"`
      : `${start}; ${stages.join(" | ")}`;
  return checkLength(commands[0] as Command, line);
}

/**
 * The remote line for an interactive command (a console on a terminal): the
 * login shell replaces itself with the program, nothing is reported.
 */
export function remoteInteractiveLine(command: Command): string {
  const invocation = remoteInvocation(command);
  return checkLength(command, invocation.slice(1, -1));
}

function checkLength(command: Command, line: string): string {
  const bytes = Buffer.byteLength(line, "utf8");
  if (bytes > MAX_REMOTE_LINE_BYTES) {
    throw new InvalidCommandError(
      command,
      `the remote command line would be ${String(bytes)} bytes; a remote shell accepts at most ` +
        `${String(MAX_REMOTE_LINE_BYTES)} — pass large data as input or through stream()`,
    );
  }
  return line;
}

/**
 * A remote line that stops the process group `pid`: SIGTERM, then SIGKILL if it
 * is still there after `graceMs`. Exits as soon as the group is gone.
 *
 * @example
 * ```ts
 * remoteKillLine(4242, 2000);
 * ```
 */
export function remoteKillLine(pid: number, graceMs: number): string {
  const group = `-${String(pid)}`;
  const ticks = Math.max(1, Math.ceil(graceMs / 100));
  return (
    `kill -s TERM -- ${group} 2>/dev/null || exit 0; dom0kit_tick=0; ` +
    `while kill -s 0 -- ${group} 2>/dev/null; do ` +
    `if [ "$dom0kit_tick" -ge ${String(ticks)} ]; then kill -s KILL -- ${group} 2>/dev/null; exit 0; fi; ` +
    `sleep 0.1; dom0kit_tick=$((dom0kit_tick + 1)); done`
  );
}
