import cliProgress from "cli-progress";
import { formatBytes, type BackupEvent } from "@dom0kit/backup";
import type { CliIo } from "../io.js";
import type { Output } from "../output.js";

/** How `dom0kit backup` shows what it is doing. */
export type ProgressStyle =
  /** One JSON object per event on stdout (`--json`). */
  | "json"
  /** A progress bar per copy on the terminal (stderr): bytes, rate, ETA. */
  | "bar"
  /** One line per step and per finished copy (logs, cron mail). */
  | "lines";

/** Receives a backup's events and shows them; `stop` ends any bar still drawn. */
export interface BackupReporter {
  readonly onEvent: (event: BackupEvent) => void;
  readonly stop: () => void;
}

function seconds(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "--:--";
  const total = Math.round(value);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${String(h)}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * Chooses the style: JSON when asked, a bar on a terminal, lines otherwise.
 *
 * @example
 * ```ts
 * progressStyle(io, { json: false, progress: true }); // "bar" on a terminal
 * ```
 */
export function progressStyle(io: CliIo, options: { json: boolean; progress: boolean }): ProgressStyle {
  if (options.json) return "json";
  return options.progress && io.stderr.isTTY === true && io.env.TERM !== "dumb" ? "bar" : "lines";
}

/**
 * A reporter for one `dom0kit backup` command.
 *
 * @example
 * ```ts
 * const reporter = backupReporter(io, output, "bar");
 * await runBackup({ ...request, onEvent: reporter.onEvent });
 * reporter.stop();
 * ```
 */
export function backupReporter(io: CliIo, out: Output, style: ProgressStyle): BackupReporter {
  if (style === "json") {
    return { onEvent: (event) => io.stdout.write(`${JSON.stringify(event)}\n`), stop: () => undefined };
  }
  let bar: cliProgress.SingleBar | undefined;
  const stopBar = (): void => {
    bar?.stop();
    bar = undefined;
  };
  const say = (text: string): void => {
    stopBar();
    out.note(text);
  };
  const onEvent = (event: BackupEvent): void => {
    switch (event.type) {
      case "backup-start":
        say(
          `${event.domain}: ${event.mode} backup ${event.id} (domain ${event.domainState}; ${event.disks.map((disk) => `${disk.vdev} ${disk.method}`).join(", ")})`,
        );
        for (const note of event.notes) say(`  note: ${note}`);
        return;
      case "step":
        if (event.status === "start")
          say(`  ${event.phase === "step" ? "" : `${event.phase}: `}${event.description}`);
        else if (event.status !== "succeeded") say(`    ${event.status}: ${event.command}`);
        return;
      case "copy-start":
        if (style === "bar") {
          stopBar();
          bar = new cliProgress.SingleBar(
            {
              stream: io.stderr as NodeJS.WriteStream,
              format:
                event.totalBytes === undefined
                  ? "  {label} {done} | {rate}/s"
                  : "  {label} [{bar}] {percentage}% | {done} of {size} | {rate}/s | ETA {etaText}",
              hideCursor: true,
              clearOnComplete: false,
              barsize: 30,
              fps: 4,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(event.totalBytes ?? 1, 0, {
            label: event.label,
            done: formatBytes(0),
            size: formatBytes(event.totalBytes ?? 0),
            rate: formatBytes(0),
            etaText: "--:--",
          });
        } else {
          say(
            `  copy ${event.label} from ${event.source}${event.totalBytes === undefined ? "" : ` (${formatBytes(event.totalBytes)})`}`,
          );
        }
        return;
      case "progress":
        bar?.update(event.totalBytes === undefined ? 0 : Math.min(event.bytes, event.totalBytes), {
          done: formatBytes(event.bytes),
          rate: formatBytes(event.bytesPerSecond),
          etaText: seconds(event.etaSeconds),
        });
        return;
      case "copy-end":
        say(
          `  ${event.label}: ${formatBytes(event.rawBytes)} read, ${formatBytes(event.archiveBytes)} written in ${(event.durationMs / 1000).toFixed(1)} s (${formatBytes(event.rawBytes / Math.max(event.durationMs / 1000, 0.001))}/s)`,
        );
        return;
      case "verify":
        say(`  verify ${event.label}: ${event.ok ? "ok" : "FAILED"}`);
        return;
      case "warning":
        say(`  warning: ${event.message}`);
        return;
      case "backup-end":
        say(
          `${event.domain}: backup ${event.id} complete in ${(event.durationMs / 1000).toFixed(1)} s — ${formatBytes(event.rawBytes)} of disks in ${formatBytes(event.archiveBytes)}, downtime ${(event.downtimeMs / 1000).toFixed(1)} s — ${event.dir}`,
        );
        return;
      case "backup-failed":
        stopBar();
        return;
      case "prune":
        if (event.removed.length > 0) say(`  pruned: ${event.removed.join(", ")}`);
        return;
    }
  };
  return { onEvent, stop: stopBar };
}
