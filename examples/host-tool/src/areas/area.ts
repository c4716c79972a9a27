import type { Inventory } from "@dom0kit/inventory";
import type { CommandRunner, Plan } from "@dom0kit/runner";
import type { HostTarget } from "../host-target.js";

/** The areas of a host dom0kit manages, in the order plans run. */
export const AREA_NAMES = ["config", "boot", "sched", "net", "io", "console", "backup"] as const;

/** One area: `config` (domain configs, disks, domains), `boot`, `sched`, `net`, `io`, `console`, `backup`. */
export type AreaName = (typeof AREA_NAMES)[number];

/** Choices the inventory does not make. */
export interface AreaOptions {
  /** The bundled dom0kit-console menu program to install. @default the one shipped with @dom0kit/console-gate */
  readonly consoleProgram?: string;
}

/** What an area needs to plan: the inventory, and the host to read. */
export interface AreaInput {
  readonly inventory: Inventory;
  /** Reads the host's current state. Never used to change it. */
  readonly runner: CommandRunner;
  readonly target: HostTarget;
  readonly options?: AreaOptions;
}

/** What must change in one area, and what a person should know about it. */
export interface AreaPlan {
  readonly area: AreaName;
  readonly title: string;
  /** Empty when the host already matches the inventory. */
  readonly plan: Plan;
  readonly notes: readonly string[];
}

/** A file as dom0kit would install it. */
export interface InstalledFile {
  /** Where it goes: an absolute path on the host, or `guests/DOMAIN/VDEV/…` inside a guest's disk. */
  readonly path: string;
  readonly text: string;
  /** Permission bits, e.g. 0o644. */
  readonly mode: number;
  /** What it is, in a few words. */
  readonly description: string;
}

/**
 * One area of a host, as `dom0kit plan`, `apply` and `render` see it: how to
 * compute what must change (reading the host through the runner), and which
 * files it installs.
 */
export interface HostArea {
  readonly name: AreaName;
  /** A heading for people ("CPU scheduling"). */
  readonly title: string;
  /** Whether `dom0kit apply` runs this area's plan (backups run with `dom0kit backup run`). */
  readonly applied: boolean;
  plan(input: AreaInput): Promise<AreaPlan>;
  files(inventory: Inventory): Promise<readonly InstalledFile[]>;
}
