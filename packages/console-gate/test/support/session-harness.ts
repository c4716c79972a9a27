import { Readable } from "node:stream";
import type { Command, CommandRunner, RunOptions, RunResult, StreamingRun } from "@dom0kit/runner";
import { ScriptedRunner } from "@dom0kit/runner";
import { ACCESS_MAP_FORMAT, type ConsoleAccess } from "../../src/access-map.js";
import { MemoryAuditLog } from "../../src/audit-log.js";
import { streamLineSource } from "../../src/line-source.js";
import { runConsoleSession } from "../../src/session.js";

/** alice: vm1 with every action, vm2 with status and console only. */
export const ALICE: ConsoleAccess = {
  format: ACCESS_MAP_FORMAT,
  user: "alice",
  commands: { sudo: "/usr/bin/sudo", xl: "/usr/sbin/xl", logger: "/usr/bin/logger" },
  audit: { facility: "authpriv" },
  domains: [
    {
      name: "vm1",
      config: "/etc/xen/vm1.cfg",
      actions: ["status", "console", "start", "shutdown", "destroy", "reboot"],
    },
    { name: "vm2", config: "/etc/xen/vm2.cfg", actions: ["status", "console"] },
  ],
};

/** The argv the menu runs for `xl <args>`. */
export function sudoXl(...args: string[]): string[] {
  return ["/usr/bin/sudo", "-n", "--", "/usr/sbin/xl", ...args];
}

/** A runner that remembers the options each command was run with (stdio). */
export class OptionRecordingRunner implements CommandRunner {
  readonly calls: { command: Command; options: RunOptions }[] = [];
  readonly #inner: CommandRunner;

  constructor(inner: CommandRunner) {
    this.#inner = inner;
  }

  run(command: Command, options: RunOptions = {}): Promise<RunResult> {
    this.calls.push({ command, options });
    return this.#inner.run(command, options);
  }

  stream(pipeline: Command | readonly Command[]): StreamingRun {
    return this.#inner.stream(pipeline);
  }
}

/** Runs a session with typed `lines` (each followed by a newline) against a scripted runner. */
export async function runSession(options: {
  lines?: readonly string[];
  raw?: readonly string[];
  request?: string;
  terminal?: boolean;
  runner?: ScriptedRunner;
  access?: ConsoleAccess;
}) {
  const scripted = options.runner ?? new ScriptedRunner();
  const runner = new OptionRecordingRunner(scripted);
  const audit = new MemoryAuditLog();
  const chunks = options.raw ?? (options.lines ?? []).map((line) => `${line}\n`);
  const written: string[] = [];
  const code = await runConsoleSession({
    access: options.access ?? ALICE,
    request: options.request,
    input: streamLineSource(Readable.from(chunks)),
    write: (text) => written.push(text),
    terminal: options.terminal ?? true,
    runner,
    audit,
    client: "203.0.113.9:50000",
  });
  scripted.verify();
  return { code, output: written.join(""), audit: audit.entries, calls: runner.calls };
}
