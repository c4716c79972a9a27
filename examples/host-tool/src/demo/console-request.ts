import {
  accessMapPath,
  ChunkLineSource,
  MemoryAuditLog,
  parseAccessMap,
  runConsoleSession,
  type AuditEntry,
} from "@dom0kit/console-gate";
import type { CommandRunner } from "@dom0kit/runner";
import { consoleModel } from "../commands/console.js";
import type { Inventory } from "@dom0kit/inventory";

/** What one customer request over the console gate did. */
export interface ConsoleRequestResult {
  readonly user: string;
  readonly request: string;
  /** The session's exit code: 0 done, 1 failed, 2 refused. */
  readonly exitCode: number;
  /** What the customer saw. */
  readonly output: string;
  readonly audit: readonly AuditEntry[];
}

/**
 * Runs one customer request (`ssh alice@dom0 'status horatio'`) the way the
 * installed forced command does: the access map as installed on the host,
 * the session logic of `dom0kit-console`, its `sudo xl …` commands through the
 * runner — without a terminal, so no menu.
 *
 * @example
 * ```ts
 * await consoleRequest(inventory, sim, "alice", "status horatio"); // { exitCode: 0, output: "horatio  running …" }
 * ```
 */
export async function consoleRequest(
  inventory: Inventory,
  runner: CommandRunner,
  user: string,
  request: string,
): Promise<ConsoleRequestResult> {
  const path = accessMapPath(consoleModel(inventory, [user], {}).layout, user);
  const installed = await runner.run({ file: "cat", args: ["--", path] });
  const access = parseAccessMap(installed.stdout, path, user);
  const audit = new MemoryAuditLog();
  let output = "";
  const exitCode = await runConsoleSession({
    access,
    request,
    input: new ChunkLineSource(async () => undefined),
    write: (text) => (output += text),
    terminal: false,
    runner,
    audit,
    client: "192.0.2.10",
  });
  return { user, request, exitCode, output, audit: audit.entries };
}
