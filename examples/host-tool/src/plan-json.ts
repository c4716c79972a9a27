import { createHash } from "node:crypto";
import { formatCommand, type Action, type Plan, type Step } from "@dom0kit/runner";

/** Stdin larger than this is summarised (size and sha256) instead of printed. */
export const INLINE_INPUT_BYTES = 16 * 1024;

/** One action of a plan as JSON. */
export interface ActionJson {
  readonly description: string;
  /** The program and its arguments. */
  readonly argv: readonly string[];
  /** The same as one POSIX shell line, for people. */
  readonly command: string;
  /** What it reads on stdin (a file's content, a batch), when it reads anything and it is small. */
  readonly input?: string;
  /** Size of its stdin, when it reads anything. */
  readonly inputBytes?: number;
  /** sha256 of its stdin, when that is too large to print. */
  readonly inputSha256?: string;
}

/** One step as JSON: an action and the action that undoes it. */
export interface StepJson extends ActionJson {
  readonly undo?: ActionJson;
}

/** A plan as JSON: what `--json` prints everywhere. */
export interface PlanJson {
  readonly title: string;
  /** True when nothing would change. */
  readonly empty: boolean;
  readonly steps: readonly StepJson[];
  readonly finally: readonly ActionJson[];
}

function inputToJson(input: string | Uint8Array): Pick<ActionJson, "input" | "inputBytes" | "inputSha256"> {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input);
  if (bytes.length <= INLINE_INPUT_BYTES) return { input: bytes.toString("utf8"), inputBytes: bytes.length };
  return { inputBytes: bytes.length, inputSha256: createHash("sha256").update(bytes).digest("hex") };
}

function actionToJson(each: Action): ActionJson {
  const input = each.command.input;
  return {
    description: each.description,
    argv: [each.command.file, ...each.command.args],
    command: formatCommand(each.command),
    ...(input === undefined ? {} : inputToJson(input)),
  };
}

function stepToJson(each: Step): StepJson {
  return each.undo === undefined
    ? actionToJson(each)
    : { ...actionToJson(each), undo: actionToJson(each.undo) };
}

/**
 * A plan as plain data for `--json`: every step's reason, argv, shell line,
 * stdin and undo; the finally actions.
 *
 * @example
 * ```ts
 * out.json(planToJson(plan));
 * ```
 */
export function planToJson(plan: Plan): PlanJson {
  return {
    title: plan.title,
    empty: plan.steps.length === 0 && plan.finally.length === 0,
    steps: plan.steps.map(stepToJson),
    finally: plan.finally.map(actionToJson),
  };
}
