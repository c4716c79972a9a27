import { createHash } from "node:crypto";
import { action, step, type Action, type Step } from "@dom0kit/runner";
import { HostStateError } from "./errors.js";
import type { PathState } from "./host-state.js";

/** Steps and finally actions that bring one path to its desired state. */
export interface PlanParts {
  readonly steps: readonly Step[];
  readonly finally: readonly Action[];
}

/** Who owns a path and its permission bits. */
export interface Ownership {
  readonly owner: string;
  readonly group: string;
  /** Permission bits, e.g. 0o440. */
  readonly mode: number;
}

/** A file as it should be. */
export interface DesiredFile extends Ownership {
  readonly path: string;
  readonly content: string;
  /** A command that must accept the new file (at its temporary path) before it replaces the old one. */
  readonly validate?: (temporaryPath: string) => readonly [string, ...string[]];
  /** What the file is, for step descriptions ("sudoers rules for alice"). */
  readonly description: string;
}

/** Suffix of a file being written; sudo, sshd and the menu all ignore such names. */
export const NEW_SUFFIX = ".dom0kit-new";
/** Suffix of the previous version of a replaced file, kept until the plan ends. */
export const OLD_SUFFIX = ".dom0kit-old";

const NONE: PlanParts = { steps: [], finally: [] };

function octal(mode: number): string {
  return mode.toString(8).padStart(4, "0");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function refuseOther(path: string, current: PathState, wanted: string): never {
  const found = current.kind === "other" ? current.type : current.kind;
  throw new HostStateError(
    `${path} is a ${found}, not a ${wanted}; refusing to replace it — remove it by hand if it is safe`,
  );
}

function ownershipSteps(path: string, wanted: Ownership, current: Ownership, what: string): Step[] {
  const steps: Step[] = [];
  if (current.owner !== wanted.owner || current.group !== wanted.group) {
    steps.push(
      step(
        `give ${what} to ${wanted.owner}:${wanted.group}`,
        ["chown", `${wanted.owner}:${wanted.group}`, "--", path],
        {
          undo: action(`give ${what} back to ${current.owner}:${current.group}`, [
            "chown",
            `${current.owner}:${current.group}`,
            "--",
            path,
          ]),
        },
      ),
    );
  }
  if (current.mode !== wanted.mode) {
    steps.push(
      step(`set the mode of ${what} to ${octal(wanted.mode)}`, ["chmod", octal(wanted.mode), "--", path], {
        undo: action(`set the mode of ${what} back to ${octal(current.mode)}`, [
          "chmod",
          octal(current.mode),
          "--",
          path,
        ]),
      }),
    );
  }
  return steps;
}

/**
 * Creates a directory with the given owner and mode when it is missing, or
 * corrects its owner and mode. Undo removes a directory it created.
 *
 * @example
 * ```ts
 * ensureDirectory("/etc/dom0kit", { owner: "root", group: "root", mode: 0o755 }, { kind: "missing" });
 * ```
 */
export function ensureDirectory(path: string, wanted: Ownership, current: PathState): PlanParts {
  if (current.kind === "missing") {
    return {
      steps: [
        step(
          `create directory ${path}`,
          ["install", "-d", "-m", octal(wanted.mode), "-o", wanted.owner, "-g", wanted.group, "--", path],
          { undo: action(`remove directory ${path}`, ["rmdir", "--", path]) },
        ),
      ],
      finally: [],
    };
  }
  if (current.kind !== "directory") refuseOther(path, current, "directory");
  return { steps: ownershipSteps(path, wanted, current, path), finally: [] };
}

/**
 * Writes a file atomically: `<path>.dom0kit-new` is created empty with its
 * final owner and mode (so the content is never readable by the wrong user),
 * filled and flushed to disk by `dd conv=fsync` (which reads the runner's
 * stdin directly: `/dev/stdin` cannot be opened when stdin is a socket), checked
 * by `validate` if given (`visudo -cf`), and renamed over the old file. The old version is kept as a hard link until
 * the plan ends, so undo restores it by another rename. An unchanged file
 * needs no steps; one whose content matches but whose owner or mode differs
 * gets `chown`/`chmod`.
 *
 * @example
 * ```ts
 * ensureFile({ path: "/etc/sudoers.d/dom0kit-console-alice", content, owner: "root", group: "root",
 *   mode: 0o440, description: "sudoers rules for alice", validate: (tmp) => ["visudo", "-c", "-q", "-f", tmp] },
 *   state.paths.get(path)!);
 * ```
 */
export function ensureFile(desired: DesiredFile, current: PathState): PlanParts {
  const { path, description } = desired;
  if (current.kind !== "missing" && current.kind !== "file") refuseOther(path, current, "regular file");
  if (current.kind === "file") {
    const same =
      current.content !== undefined
        ? current.content === desired.content
        : current.sha256 !== undefined && current.sha256 === sha256(desired.content);
    if (same) return { steps: ownershipSteps(path, desired, current, path), finally: [] };
  }
  const temporary = `${path}${NEW_SUFFIX}`;
  const previous = `${path}${OLD_SUFFIX}`;
  const steps: Step[] = [
    step(
      `create ${temporary} for the new ${description}`,
      [
        "install",
        "-m",
        octal(desired.mode),
        "-o",
        desired.owner,
        "-g",
        desired.group,
        "/dev/null",
        temporary,
      ],
      { undo: action(`remove ${temporary}`, ["rm", "-f", "--", temporary]) },
    ),
    step(
      `write the ${description} to ${temporary} and flush it to disk`,
      ["dd", `of=${temporary}`, "conv=fsync", "status=none"],
      {
        input: desired.content,
      },
    ),
  ];
  if (desired.validate !== undefined)
    steps.push(step(`check the ${description}`, desired.validate(temporary)));
  if (current.kind === "file") {
    steps.push(step(`keep the previous ${description} as ${previous}`, ["ln", "-f", "--", path, previous]));
    steps.push(
      step(`replace ${path} with the new ${description}`, ["mv", "-f", "-T", "--", temporary, path], {
        undo: action(`restore the previous ${path}`, ["mv", "-f", "-T", "--", previous, path]),
      }),
    );
    return { steps, finally: [action(`remove ${previous}`, ["rm", "-f", "--", previous])] };
  }
  steps.push(
    step(`install the ${description} as ${path}`, ["mv", "-f", "-T", "--", temporary, path], {
      undo: action(`remove ${path}`, ["rm", "-f", "--", path]),
    }),
  );
  return { steps, finally: [] };
}

/**
 * Removes a file. Reversible (the default): it is renamed aside, undo renames it
 * back, and the aside copy is deleted when the plan ends. Irreversible: a plain
 * `rm -f` — for taking access away, where a failure later in the plan must
 * never give the access back (the account it belonged to may already be gone).
 * A missing file needs no steps.
 *
 * @example
 * ```ts
 * removeFile("/etc/sudoers.d/dom0kit-console-alice", "sudoers rules of alice", state.paths.get(path)!, { reversible: false });
 * ```
 */
export function removeFile(
  path: string,
  description: string,
  current: PathState,
  options: { readonly reversible?: boolean } = {},
): PlanParts {
  if (current.kind === "missing") return NONE;
  if (current.kind !== "file") refuseOther(path, current, "regular file");
  if (options.reversible === false) {
    return { steps: [step(`remove the ${description} (${path})`, ["rm", "-f", "--", path])], finally: [] };
  }
  const previous = `${path}${OLD_SUFFIX}`;
  return {
    steps: [
      step(`remove the ${description} (${path})`, ["mv", "-f", "-T", "--", path, previous], {
        undo: action(`put back ${path}`, ["mv", "-f", "-T", "--", previous, path]),
      }),
    ],
    finally: [action(`delete the removed ${description}`, ["rm", "-f", "--", previous])],
  };
}

/**
 * Removes a directory if it is empty, as a finally action after the removed
 * files' aside copies are deleted (so it runs last): a directory that still
 * holds something — a file the plan put back after a failure, or anything
 * not ours — is left alone (`rmdir --ignore-fail-on-non-empty`).
 *
 * @example
 * ```ts
 * removeDirectory("/home/alice/.ssh", state.paths.get("/home/alice/.ssh")!);
 * ```
 */
export function removeDirectory(path: string, current: PathState): PlanParts {
  if (current.kind === "missing") return NONE;
  if (current.kind !== "directory") refuseOther(path, current, "directory");
  return {
    steps: [],
    finally: [
      action(`remove directory ${path} if it is empty`, ["rmdir", "--ignore-fail-on-non-empty", "--", path]),
    ],
  };
}
