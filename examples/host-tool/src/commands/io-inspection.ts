import type { Inventory } from "@dom0kit/inventory";
import {
  inspectIo,
  psSource,
  type HostRoots,
  type IoInspection,
  type IoPolicy,
  type ProcessSource,
} from "@dom0kit/ionice-mapper";
import type { CommandRunner } from "@dom0kit/runner";
import type { HostTarget } from "../host-target.js";
import { ioPolicyFromInventory, type IoPolicyOptions } from "./io-policy.js";

/** What was found on the host for the inventory's I/O policy. */
export interface InventoryIoInspection {
  readonly policy: IoPolicy;
  readonly inspection: IoInspection;
  /** Where processes came from: /proc here, or ps on a remote or simulated host. */
  readonly processSource: ProcessSource | undefined;
  readonly checkSchedulers: boolean;
  readonly notes: readonly string[];
}

/** How to look: the policy's options, and where /proc and /sys are. */
export interface InventoryIoOptions {
  readonly policy?: IoPolicyOptions;
  readonly roots?: HostRoots;
  /** A /proc copy was given on the command line (use it even for a remote host). */
  readonly procRootGiven?: boolean;
  /** A /sys copy was given on the command line. */
  readonly sysRootGiven?: boolean;
}

/**
 * Inspects the host for the inventory's I/O policy. /proc and /sys are this
 * machine's: on another host, processes are listed with ps through the runner,
 * and schedulers are judged only from a /sys tree given here.
 */
export async function inspectInventoryIo(
  inventory: Inventory,
  runner: CommandRunner,
  target: HostTarget,
  options: InventoryIoOptions = {},
): Promise<InventoryIoInspection> {
  const policy = ioPolicyFromInventory(inventory, options.policy);
  const local = target.kind === "local";
  const processSource = local || options.procRootGiven === true ? undefined : psSource(runner);
  const checkSchedulers = local || options.sysRootGiven === true;
  const notes = checkSchedulers
    ? []
    : ["scheduler check skipped: the host's /sys is not on this machine (pass --sys-root to read a copy)"];
  const inspection = await inspectIo(policy, {
    runner,
    toolstack: inventory.host.toolstack,
    ...(options.roots ?? {}),
    checkSchedulers,
    ...(processSource === undefined ? {} : { processSource }),
  });
  return { policy, inspection, processSource, checkSchedulers, notes };
}
