/** What the remote side of one ssh session reported (see `remotePipelineLine`). */
export interface RemoteReport {
  /** The remote shell's process id, once it started: proof the command reached the host. */
  readonly pid: number | undefined;
  /** Exit status of each stage that finished, by stage index. */
  readonly exits: ReadonlyMap<number, number>;
  /** Stderr as the commands wrote it, with the reports taken out. */
  readonly stderr: string;
}

function reportPattern(nonce: string): RegExp {
  return new RegExp(`\\x1edom0kit:${nonce}:(pid|exit:([0-9]+)):([0-9]+)\\x1e`, "g");
}

/**
 * Separates the reports tagged with `nonce` from what the remote commands wrote
 * to stderr.
 *
 * @example
 * ```ts
 * readRemoteReport("\x1edom0kit:ab12:pid:77\x1eoops\x1edom0kit:ab12:exit:0:3\x1e", "ab12");
 * // { pid: 77, exits: Map { 0 => 3 }, stderr: "oops" }
 * ```
 */
export function readRemoteReport(stderr: string, nonce: string): RemoteReport {
  let pid: number | undefined;
  const exits = new Map<number, number>();
  const cleaned = stderr.replace(reportPattern(nonce), (_match, what: string, stage?: string, value = "") => {
    if (what === "pid") pid ??= Number(value);
    else exits.set(Number(stage), Number(value));
    return "";
  });
  return { pid, exits, stderr: cleaned };
}

/**
 * Watches a session's stderr as it arrives for the remote process id, which
 * comes first. Keeps only what it needs to find it.
 */
export class RemotePidWatcher {
  readonly #pattern: RegExp;
  #seen = "";
  #pid: number | undefined;

  constructor(nonce: string) {
    this.#pattern = new RegExp(`\\x1edom0kit:${nonce}:pid:([0-9]+)\\x1e`);
  }

  /** The remote process id, once reported. */
  get pid(): number | undefined {
    return this.#pid;
  }

  /** Feeds the next chunk of stderr; returns the pid the first time it appears. */
  feed(chunk: Uint8Array): number | undefined {
    if (this.#pid !== undefined) return undefined;
    this.#seen += Buffer.from(chunk).toString("latin1");
    const match = this.#pattern.exec(this.#seen);
    if (match === null) {
      // Login noise before the report is short; keep a window wide enough for the report.
      if (this.#seen.length > 4096) this.#seen = this.#seen.slice(-256);
      return undefined;
    }
    this.#pid = Number(match[1]);
    this.#seen = "";
    return this.#pid;
  }
}
