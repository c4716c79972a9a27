/**
 * Why one line of a `tc -batch` file failed:
 * - `classifier-missing`: the kernel lacks the classifier (`TC classifier not found`) — the line itself is fine;
 * - `qdisc-missing`: the kernel lacks the qdisc;
 * - `device-missing`: the device does not exist;
 * - `kernel`: the kernel refused it for another reason (its extended ack);
 * - `syntax`: tc itself could not parse the line.
 * @example
 * ```ts
 * const kind: TcBatchFailureKind = "classifier-missing";
 * ```
 */
export type TcBatchFailureKind =
  "classifier-missing" | "qdisc-missing" | "device-missing" | "kernel" | "syntax";

/**
 * One failed line of a `tc -batch` run.
 * @example
 * ```ts
 * const failure: TcBatchFailure = { line: 4, kind: "syntax", message: 'What is "clasid"?' };
 * ```
 */
export interface TcBatchFailure {
  /** 1-based line number in the batch file. */
  readonly line: number;
  readonly kind: TcBatchFailureKind;
  /** What tc printed about it. */
  readonly message: string;
}

function classify(message: string): TcBatchFailureKind {
  if (/classifier not found/iu.test(message)) return "classifier-missing";
  if (/qdisc kind is unknown|Specified qdisc not found|Unknown qdisc kind/iu.test(message))
    return "qdisc-missing";
  if (/Cannot find device/u.test(message)) return "device-missing";
  if (
    /^(Error: |RTNETLINK answers:)/mu.test(message) &&
    !/^(What is|Usage|Illegal|Unknown|Garbage)/mu.test(message)
  ) {
    return "kernel";
  }
  return "syntax";
}

/**
 * Splits what `tc -batch` (best with `-force`, which goes on after a
 * failure) wrote to stderr into one failure per line that failed, each
 * classified — so "the kernel has no fw classifier" is told apart from a
 * syntax error.
 *
 * @example
 * ```ts
 * parseTcBatchErrors("Error: TC classifier not found.\nWe have an error talking to the kernel\nCommand failed -:4\n");
 * // [{ line: 4, kind: "classifier-missing", message: "Error: TC classifier not found. We have an error talking to the kernel" }]
 * ```
 */
export function parseTcBatchErrors(stderr: string): TcBatchFailure[] {
  const failures: TcBatchFailure[] = [];
  let pending: string[] = [];
  for (const line of stderr.split("\n")) {
    const end = /^Command failed (?:.*):(\d+)$/u.exec(line.trim());
    if (end === null) {
      if (line.trim() !== "") pending.push(line.trim());
      continue;
    }
    const message = pending.join(" ");
    failures.push({ line: Number(end[1]), kind: classify(pending.join("\n")), message });
    pending = [];
  }
  return failures;
}
