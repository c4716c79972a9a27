import cliProgress from "cli-progress";
import type { StepEvent } from "@dom0kit/runner";
import type { CliIo } from "../io.js";
import type { Output } from "../output.js";

/** Shows one plan's steps as they run. */
export interface StepProgress {
  /** Feed it every event of `applyPlan`'s `onStep`. */
  onStep(event: StepEvent): void;
  /** Clears the live display (the summary follows). */
  stop(): void;
}

const MARK = { succeeded: "ok", failed: "FAILED", canceled: "canceled", skipped: "skipped" } as const;

/** One line per finished action: for logs, pipes and tests. */
function lineProgress(out: Output): StepProgress {
  return {
    onStep(event) {
      if (event.type !== "end") return;
      const { outcome } = event;
      const phase = outcome.phase === "step" ? "" : `${outcome.phase}: `;
      const mark = MARK[outcome.status];
      const text = `  ${mark.padEnd(6)} ${phase}${outcome.action.description}`;
      out.line(outcome.status === "succeeded" ? text : out.colors.red(text));
    },
    stop() {},
  };
}

/** A bar on the terminal that names the running step; finished failures stay on screen. */
function barProgress(io: CliIo, out: Output, total: number): StepProgress {
  const bar = new cliProgress.SingleBar(
    {
      format: "  {bar} {value}/{total} {step}",
      barsize: 20,
      hideCursor: true,
      clearOnComplete: true,
      stream: io.stderr as NodeJS.WritableStream,
      linewrap: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { step: "" });
  let done = 0;
  const failures: string[] = [];
  return {
    onStep(event) {
      if (event.type === "start") {
        bar.update(done, { step: event.action.description });
        return;
      }
      if (event.outcome.phase === "step") done += 1;
      bar.update(done, { step: event.outcome.action.description });
      if (event.outcome.status === "failed") failures.push(event.outcome.action.description);
    },
    stop() {
      bar.stop();
      for (const failure of failures) out.line(out.colors.red(`  FAILED ${failure}`));
    },
  };
}

/**
 * Live progress for a plan of `total` steps: a bar naming the running step on
 * a terminal (stderr), else one line per finished step on stdout.
 *
 * @example
 * ```ts
 * const progress = stepProgress(context.io, out, plan.steps.length);
 * const report = await applyPlan(plan, runner, { onStep: (event) => progress.onStep(event) });
 * progress.stop();
 * ```
 */
export function stepProgress(io: CliIo, out: Output, total: number): StepProgress {
  const live = io.stderr.isTTY === true && (io.env.TERM ?? "") !== "dumb";
  return live ? barProgress(io, out, total) : lineProgress(out);
}
