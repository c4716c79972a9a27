import { mkdir, rename, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import {
  applyPlan,
  formatCommand,
  type ActionOutcome,
  type CommandRunner,
  type StepEvent,
} from "@dom0kit/runner";
import { describeOutcomes, inspectAftermath } from "./aftermath.js";
import { disksFromXlConfig } from "./config-disks.js";
import { AtomicFile, fsyncDirectory } from "./atomic-file.js";
import { backupIdFor } from "./backup-id.js";
import { archiveBytesOf, listBackups } from "./catalog.js";
import { compressCommand } from "./compression.js";
import type { DomainDisk } from "./domain-disk.js";
import { BackupError, isBackupError, type BackupErrorCode } from "./errors.js";
import { ProgressMeter, type BackupEvent, type BackupEventListener } from "./events.js";
import {
  readConfigText,
  readDomain,
  readLogicalVolumes,
  readVolumeGroups,
  withDiskSizes,
} from "./host-facts.js";
import type { LogicalVolumeInfo } from "./lvm-report.js";
import type { XlListEntry } from "./xl-list.js";
import { HostLock } from "./host-lock.js";
import { runHook, type HookContext, type HookPhase } from "./hooks.js";
import { BackupLayout, CONFIG_FILE } from "./layout.js";
import { removeLeftoverSnapshots } from "./leftovers.js";
import { writeManifest, type BackupManifest, type ManifestArchive, type ManifestDisk } from "./manifest.js";
import { isDomainName } from "./names.js";
import { planBackup, readCommand, type BackupPlan } from "./plan-backup.js";
import { applyPrune, planPrune } from "./prune.js";
import { bandwidthBytesPerSecond, type BackupSettings } from "./settings.js";
import { checkSpace } from "./space-check.js";
import { streamToArchive, type ArchiveStreamResult } from "./stream-archive.js";
import { messageOf } from "./stream-failure.js";
import { verifyArchive } from "./verify-archive.js";
import { BACKUP_PACKAGE_VERSION } from "./version.js";
import { createHash } from "node:crypto";

/**
 * What {@link runBackup} needs.
 *
 * @example
 * ```ts
 * const request: BackupRequest = { domain: "vm1", settings, hostRunner: new ExecaRunner(), localRunner: new ExecaRunner() };
 * ```
 */
export interface BackupRequest {
  readonly domain: string;
  /** From {@link parseBackupSettings}. */
  readonly settings: BackupSettings;
  /** Runs commands on the dom0 (xl, LVM, the disk reads): ExecaRunner, SshRunner or SimHost. */
  readonly hostRunner: CommandRunner;
  /** Runs the compressor, verify and hooks where the archives are written (this machine). */
  readonly localRunner: CommandRunner;
  /**
   * The domain's disks. @default read from its xl config on the host
   * ({@link disksFromXlConfig}), the list xl itself uses
   */
  readonly disks?: readonly DomainDisk[];
  /** The dom0's name, recorded in the manifest and told to hooks. @default this machine's host name */
  readonly hostName?: string;
  /** The domain's xl config on the host, stored in the backup. @default `/etc/xen/<domain>.cfg` */
  readonly configPath?: string;
  /** SIGINT/SIGTERM: stops the backup; undo and cleanup still run. */
  readonly signal?: AbortSignal;
  readonly onEvent?: BackupEventListener;
  /** The clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Set when the caller already holds the host lock (backing up many domains in a row). @default false */
  readonly holdsHostLock?: boolean;
  /** Apply the retention policy after the backup succeeded. @default true */
  readonly prune?: boolean;
  /** Time zone of retention's days, weeks and months. @default the system's */
  readonly timeZone?: string;
}

/**
 * A finished, verified backup.
 *
 * @example
 * ```ts
 * const { dir, manifest, pruned } = await runBackup(request);
 * ```
 */
export interface BackupResult {
  /** `<dir>/<domain>/<id>`. */
  readonly dir: string;
  readonly manifest: BackupManifest;
  readonly notes: readonly string[];
  /** Ids removed by retention afterwards. */
  readonly pruned: readonly string[];
  /** Things that went wrong after the backup was safe (a failing end hook, a prune error). */
  readonly warnings: readonly string[];
}

/**
 * The host lock every backup on a host takes, so backups never overlap.
 *
 * @example
 * ```ts
 * await HostLock.acquire(runner, "/run/lock", HOST_LOCK_NAME);
 * ```
 */
export const HOST_LOCK_NAME = "dom0kit-backup";

/**
 * The name of a domain's backup lock.
 *
 * @example
 * ```ts
 * domainLockName("vm1"); // "dom0kit-backup-vm1"
 * ```
 */
export function domainLockName(domain: string): string {
  return `${HOST_LOCK_NAME}-${domain}`;
}

interface RunContext {
  readonly request: BackupRequest;
  readonly emit: (event: BackupEvent) => void;
  readonly id: string;
  readonly startedAt: Date;
  readonly layout: BackupLayout;
  readonly hostName: string;
  readonly warnings: string[];
}

function asBackupError(error: unknown, domain: string, fallbackStep: string): BackupError {
  if (error instanceof BackupError) return error;
  const aborted = (error as Error | null)?.name === "AbortError";
  return new BackupError(
    aborted ? "BACKUP_CANCELED" : "BACKUP_STEP_FAILED",
    `${fallbackStep}: ${messageOf(error)}`,
    {
      domain,
      step: fallbackStep,
      cause: error,
    },
  );
}

function throwIfCanceled(signal: AbortSignal | undefined, domain: string, before: string): void {
  if (signal?.aborted === true) {
    throw new BackupError("BACKUP_CANCELED", `canceled before ${before}`, { domain, step: before });
  }
}

async function hook(context: RunContext, phase: HookPhase, extra: Partial<HookContext>): Promise<void> {
  const argv = context.request.settings.hooks[phase];
  if (argv === undefined) return;
  await runHook(
    context.request.localRunner,
    argv,
    {
      phase,
      domain: context.request.domain,
      host: context.hostName,
      mode: context.request.settings.mode,
      backupId: context.id,
      ...extra,
    },
    phase === "start" ? context.request.signal : undefined,
  );
}

function stepEventForwarder(context: RunContext, downtime: { start?: number; end?: number }) {
  return (event: StepEvent): void => {
    const action = event.type === "start" ? event.action : event.outcome.action;
    const phase = event.type === "start" ? event.phase : event.outcome.phase;
    const isSave = action.command.file === "xl" && action.command.args[0] === "save";
    const isResume =
      action.command.file === "xl" &&
      (action.command.args[0] === "unpause" || action.command.args[0] === "restore");
    if (event.type === "start" && isSave && phase === "step") downtime.start = performance.now();
    if (event.type === "end" && isResume && event.outcome.status === "succeeded")
      downtime.end = performance.now();
    context.emit({
      type: "step",
      domain: context.request.domain,
      phase,
      status: event.type === "start" ? "start" : event.outcome.status,
      description: action.description,
      command: formatCommand(action.command),
    });
  };
}

function archiveEntry(file: string, result: ArchiveStreamResult, backup: BackupPlan): ManifestArchive {
  return {
    file,
    bytes: result.archiveBytes,
    sha256: result.archiveSha256,
    compression: { ...backup.compression },
  };
}

async function copyOne(
  context: RunContext,
  backup: BackupPlan,
  label: string,
  readPath: string,
  archive: string,
  totalBytes: number | undefined,
): Promise<ArchiveStreamResult> {
  const { request } = context;
  const settings = request.settings;
  context.emit({
    type: "copy-start",
    domain: request.domain,
    label,
    source: readPath,
    ...(totalBytes === undefined ? {} : { totalBytes }),
  });
  const meter = new ProgressMeter(context.emit, { domain: request.domain, label, totalBytes });
  const result = await streamToArchive({
    hostRunner: request.hostRunner,
    read: readCommand(readPath, settings),
    localRunner: request.localRunner,
    compress: compressCommand(backup.compression),
    target: join(context.layout.partial(context.id), archive),
    label,
    sourcePath: readPath,
    bytesPerSecond: bandwidthBytesPerSecond(settings),
    stallTimeoutMs: settings.stallTimeoutMs,
    signal: request.signal,
    onProgress: (bytes) => meter.update(bytes),
    domain: request.domain,
  });
  meter.finish();
  context.emit({
    type: "copy-end",
    domain: request.domain,
    label,
    rawBytes: result.rawBytes,
    archiveBytes: result.archiveBytes,
    durationMs: result.durationMs,
  });
  return result;
}

/** Checks, after the copy, that what was read is still a consistent image. */
async function checkAfterCopy(context: RunContext, backup: BackupPlan): Promise<void> {
  const { request } = context;
  const snapshots = backup.copies.flatMap((copy) => (copy.snapshot === undefined ? [] : [copy.snapshot]));
  if (snapshots.length > 0) {
    const volumes = await readLogicalVolumes(request.hostRunner);
    for (const snap of snapshots) {
      const volume = volumes.find((each) => each.vg === snap.vg && each.name === snap.name);
      const step = `check snapshot ${snap.vg}/${snap.name}`;
      if (volume === undefined) {
        throw new BackupError(
          "BACKUP_SNAPSHOT_INVALID",
          `${step}: the snapshot disappeared during the copy`,
          {
            domain: request.domain,
            step,
          },
        );
      }
      if (volume.attr.charAt(4) === "I") {
        throw new BackupError(
          "BACKUP_SNAPSHOT_INVALID",
          `${step}: the snapshot overflowed during the copy (lv_attr ${volume.attr}): the copy is not a consistent image; give snapshots more room (snapshotSize is ${request.settings.snapshotSize}) or back up when the domain writes less`,
          { domain: request.domain, step },
        );
      }
    }
  }
  if (backup.domainState === "stopped") {
    const entry = await readDomain(request.hostRunner, request.domain);
    if (entry !== undefined && entry.state !== "stopped") {
      throw new BackupError(
        "BACKUP_STEP_FAILED",
        `check ${request.domain} stayed stopped: it was started while its disks were read, so the copy may be torn`,
        { domain: request.domain, step: `check ${request.domain} stayed stopped` },
      );
    }
  }
}

interface Collected {
  readonly disks: ManifestDisk[];
  state: BackupManifest["state"];
  config: BackupManifest["config"];
}

async function verifyAll(context: RunContext, collected: Collected): Promise<void> {
  const { request } = context;
  const dir = context.layout.partial(context.id);
  const archives = [
    ...collected.disks.map((disk) => ({
      label: disk.vdev,
      archive: disk.archive,
      rawBytes: disk.rawBytes,
      rawSha256: disk.rawSha256,
    })),
    ...(collected.state === null ? [] : [{ label: "state", ...collected.state }]),
  ];
  for (const each of archives) {
    throwIfCanceled(request.signal, request.domain, `verify ${each.label}`);
    const check = await verifyArchive(
      join(dir, each.archive.file),
      {
        algorithm: each.archive.compression.algorithm,
        archiveSha256: each.archive.sha256,
        archiveBytes: each.archive.bytes,
        rawSha256: each.rawSha256,
        rawBytes: each.rawBytes,
      },
      request.localRunner,
      "archive",
      request.signal,
    );
    context.emit({ type: "verify", domain: request.domain, label: each.label, ok: check.ok });
    if (!check.ok) {
      throw new BackupError(
        "BACKUP_VERIFY_FAILED",
        `verify ${each.label}: the archive just written does not check out: ${check.problems.join("; ")}`,
        { domain: request.domain, step: `verify ${each.label}`, path: join(dir, each.archive.file) },
      );
    }
  }
}

async function storeConfig(
  context: RunContext,
  text: string | undefined,
  source: string,
): Promise<Collected["config"]> {
  if (text === undefined) {
    context.warnings.push(`no config at ${source} on the host: the backup holds the disks and state only`);
    context.emit({
      type: "warning",
      domain: context.request.domain,
      message: context.warnings.at(-1) as string,
    });
    return null;
  }
  const file = await AtomicFile.create(join(context.layout.partial(context.id), CONFIG_FILE));
  try {
    await file.write(text);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw new BackupError("BACKUP_STEP_FAILED", `write config: ${messageOf(error)}`, {
      domain: context.request.domain,
      step: "write config",
      cause: error,
    });
  }
  return {
    file: CONFIG_FILE,
    source,
    bytes: Buffer.byteLength(text),
    sha256: createHash("sha256").update(text).digest("hex"),
  };
}

async function writeFailureReport(context: RunContext, error: BackupError): Promise<string | undefined> {
  const path = context.layout.failureReport(context.id);
  try {
    const file = await AtomicFile.create(path);
    await file.write(
      `${JSON.stringify(
        {
          format: "dom0kit-backup-failure",
          version: 1,
          domain: context.request.domain,
          id: context.id,
          host: context.hostName,
          startedAt: context.startedAt.toISOString(),
          failedAt: (context.request.now?.() ?? new Date()).toISOString(),
          code: error.code,
          step: error.step ?? null,
          message: error.message,
          cleanup: error.cleanup,
        },
        null,
        2,
      )}\n`,
    );
    await file.commit();
    return path;
  } catch {
    return undefined;
  }
}

interface Facts {
  readonly entry: XlListEntry | undefined;
  readonly configText: string | undefined;
  readonly volumes: LogicalVolumeInfo[];
  readonly disks: DomainDisk[];
}

async function readFacts(
  runner: CommandRunner,
  domain: string,
  configPath: string,
  given: readonly DomainDisk[] | undefined,
): Promise<Facts> {
  try {
    const entry = await readDomain(runner, domain);
    const configText = await readConfigText(runner, configPath);
    const volumes = await readLogicalVolumes(runner);
    if (given === undefined && configText === undefined) {
      throw new BackupError(
        "BACKUP_INPUT_INVALID",
        `no config at ${configPath} on the host, so ${domain}'s disks are unknown: pass the config's path or the disk list`,
        { domain, path: configPath, step: "read the host's state" },
      );
    }
    const listed = given ?? disksFromXlConfig(configText as string, configPath, volumes);
    const disks = await withDiskSizes(runner, listed, volumes);
    return { entry, configText, volumes, disks };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError("BACKUP_STEP_FAILED", `read the host's state: ${messageOf(error)}`, {
      domain,
      step: "read the host's state",
      cause: error,
    });
  }
}

/** Everything between taking the locks and releasing them. */
async function backupLocked(context: RunContext): Promise<BackupResult> {
  const { request, layout, id } = context;
  const { domain, settings, hostRunner } = request;
  const started = performance.now();

  // Facts, read before anything changes.
  const configPath = request.configPath ?? `/etc/xen/${domain}.cfg`;
  const facts = await readFacts(hostRunner, domain, configPath, request.disks);
  const { entry, configText, volumes, disks } = facts;
  for (const message of await removeLeftoverSnapshots(hostRunner, volumes, disks)) {
    context.warnings.push(message);
    context.emit({ type: "warning", domain, message });
  }
  const backup = planBackup({ domain, id, state: entry?.state ?? "stopped", disks, settings });
  context.emit({
    type: "backup-start",
    domain,
    id,
    mode: settings.mode,
    domainState: backup.domainState,
    disks: backup.copies.map((copy) => ({
      vdev: copy.disk.vdev,
      source: copy.disk.source,
      method: copy.method,
    })),
    notes: backup.notes,
  });

  await mkdir(layout.domainDir, { recursive: true, mode: 0o700 });
  if (settings.spaceCheck) {
    const previous = (await listBackups(settings.dir, domain))
      .filter((each) => each.status === "complete")
      .at(-1);
    await checkSpace({
      plan: backup,
      archiveDir: layout.domainDir,
      previousArchiveBytes: previous?.manifest === undefined ? undefined : archiveBytesOf(previous.manifest),
      memoryMiB: entry?.memoryMiB,
      volumeGroups: await readVolumeGroups(hostRunner),
      snapshotSize: settings.snapshotSize,
      hostRunner,
    });
  }
  try {
    await hook(context, "start", {});
  } catch (error) {
    throw new BackupError("BACKUP_HOOK_FAILED", `start hook: ${messageOf(error)}; the backup did not begin`, {
      domain,
      step: "start hook",
      cause: error,
    });
  }
  throwIfCanceled(request.signal, domain, "the backup began");

  const partial = layout.partial(id);
  try {
    await mkdir(partial, { mode: 0o700 });
  } catch (error) {
    throw new BackupError("BACKUP_STEP_FAILED", `create ${partial}: ${messageOf(error)}`, {
      domain,
      step: "create the backup directory",
      path: partial,
      cause: error,
    });
  }
  const downtime: { start?: number; end?: number } = {};
  const onStep = stepEventForwarder(context, downtime);
  const collected: Collected = { disks: [], state: null, config: null };
  let failure: BackupError | undefined;
  let cleanup: ActionOutcome[] = [];
  let frozen = false;
  let freezeStarted = false;
  try {
    collected.config = await storeConfig(context, configText, configPath);
    freezeStarted = true;
    const frozenReport = await applyPlan(backup.freeze, hostRunner, {
      onStep,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
    cleanup = [...frozenReport.undone];
    if (frozenReport.status !== "succeeded") {
      const failed = frozenReport.failedStep;
      const code: BackupErrorCode =
        frozenReport.status === "canceled" ? "BACKUP_CANCELED" : "BACKUP_STEP_FAILED";
      const step = failed?.action.description ?? "undo";
      throw new BackupError(
        code,
        failed === undefined
          ? `canceled before the first step`
          : `${step}: ${failed.status === "canceled" ? "canceled" : (failed.error?.message ?? "failed")}`,
        { domain, step, cause: failed?.error },
      );
    }
    frozen = true;
    for (const copy of backup.copies) {
      throwIfCanceled(request.signal, domain, `read ${copy.disk.vdev}`);
      const result = await copyOne(
        context,
        backup,
        copy.disk.vdev,
        copy.readPath,
        copy.archive,
        copy.disk.sizeBytes,
      );
      collected.disks.push({
        vdev: copy.disk.vdev,
        source: copy.disk.source,
        kind: copy.disk.kind,
        method: copy.method,
        ...(copy.snapshot === undefined ? {} : { snapshot: `${copy.snapshot.vg}/${copy.snapshot.name}` }),
        rawBytes: result.rawBytes,
        rawSha256: result.rawSha256,
        archive: archiveEntry(copy.archive, result, backup),
      });
    }
    if (backup.state !== undefined) {
      throwIfCanceled(request.signal, domain, "read state");
      const result = await copyOne(
        context,
        backup,
        "state",
        backup.state.path,
        backup.state.archive,
        undefined,
      );
      collected.state = {
        rawBytes: result.rawBytes,
        rawSha256: result.rawSha256,
        archive: archiveEntry(backup.state.archive, result, backup),
      };
    }
    await checkAfterCopy(context, backup);
  } catch (error) {
    failure = asBackupError(error, domain, "backup");
  }

  // Whatever happened: remove snapshots and copies (no signal — cleanup must finish).
  if (frozen) {
    const released = await applyPlan(backup.release, hostRunner, { onStep });
    cleanup = [...cleanup, ...released.finally];
  }
  if (backup.removeState !== undefined && freezeStarted) {
    const after =
      backup.mode === "legacy" ? await readDomain(hostRunner, domain).catch(() => undefined) : undefined;
    if (backup.mode !== "legacy" || (after?.state ?? "stopped") === backup.expectedStateAfter) {
      const removed = await applyPlan(
        { title: "remove the saved state", steps: [], finally: [backup.removeState] },
        hostRunner,
        { onStep },
      );
      cleanup = [...cleanup, ...removed.finally];
    }
  }
  const cleanupFailed = cleanup.some((outcome) => outcome.status !== "succeeded" && outcome.phase !== "undo");

  if (failure === undefined && !cleanupFailed) {
    try {
      await verifyAll(context, collected);
      throwIfCanceled(request.signal, domain, "write manifest");
      const finishedAt = request.now?.() ?? new Date();
      const manifest: BackupManifest = {
        format: "dom0kit-backup",
        version: 1,
        id,
        domain,
        host: context.hostName,
        mode: settings.mode,
        domainState: backup.domainState,
        startedAt: context.startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        downtimeMs:
          downtime.start !== undefined && downtime.end !== undefined
            ? Math.round(downtime.end - downtime.start)
            : 0,
        dom0kitVersion: BACKUP_PACKAGE_VERSION,
        disks: collected.disks,
        config: collected.config,
        state: collected.state,
        verified: { at: finishedAt.toISOString(), depth: "archive" },
      };
      await writeManifest(partial, manifest);
      await rename(partial, layout.finished(id));
      await fsyncDirectory(layout.domainDir);
      return await finish(context, manifest, backup, started);
    } catch (error) {
      failure = asBackupError(error, domain, "finish");
    }
  }

  // Failed: nothing named like a finished backup may remain.
  await rm(partial, { recursive: true, force: true }).catch(() => undefined);
  const after = freezeStarted ? await inspectAftermath(hostRunner, backup) : undefined;
  const lines = [...describeOutcomes(cleanup), ...(after?.lines ?? []), "no backup was kept"];
  const primary =
    failure ??
    new BackupError("BACKUP_CLEANUP_FAILED", "the copy succeeded but cleanup failed", {
      domain,
      step: "cleanup",
    });
  const unclean = cleanupFailed || after?.clean === false;
  const error = new BackupError(
    unclean ? "BACKUP_CLEANUP_FAILED" : primary.code,
    `backup of ${domain} failed at "${primary.step ?? "backup"}": ${primary.message}\n  ${lines.join("\n  ")}`,
    { domain, step: primary.step, cleanup: lines, cause: primary, path: primary.path },
  );
  const report = await writeFailureReport(context, error);
  context.emit({
    type: "backup-failed",
    domain,
    id,
    code: error.code,
    ...(error.step === undefined ? {} : { step: error.step }),
    message: error.message,
  });
  try {
    await hook(context, "failure", {
      backupDir: report,
      errorCode: error.code,
      errorMessage: primary.message,
      failedStep: primary.step,
    });
  } catch (hookError) {
    context.emit({ type: "warning", domain, message: `failure hook: ${messageOf(hookError)}` });
  }
  throw error;
}

async function finish(
  context: RunContext,
  manifest: BackupManifest,
  backup: BackupPlan,
  started: number,
): Promise<BackupResult> {
  const { request, layout } = context;
  const dir = layout.finished(context.id);
  context.emit({
    type: "backup-end",
    domain: request.domain,
    id: context.id,
    dir,
    downtimeMs: manifest.downtimeMs,
    rawBytes: manifest.disks.reduce((sum, disk) => sum + disk.rawBytes, 0),
    archiveBytes: archiveBytesOf(manifest),
    durationMs: performance.now() - started,
  });
  try {
    await hook(context, "end", { backupDir: dir });
  } catch (error) {
    context.warnings.push(`end hook: ${messageOf(error)}`);
    context.emit({ type: "warning", domain: request.domain, message: context.warnings.at(-1) as string });
  }
  let pruned: string[] = [];
  if (request.prune !== false) {
    try {
      const prune = planPrune(
        request.domain,
        await listBackups(request.settings.dir, request.domain),
        request.settings.keep,
        request.timeZone,
      );
      await applyPrune(prune, request.localRunner);
      pruned = prune.remove.filter((each) => each.status === "complete").map((each) => each.id);
      context.emit({
        type: "prune",
        domain: request.domain,
        removed: prune.remove.map((each) => each.id),
        kept: prune.keep.map((each) => each.id),
      });
    } catch (error) {
      context.warnings.push(`prune: ${messageOf(error)}`);
      context.emit({ type: "warning", domain: request.domain, message: context.warnings.at(-1) as string });
    }
  }
  return { dir, manifest, notes: backup.notes, pruned, warnings: context.warnings };
}

/**
 * Backs up one domain, safely:
 *
 * 1. takes the host lock and the domain's lock (on the host, through the runner);
 * 2. reads the domain's state, config, LVs and disk sizes; removes snapshots
 *    a killed earlier run left; plans the backup ({@link planBackup});
 * 3. checks free space (archives, RAM state, paused copies, snapshot space)
 *    and runs the start hook — a failure here touches nothing;
 * 4. applies the freeze plan (save, snapshots, paused copies, unpause) with
 *    every undo registered before its step runs;
 * 5. streams each disk and the RAM state into `<dir>/<domain>/<id>.partial/`
 *    ({@link streamToArchive}), then checks every snapshot is still valid;
 * 6. removes snapshots and copies whatever happened (with retries);
 * 7. verifies each archive (SHA-256 and the compressor's own test), writes
 *    the manifest last, and renames the directory to `<id>` — the only way a
 *    finished-looking backup comes to exist;
 * 8. runs the end hook and the retention policy.
 *
 * On any failure or cancellation the partial directory is removed, the
 * domain is returned to the state it was in, nothing the backup created
 * remains, a `<id>.failed.json` report is written, the failure hook runs, and
 * a {@link BackupError} names the failed step and what the host looks like now.
 *
 * @throws {@link BackupError}
 * @example
 * ```ts
 * const result = await runBackup({
 *   domain: "vm1",
 *   settings: parseBackupSettings({ dir: "/srv/backup", bandwidth: "400mbit" }),
 *   // the disks come from /etc/xen/vm1.cfg on the host unless given
 *   hostRunner: new ExecaRunner(),
 *   localRunner: new ExecaRunner(),
 *   onEvent: (event) => console.log(JSON.stringify(event)),
 * });
 * result.dir; // "/srv/backup/vm1/2024-01-15T12-00-00.000Z"
 * ```
 */
export async function runBackup(request: BackupRequest): Promise<BackupResult> {
  const { domain, settings, hostRunner } = request;
  if (!isDomainName(domain)) {
    throw new BackupError(
      "BACKUP_INPUT_INVALID",
      `invalid domain name ${JSON.stringify(domain)}: expected letters, digits, _ . - (at most 64)`,
      { domain },
    );
  }
  const startedAt = (request.now ?? (() => new Date()))();
  const context: RunContext = {
    request,
    emit: request.onEvent ?? (() => undefined),
    id: backupIdFor(startedAt),
    startedAt,
    layout: new BackupLayout(settings.dir, domain),
    hostName: request.hostName ?? hostname(),
    warnings: [],
  };
  const locks: HostLock[] = [];
  try {
    if (request.holdsHostLock !== true) {
      locks.push(
        await HostLock.acquire(hostRunner, settings.lockDir, HOST_LOCK_NAME, {
          waitMs: settings.lockWaitMs,
          ...(request.signal === undefined ? {} : { signal: request.signal }),
        }),
      );
    }
    locks.push(await HostLock.acquire(hostRunner, settings.lockDir, domainLockName(domain)));
    return await backupLocked(context);
  } catch (error) {
    if (isBackupError(error)) throw error;
    throw asBackupError(error, domain, "backup");
  } finally {
    for (const lock of locks.reverse()) {
      await lock.release().catch((error: unknown) => {
        context.emit({ type: "warning", domain, message: messageOf(error) });
      });
    }
  }
}
