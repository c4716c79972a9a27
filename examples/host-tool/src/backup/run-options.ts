import type { BackupOverrides } from "./settings.js";
import { usageError } from "../cli-error.js";

/** The options of `dom0kit backup run`, as commander parses them. */
export interface RunOptions {
  readonly all?: boolean;
  readonly dir?: string;
  readonly mode?: string;
  readonly compression?: string;
  readonly level?: string;
  readonly threads?: string;
  readonly bandwidth?: string;
  readonly ioniceLevel?: string;
  readonly snapshotSize?: string;
  readonly deviceDisks?: string;
  readonly lockWait?: string;
  readonly spaceCheck: boolean;
  readonly prune: boolean;
  readonly progress: boolean;
}

function whole(name: string, min: number, max: number) {
  return (value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw usageError(
        `${name} ${JSON.stringify(value)} is not a whole number from ${String(min)} to ${String(max)}`,
      );
    return Number(value);
  };
}

/** The settings `backup run`'s options override, each checked (`--level 1-19`, …). */
export function overridesOf(options: RunOptions): BackupOverrides {
  return {
    dir: options.dir,
    mode: options.mode,
    compression: options.compression,
    level: whole("--level", 1, 19)(options.level),
    threads: whole("--threads", 0, 256)(options.threads),
    bandwidth: options.bandwidth,
    ioniceLevel: whole("--ionice-level", 0, 7)(options.ioniceLevel),
    snapshotSize: options.snapshotSize,
    deviceDisks: options.deviceDisks,
    lockWait: whole("--lock-wait", 0, 86400)(options.lockWait),
    spaceCheck: options.spaceCheck ? undefined : false,
  };
}
