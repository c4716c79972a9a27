import { dirname } from "node:path";
import { action, step, type Step } from "@dom0kit/runner";

/** Suffix of a file while it is being written; renamed into place when complete. */
export const PARTIAL_SUFFIX = ".dom0kit-new";

/**
 * Steps that put `text` at `path` on the host through the runner: write it next
 * to the target (`dd of=PATH.dom0kit-new`), then rename it into place, so the
 * file is never seen half-written. The undo restores what was there before.
 *
 * @example
 * ```ts
 * writeHostFileSteps("/etc/xen/vm1.cfg", text, undefined, "the xl config of vm1");
 * ```
 */
export function writeHostFileSteps(
  path: string,
  text: string,
  previous: string | undefined,
  what: string,
): Step[] {
  const partial = `${path}${PARTIAL_SUFFIX}`;
  const restore =
    previous === undefined
      ? action(`remove ${what}`, ["rm", "-f", "--", path])
      : action(`put back the previous ${what}`, ["dd", `of=${path}`, "status=none"], { input: previous });
  return [
    step(`write ${what} to ${partial}`, ["dd", `of=${partial}`, "status=none", "conv=fsync"], {
      input: text,
      undo: action(`remove the partial ${what}`, ["rm", "-f", "--", partial]),
    }),
    step(`move ${what} into place at ${path}`, ["mv", "-f", "--", partial, path], { undo: restore }),
  ];
}

/** A step creating `path`'s directory. */
export function makeParentStep(path: string): Step {
  return step(`create ${dirname(path)}`, ["mkdir", "-p", "--", dirname(path)]);
}
