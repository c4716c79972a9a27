import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** What an integration test needs from the machine. */
export interface Prerequisites {
  /** Needs to run as root (network namespaces, loop devices, sshd, visudo). */
  readonly root?: boolean;
  /** Programs that must be on PATH. */
  readonly commands?: readonly string[];
  /** Files or directories that must exist (a library, a kernel interface). */
  readonly paths?: readonly string[];
}

/** Whether to run the suite, and if not, why. */
export interface PrerequisiteVerdict {
  readonly skip: boolean;
  readonly reason: string;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function exists(path: string): boolean {
  try {
    accessSync(path);
    return true;
  } catch {
    return false;
  }
}

/** True when running in CI, where a missing prerequisite is a broken install, not a reason to skip. */
export function inCi(): boolean {
  return process.env.CI === "true" || process.env.CI === "1";
}

/**
 * Checks an integration suite's prerequisites. In CI (`CI=true`) a missing one
 * throws, failing the suite: a silent skip would hide a broken install step. On
 * a developer machine the suite is skipped with a one-line reason.
 *
 * @example
 * ```ts
 * const needs = integrationPrerequisites({ root: true, commands: ["tc", "ip"] });
 * describe.skipIf(needs.skip)("shaping in a namespace", () => { … });
 * ```
 */
export function integrationPrerequisites(needs: Prerequisites): PrerequisiteVerdict {
  const missing = [
    ...(needs.root === true && process.getuid?.() !== 0 ? ["root"] : []),
    ...(needs.commands ?? []).filter((command) => !onPath(command)).map((command) => `command ${command}`),
    ...(needs.paths ?? []).filter((path) => !exists(path)),
  ];
  if (missing.length === 0) return { skip: false, reason: "" };
  const reason = `missing prerequisites: ${missing.join(", ")} (see .ci/run for the packages to install)`;
  if (inCi()) throw new Error(`CI=true and ${reason}`);
  console.warn(`skipping integration tests: ${reason}`);
  return { skip: true, reason };
}
