import type { Command } from "./command.js";
import { okExitCodesOf } from "./command.js";
import type { Action, Plan } from "./plan.js";
import { quoteCommandWord, quoteShellWord } from "./shell-quote.js";

/** Names a POSIX shell runs as builtins; the runner always runs the program, so the script must too. */
const SHELL_BUILTINS = new Set([
  ".",
  ":",
  "[",
  "alias",
  "bg",
  "break",
  "cd",
  "command",
  "continue",
  "echo",
  "eval",
  "exec",
  "exit",
  "export",
  "false",
  "fc",
  "fg",
  "getopts",
  "hash",
  "jobs",
  "kill",
  "local",
  "printf",
  "pwd",
  "read",
  "readonly",
  "return",
  "set",
  "shift",
  "test",
  "times",
  "trap",
  "true",
  "type",
  "ulimit",
  "umask",
  "unalias",
  "unset",
  "wait",
]);

/** How long `timeout` waits after SIGTERM before SIGKILL, as the runner does. */
const KILL_GRACE_SECONDS = 2;

/** A comment line that cannot end early: control characters become spaces. */
function comment(text: string): string {
  return `# ${text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, " ")}`;
}

function octalBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => `\\${byte.toString(8).padStart(3, "0")}`).join("");
}

function renderInput(input: string | Uint8Array): string {
  if (typeof input === "string") return `printf '%s' ${quoteShellWord(input)}`;
  return `printf '${octalBytes(input)}'`;
}

/** One command as a shell pipeline that behaves as the runner runs it. */
export function renderInvocation(command: Command): string {
  const assignments = Object.entries(command.env ?? {}).map(
    ([name, value]) => `${name}=${quoteShellWord(value)}`,
  );
  const timeout =
    command.timeoutMs === undefined
      ? []
      : ["timeout", "-k", String(KILL_GRACE_SECONDS), `${String(command.timeoutMs / 1000)}s`];
  const builtin = SHELL_BUILTINS.has(command.file);
  const inSubshell = command.cwd !== undefined;
  const launcher = timeout.length > 0 ? timeout : builtin && !inSubshell ? ["env", "--"] : [];
  const program =
    launcher.length > 0 || inSubshell ? quoteShellWord(command.file) : quoteCommandWord(command.file);
  const words = [
    ...assignments,
    ...(inSubshell ? ["exec"] : []),
    ...launcher,
    program,
    ...command.args.map(quoteShellWord),
  ];
  const core = inSubshell
    ? `(cd -- ${quoteShellWord(command.cwd ?? "")} && ${words.join(" ")})`
    : words.join(" ");
  return command.input === undefined ? `${core} </dev/null` : `${renderInput(command.input)} | ${core}`;
}

function needsHelper(action: Action): boolean {
  const codes = okExitCodesOf(action.command);
  return (action.retry?.attempts ?? 1) > 1 || codes.length !== 1 || codes[0] !== 0;
}

const TRY_HELPER = [
  "# dom0kit_try TRIES DELAY 'OK CODES' FUNCTION: run FUNCTION until it exits with an OK code.",
  "dom0kit_try() {",
  "  dom0kit_tries=$1 dom0kit_delay=$2 dom0kit_ok=$3",
  "  shift 3",
  "  while :; do",
  '    dom0kit_rc=0; "$@" || dom0kit_rc=$?',
  '    for dom0kit_code in $dom0kit_ok; do [ "$dom0kit_rc" -ne "$dom0kit_code" ] || return 0; done',
  "    dom0kit_tries=$((dom0kit_tries - 1))",
  '    if [ "$dom0kit_tries" -le 0 ]; then [ "$dom0kit_rc" -ne 0 ] || dom0kit_rc=1; return "$dom0kit_rc"; fi',
  '    sleep "$dom0kit_delay"',
  "  done",
  "}",
];

class ScriptWriter {
  readonly functions: string[] = [];
  #count = 0;

  /** The line that runs `action`, defining a function for it when it needs retries or extra OK codes. */
  line(action: Action): string {
    if (!needsHelper(action)) return renderInvocation(action.command);
    this.#count += 1;
    const name = `dom0kit_action_${String(this.#count)}`;
    this.functions.push(`${name}() { ${renderInvocation(action.command)}; }`);
    const tries = Math.max(1, action.retry?.attempts ?? 1);
    const delay = (action.retry?.delayMs ?? 1000) / 1000;
    const codes = okExitCodesOf(action.command).join(" ");
    return `dom0kit_try ${String(tries)} ${String(delay)} '${codes}' ${name}`;
  }

  get usesHelper(): boolean {
    return this.#count > 0;
  }
}

/**
 * Renders a plan as a POSIX `sh` script that does what `applyPlan` does: runs
 * the steps in order with `set -eu`, stops at the first failure, runs the undo
 * of every step that started (newest first), and always runs the finally
 * actions, from an EXIT trap (INT, TERM and HUP end the script through it too).
 *
 * @example
 * ```ts
 * await writeFile("apply.sh", renderScript(myPlan), { mode: 0o755 });
 * ```
 */
export function renderScript(plan: Plan): string {
  const writer = new ScriptWriter();
  const body: string[] = [];
  plan.steps.forEach((step, index) => {
    body.push("", comment(`Step ${String(index + 1)}: ${step.description}`));
    if (plan.steps.some((each) => each.undo !== undefined)) body.push(`dom0kit_step=${String(index + 1)}`);
    body.push(writer.line(step));
  });

  const undoLines = plan.steps
    .map((step, index) => ({ step, index }))
    .filter(({ step }) => step.undo !== undefined)
    .reverse()
    .flatMap(({ step, index }) => [
      `    if [ "$dom0kit_step" -ge ${String(index + 1)} ]; then`,
      `      ${comment(`undo step ${String(index + 1)}: ${(step.undo as Action).description}`)}`,
      `      ${writer.line(step.undo as Action)} || dom0kit_cleanup_failed=1`,
      "    fi",
    ]);
  const finallyLines = plan.finally.flatMap((action) => [
    `  ${comment(`finally: ${action.description}`)}`,
    `  ${writer.line(action)} || dom0kit_cleanup_failed=1`,
  ]);

  const cleanup =
    undoLines.length === 0 && finallyLines.length === 0
      ? []
      : [
          "",
          "dom0kit_step=0",
          "dom0kit_cleanup_failed=0",
          "dom0kit_cleanup() {",
          "  dom0kit_status=$?",
          "  trap - EXIT",
          "  set +e",
          ...(undoLines.length === 0 ? [] : ['  if [ "$dom0kit_status" -ne 0 ]; then', ...undoLines, "  fi"]),
          ...finallyLines,
          '  if [ "$dom0kit_status" -eq 0 ] && [ "$dom0kit_cleanup_failed" -ne 0 ]; then dom0kit_status=1; fi',
          '  exit "$dom0kit_status"',
          "}",
          "trap dom0kit_cleanup EXIT",
          "trap 'exit 129' HUP",
          "trap 'exit 130' INT",
          "trap 'exit 143' TERM",
        ];

  return [
    "#!/bin/sh",
    comment(plan.title),
    "# Generated by dom0kit. Stops at the first failing step, undoes the steps that",
    "# started (newest first), then always runs the finally actions.",
    "set -eu",
    ...(writer.usesHelper ? ["", ...TRY_HELPER] : []),
    ...(writer.functions.length > 0 ? ["", ...writer.functions] : []),
    ...cleanup,
    ...body,
    "",
  ].join("\n");
}
