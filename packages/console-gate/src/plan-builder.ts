import type { Action, Step } from "@dom0kit/runner";
import { HostStateError } from "./errors.js";
import type { PlanParts } from "./file-steps.js";
import type { ConsoleHostState, PathState } from "./host-state.js";

/** Collects the steps and finally actions of a plan being built. */
export class PlanBuilder {
  readonly steps: Step[] = [];
  readonly finally: Action[] = [];

  /** Appends steps (and finally actions); returns how many steps were added. */
  add(parts: PlanParts | readonly Step[]): number {
    const steps = "steps" in parts ? parts.steps : parts;
    this.steps.push(...steps);
    if ("finally" in parts) this.finally.push(...parts.finally);
    return steps.length;
  }
}

/**
 * The state of `path`, which must have been read.
 *
 * @throws {@link HostStateError} when it was not
 */
export function pathState(state: ConsoleHostState, path: string): PathState {
  const found = state.paths.get(path);
  if (found === undefined) throw new HostStateError(`the host state does not include ${path}`);
  return found;
}
