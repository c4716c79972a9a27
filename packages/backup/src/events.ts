import type { BackupErrorCode } from "./errors.js";

/**
 * What a backup reports as it goes: for progress bars on a terminal and for
 * `--json` event streams. Every event names its domain.
 *
 * @example
 * ```ts
 * const onEvent = (event: BackupEvent) => { if (event.type === "progress") console.log(event.bytes, event.etaSeconds); };
 * ```
 */
export type BackupEvent =
  | {
      readonly type: "backup-start";
      readonly domain: string;
      readonly id: string;
      readonly mode: string;
      readonly domainState: string;
      readonly disks: readonly { readonly vdev: string; readonly source: string; readonly method: string }[];
      readonly notes: readonly string[];
    }
  | {
      /** A host step (save, snapshot, unpause, cleanup …) started or ended. */
      readonly type: "step";
      readonly domain: string;
      readonly phase: "step" | "undo" | "finally";
      readonly status: "start" | "succeeded" | "failed" | "canceled" | "skipped";
      readonly description: string;
      readonly command: string;
    }
  | {
      readonly type: "copy-start";
      readonly domain: string;
      /** `xvda`, or `state` for the RAM state. */
      readonly label: string;
      readonly source: string;
      readonly totalBytes?: number;
    }
  | {
      readonly type: "progress";
      readonly domain: string;
      readonly label: string;
      readonly bytes: number;
      readonly totalBytes?: number;
      /** Average read rate of this copy so far. */
      readonly bytesPerSecond: number;
      /** Seconds left at that rate, when the size is known. */
      readonly etaSeconds?: number;
    }
  | {
      readonly type: "copy-end";
      readonly domain: string;
      readonly label: string;
      readonly rawBytes: number;
      readonly archiveBytes: number;
      readonly durationMs: number;
    }
  | { readonly type: "verify"; readonly domain: string; readonly label: string; readonly ok: boolean }
  | { readonly type: "warning"; readonly domain: string; readonly message: string }
  | {
      readonly type: "backup-end";
      readonly domain: string;
      readonly id: string;
      readonly dir: string;
      readonly downtimeMs: number;
      readonly rawBytes: number;
      readonly archiveBytes: number;
      readonly durationMs: number;
    }
  | {
      readonly type: "backup-failed";
      readonly domain: string;
      readonly id: string;
      readonly code: BackupErrorCode;
      readonly step?: string;
      readonly message: string;
    }
  | {
      readonly type: "prune";
      readonly domain: string;
      readonly removed: readonly string[];
      readonly kept: readonly string[];
    };

/**
 * Receives {@link BackupEvent}s.
 *
 * @example
 * ```ts
 * const log: BackupEventListener = (event) => console.log(JSON.stringify(event));
 * ```
 */
export type BackupEventListener = (event: BackupEvent) => void;

/**
 * Turns a stream of byte counts into rate-limited progress events (at most
 * one per `intervalMs`, plus the last).
 *
 * @example
 * ```ts
 * const meter = new ProgressMeter((event) => console.log(event.bytes), { domain: "vm1", label: "xvda", totalBytes: 1 << 30 });
 * meter.update(4 << 20);
 * meter.finish();
 * ```
 */
export class ProgressMeter {
  readonly #emit: BackupEventListener;
  readonly #domain: string;
  readonly #label: string;
  readonly #totalBytes: number | undefined;
  readonly #intervalMs: number;
  readonly #started = performance.now();
  #lastEmit = -Infinity;
  #bytes = 0;

  constructor(
    emit: BackupEventListener,
    target: { domain: string; label: string; totalBytes?: number | undefined },
    intervalMs = 250,
  ) {
    this.#emit = emit;
    this.#domain = target.domain;
    this.#label = target.label;
    this.#totalBytes = target.totalBytes;
    this.#intervalMs = intervalMs;
  }

  /** Records the bytes done so far; emits when the interval has passed. */
  update(bytes: number): void {
    this.#bytes = bytes;
    const now = performance.now();
    if (now - this.#lastEmit < this.#intervalMs) return;
    this.#lastEmit = now;
    this.#send(now);
  }

  /** Emits the final count. */
  finish(): void {
    this.#send(performance.now());
  }

  #send(now: number): void {
    const seconds = Math.max((now - this.#started) / 1000, 1e-3);
    const bytesPerSecond = this.#bytes / seconds;
    const total = this.#totalBytes;
    const eta =
      total !== undefined && bytesPerSecond > 0
        ? Math.max(0, (total - this.#bytes) / bytesPerSecond)
        : undefined;
    this.#emit({
      type: "progress",
      domain: this.#domain,
      label: this.#label,
      bytes: this.#bytes,
      ...(total === undefined ? {} : { totalBytes: total }),
      bytesPerSecond,
      ...(eta === undefined ? {} : { etaSeconds: eta }),
    });
  }
}
