import { basename } from "node:path";
import { getopt, hasOption } from "./getopt.js";

/** A command with its wrappers (`sudo`, `nice`, `ionice -c …`) taken off. */
export interface Unwrapped {
  /** The wrapped program's base name and arguments. */
  readonly argv: readonly string[];
  /** The wrappers that apply to a real program (`["ionice", "-c", "3"]`); sudo is dropped (the simulated dom0 runs as root). */
  readonly wrappers: readonly (readonly string[])[];
}

function peelOne(
  argv: readonly string[],
): { inner: readonly string[]; wrapper?: readonly string[] } | undefined {
  const [program, ...args] = argv;
  switch (program) {
    case "sudo": {
      const parsed = getopt(args, "+nEHSkiu:g:", {
        user: [true, "u"],
        group: [true, "g"],
        "non-interactive": [false, "n"],
      });
      if (parsed.error !== undefined || parsed.operands.length === 0) return undefined;
      return { inner: parsed.operands };
    }
    case "nice": {
      const [first, ...rest] = args;
      if (first !== undefined && /^-\d+$/.test(first))
        return { inner: rest, wrapper: ["nice", "-n", first.slice(1)] };
      const parsed = getopt(args, "+n:", { adjustment: [true, "n"] });
      if (parsed.error !== undefined || parsed.operands.length === 0) return undefined;
      const consumed = args.slice(0, args.length - parsed.operands.length);
      return { inner: parsed.operands, wrapper: ["nice", ...consumed] };
    }
    case "ionice": {
      const parsed = getopt(args, "+c:n:p:P:u:t", {
        class: [true, "c"],
        classdata: [true, "n"],
        pid: [true, "p"],
        pgid: [true, "P"],
        uid: [true, "u"],
        ignore: [false, "t"],
      });
      if (parsed.error !== undefined || parsed.operands.length === 0) return undefined;
      if (hasOption(parsed, "p") || hasOption(parsed, "P") || hasOption(parsed, "u")) return undefined;
      const consumed = args.slice(0, args.length - parsed.operands.length);
      return { inner: parsed.operands, wrapper: ["ionice", ...consumed] };
    }
    default:
      return undefined;
  }
}

/**
 * Removes wrapper programs from the front of a command, keeping the ones that
 * matter to a real process (`nice`, `ionice`) so the wrapped program can run
 * under them.
 *
 * @example
 * ```ts
 * unwrapWrappers(["sudo", "ionice", "-c3", "dd", "if=/dev/vg0/snap"]);
 * // { argv: ["dd", "if=/dev/vg0/snap"], wrappers: [["ionice", "-c3"]] }
 * ```
 */
export function unwrapWrappers(argv: readonly string[]): Unwrapped {
  let current = [basename(argv[0] ?? ""), ...argv.slice(1)];
  const wrappers: (readonly string[])[] = [];
  for (let depth = 0; depth < 8; depth += 1) {
    const peeled = peelOne(current);
    if (peeled === undefined) break;
    if (peeled.wrapper !== undefined) wrappers.push(peeled.wrapper);
    current = [basename(peeled.inner[0] ?? ""), ...peeled.inner.slice(1)];
  }
  return { argv: current, wrappers };
}
