import type { SimPaths, ResolvedPath } from "../fs/sim-paths.js";
import type { DataProgram } from "./data-programs.js";

/** An argument that named a simulated path, and where that path lives. */
export interface PathUse {
  readonly index: number;
  readonly simPath: string;
  readonly resolved: ResolvedPath;
  /** For dd: `if` or `of`. */
  readonly operand?: "if" | "of";
}

/** A data program's arguments with simulated paths replaced by real ones. */
export interface TranslatedArgs {
  readonly args: string[];
  readonly paths: readonly PathUse[];
}

/**
 * Replaces every simulated path in a data program's arguments by its real
 * file: absolute arguments, `--option=/path` values and dd's `if=`/`of=`.
 * Relative paths need nothing: the program runs in the translated working
 * directory. Values of the program's non-path options are left alone.
 *
 * @example
 * ```ts
 * translateArgs(paths, "dd", DATA_PROGRAMS.dd, ["if=/dev/vg0/snap", "bs=1M"], "/", ["vg0"]).args;
 * // ["if=<state>/lvm/vg0/snap", "bs=1M"]
 * ```
 */
export function translateArgs(
  paths: SimPaths,
  program: string,
  spec: DataProgram,
  args: readonly string[],
  cwd: string,
  vgs: readonly string[],
): TranslatedArgs {
  const out: string[] = [];
  const uses: PathUse[] = [];
  const values = new Set(spec.valueOptions ?? []);
  let afterDoubleDash = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    const translate = (simPath: string, operand?: "if" | "of"): string => {
      const resolved = paths.resolve(simPath, cwd, vgs);
      uses.push({ index, simPath, resolved, ...(operand === undefined ? {} : { operand }) });
      return resolved.hostPath;
    };
    if (program === "dd") {
      const operand = /^(if|of)=(.+)$/.exec(arg);
      if (operand !== null) {
        out.push(`${operand[1] as string}=${translate(operand[2] as string, operand[1] as "if" | "of")}`);
      } else {
        out.push(arg);
      }
      continue;
    }
    if (!afterDoubleDash && arg === "--") {
      afterDoubleDash = true;
      out.push(arg);
      continue;
    }
    if (!afterDoubleDash && values.has(arg)) {
      out.push(arg);
      if (index + 1 < args.length) out.push(args[index + 1] as string);
      index += 1;
      continue;
    }
    const long = afterDoubleDash ? null : /^(--[^=]+)=(\/.*)$/.exec(arg);
    if (long !== null) {
      out.push(values.has(long[1] as string) ? arg : `${long[1] as string}=${translate(long[2] as string)}`);
      continue;
    }
    if (arg.startsWith("/") || (afterDoubleDash && arg !== "-")) {
      out.push(arg.startsWith("/") || afterDoubleDash ? translate(arg) : arg);
      continue;
    }
    out.push(arg);
  }
  return { args: out, paths: uses };
}
