import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatBytes } from "@dom0kit/backup";
import type { Inventory } from "@dom0kit/inventory";
import { initFromInventory, type SimHost } from "@dom0kit/sim-host";
import { applyAreas, type AreaOutcome } from "../apply/apply-areas.js";
import type { AreaInput } from "../areas/area.js";
import { selectAppliedAreas } from "../areas/index.js";
import { CliError } from "../cli-error.js";
import type { Output } from "../output.js";
import { readHostStatus, type HostStatus } from "../status/host-status.js";
import { printHostStatus } from "../status/print-status.js";
import { demoBackup, demoBackupDomain, type DemoBackupResult } from "./backup-stage.js";
import { consoleRequest, type ConsoleRequestResult } from "./console-request.js";

/** Choices for {@link runDemo}. */
export interface DemoOptions {
  /** The inventory's file (the backup stage runs `dom0kit backup … -i FILE`). */
  readonly inventoryFile: string;
  /** The console menu program to install (default: the bundled one). */
  readonly consoleProgram?: string;
  /** Keep the simulated dom0 in this directory instead of a temporary one removed at the end. */
  readonly keepDir?: string;
  /** Print nothing (the caller prints the report as JSON). */
  readonly quiet?: boolean;
}

/** What the demo did, stage by stage. */
export interface DemoReport {
  readonly simDir: string;
  readonly applied: readonly { area: string; changes: number; status: string }[];
  readonly secondApplyChanges: number;
  readonly status: HostStatus;
  /** Absent when no domain has backups enabled. */
  readonly backup?: DemoBackupResult;
  readonly console: readonly ConsoleRequestResult[];
  readonly durationMs: number;
}

function changesOf(outcome: AreaOutcome): number {
  return outcome.report?.steps.filter((step) => step.status === "succeeded").length ?? 0;
}

function failIfNotApplied(outcomes: readonly AreaOutcome[], stage: string): void {
  const failed = outcomes.find((outcome) => outcome.status === "failed" || outcome.status === "canceled");
  if (failed === undefined) return;
  const step = failed.report?.failedStep;
  throw new CliError(
    `demo: ${stage} failed in ${failed.area}${step === undefined ? "" : ` at "${step.action.description}": ${step.error?.message.split("\n")[0] ?? ""}`}`,
    "this is a bug in dom0kit or sim-host; please report it with the output of dom0kit --json demo",
  );
}

/** The first user of the inventory and one of their domains, and a domain that is not theirs. */
function consoleRequests(inventory: Inventory): (readonly [string, string])[] {
  const user = inventory.users[0];
  if (user === undefined) return [];
  const own = user.domains[0];
  const foreign = inventory.domains.find((domain) => !user.domains.includes(domain.name));
  return [
    ...(own === undefined ? [] : [[user.name, `status ${own}`] as const]),
    ...(foreign === undefined ? [] : [[user.name, `reboot ${foreign.name}`] as const]),
  ];
}

/**
 * The README's main job: on a fresh simulated dom0 laid out from the
 * inventory (disks only), applies every area, applies again to show nothing
 * changes, prints the status, and sends customer console requests through the
 * installed console gate. Throws {@link CliError} naming the stage that failed.
 *
 * @example
 * ```ts
 * const report = await runDemo(inventory, out, { inventoryFile: "dom0kit.yaml" });
 * ```
 */
export async function runDemo(inventory: Inventory, out: Output, options: DemoOptions): Promise<DemoReport> {
  const started = performance.now();
  const say = (text = ""): void => {
    if (options.quiet !== true) out.line(text);
  };
  const heading = (text: string): void => {
    if (options.quiet !== true) out.heading(text);
  };
  const temporary =
    options.keepDir === undefined ? await mkdtemp(join(tmpdir(), "dom0kit-demo-")) : undefined;
  const simDir = options.keepDir ?? join(temporary ?? "", "sim");
  try {
    heading(`1. A fresh simulated dom0 "${inventory.host.name}" with the inventory's disks, no domains yet`);
    const sim: SimHost = await initFromInventory(simDir, inventory, {
      domains: false,
      replace: options.keepDir !== undefined,
    });
    const state = await sim.state();
    say(
      `   ${String(inventory.host.cpus)} pCPUs, ${String(inventory.host.memory)} MiB, ${String(state.logicalVolumes.length)} logical volumes, ${String(state.domains.length)} domUs`,
    );

    const input: AreaInput = {
      inventory,
      runner: sim,
      target: { kind: "sim", dir: simDir },
      options: options.consoleProgram === undefined ? {} : { consoleProgram: options.consoleProgram },
    };
    heading("2. dom0kit apply: every area planned against the host, then run");
    const first = await applyAreas(selectAppliedAreas(undefined), input, sim, {
      hooks: {
        onDone: (outcome) =>
          say(
            `   ${outcome.area.padEnd(8)} ${String(changesOf(outcome)).padStart(3)} changes  ${outcome.title}`,
          ),
      },
    });
    failIfNotApplied(first, "apply");

    heading("3. dom0kit apply again: each area diffs against the host");
    const second = await applyAreas(selectAppliedAreas(undefined), input, sim);
    failIfNotApplied(second, "the second apply");
    const secondApplyChanges = second.reduce((sum, outcome) => sum + changesOf(outcome), 0);
    const changedAgain = second
      .filter((outcome) => outcome.status !== "unchanged")
      .map((outcome) => outcome.area);
    if (changedAgain.length > 0) {
      throw new CliError(
        `demo: the second apply changed ${changedAgain.join(", ")} again`,
        "an area does not diff against the host; please report it",
      );
    }
    say("   nothing to change");

    heading("4. dom0kit status");
    const status = await readHostStatus(inventory, sim, input.target);
    if (options.quiet !== true) printHostStatus(out, status);

    const backupDomain = demoBackupDomain(inventory);
    let backup: DemoBackupResult | undefined;
    if (backupDomain !== undefined) {
      heading(`5. dom0kit backup run ${backupDomain.name}, then verify it and restore a disk`);
      backup = await demoBackup(simDir, options.inventoryFile, backupDomain).catch((error: unknown) => {
        throw new CliError(
          `demo: the backup of ${backupDomain.name} failed: ${(error as Error).message.split("\n")[0] ?? ""}`,
          "this is a bug in dom0kit or sim-host; please report it with the output of dom0kit --json demo",
        );
      });
      say(
        `   backup ${backup.id}: ${formatBytes(backup.rawBytes)} of disk in ${formatBytes(backup.archiveBytes)}, domain paused ${String(backup.downtimeMs)} ms`,
      );
      say(`   verify: ${backup.verified ? "every archive matches its checksum and decompresses" : "FAILED"}`);
      say(
        `   restore ${backup.restored.vdev} to ${backup.restored.target} on the host: read back${backup.restored.readBackFrom === "disk" ? " from the disk" : ""}, SHA-256 ${backup.restored.rawSha256.slice(0, 16)}… matches the backup`,
      );
    }

    heading(
      `${backupDomain === undefined ? "5" : "6"}. Customers on the console gate (ssh USER@dom0 'REQUEST', no terminal)`,
    );
    const console: ConsoleRequestResult[] = [];
    for (const [user, request] of consoleRequests(inventory)) {
      const result = await consoleRequest(inventory, sim, user, request);
      console.push(result);
      say(`   $ ssh ${user}@${inventory.host.name} '${request}'   → exit ${String(result.exitCode)}`);
      for (const line of result.output.trimEnd().split("\n")) say(`     ${line}`);
    }

    const durationMs = performance.now() - started;
    say();
    say(
      `demo done in ${(durationMs / 1000).toFixed(1)}s${options.keepDir === undefined ? "" : `; the simulated dom0 is kept: dom0kit --host sim:${simDir} status -i FILE`}`,
    );
    return {
      simDir,
      applied: first.map((outcome) => ({
        area: outcome.area,
        changes: changesOf(outcome),
        status: outcome.status,
      })),
      secondApplyChanges,
      status,
      ...(backup === undefined ? {} : { backup }),
      console,
      durationMs,
    };
  } finally {
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  }
}
