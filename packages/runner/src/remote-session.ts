import { randomBytes } from "node:crypto";
import { RemotePidWatcher } from "./remote-report.js";
import type { TerminationReason } from "./termination.js";

/** How long a stopped run waits for the remote pid before it gives up on the host and ends ssh. */
const PID_WAIT_MS = 3000;

/** Why, and for which stage, a remote run was stopped before it ended by itself. */
export interface StopRequest {
  readonly reason: TerminationReason;
  /** The pipeline stage whose timeout fired; undefined for a cancel of the whole run. */
  readonly stage: number | undefined;
}

/**
 * The local half of one remote run over ssh: the nonce that tags the remote
 * side's reports, the remote process id once reported, and stopping. A remote
 * command does not die when its ssh client does (sshd sends no signal to a
 * session without a terminal), so stopping kills the remote process group over
 * a second session first, and only then — or when the host cannot be told —
 * the local ssh client.
 */
export class RemoteSession {
  /** Tags this run's reports on the remote stderr. */
  readonly nonce = randomBytes(8).toString("hex");
  readonly #watcher = new RemotePidWatcher(this.nonce);
  readonly #local = new AbortController();
  readonly #killRemote: (pid: number) => Promise<void>;
  readonly #backstopMs: number;
  #spawned = false;
  #stopped: StopRequest | undefined;
  #killing: Promise<void> | undefined;
  #backstop: NodeJS.Timeout | undefined;

  /**
   * @param killRemote stops a remote process group (SIGTERM, later SIGKILL) over another session
   * @param backstopMs how long after asking the host to stop the command the local client is killed anyway
   */
  constructor(killRemote: (pid: number) => Promise<void>, backstopMs: number) {
    this.#killRemote = killRemote;
    this.#backstopMs = backstopMs;
  }

  /** Fires when the local ssh client must be killed. */
  get localSignal(): AbortSignal {
    return this.#local.signal;
  }

  /** Set once the run was told to stop. */
  get stopped(): StopRequest | undefined {
    return this.#stopped;
  }

  /** Feeds the ssh client's stderr as it arrives. */
  onStderr(chunk: Uint8Array): void {
    const pid = this.#watcher.feed(chunk);
    // Told to stop before the remote side had reported its pid: stop it now.
    if (pid !== undefined && this.#stopped !== undefined) this.#kill(pid);
  }

  /** Call just before the local ssh client starts. */
  markSpawned(): void {
    this.#spawned = true;
  }

  /**
   * Stops the run. Before the client started: nothing to stop but the wait.
   * Once the remote side reported its pid: its process group. In between, the
   * report is on its way (or the host is unresponsive): wait a moment for it,
   * then end the local client.
   */
  stop(reason: TerminationReason, stage?: number): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = { reason, stage };
    const pid = this.#watcher.pid;
    if (!this.#spawned) this.#local.abort();
    else if (pid !== undefined) this.#kill(pid);
    else this.#arm(PID_WAIT_MS);
  }

  /**
   * Call when the local client has exited: makes sure a stopped run's remote
   * processes are gone (they may have reported their pid only now) and waits
   * for that.
   */
  async finish(reportedPid: number | undefined): Promise<void> {
    if (this.#stopped !== undefined && reportedPid !== undefined) this.#kill(reportedPid);
    await this.#killing;
    if (this.#backstop !== undefined) clearTimeout(this.#backstop);
  }

  /** Ends the local client after `ms` unless the run ends first. */
  #arm(ms: number): void {
    if (this.#backstop !== undefined) clearTimeout(this.#backstop);
    this.#backstop = setTimeout(() => this.#local.abort(), ms);
    this.#backstop.unref();
  }

  #kill(pid: number): void {
    if (this.#killing !== undefined) return;
    this.#arm(this.#backstopMs);
    this.#killing = this.#killRemote(pid).catch(() => {
      this.#local.abort(); // the host cannot be told: at least end our side
    });
  }
}
