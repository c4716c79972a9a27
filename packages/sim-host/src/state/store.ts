import { readFile } from "node:fs/promises";
import { SimHostError } from "../errors.js";
import { writeFileAtomic } from "./atomic-write.js";
import { withDirLock } from "./dir-lock.js";
import { stateShapeSchema, type SimState } from "./model.js";

/** Transactions in this process, per state file: they queue here before taking the file lock. */
const localQueues = new Map<string, Promise<unknown>>();

function queueLocally<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = localQueues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  localQueues.set(key, settled);
  void settled.then(() => {
    if (localQueues.get(key) === settled) localQueues.delete(key);
  });
  return next;
}

/**
 * The state file of a simulated host: read without a lock (writes are atomic,
 * so a reader sees a whole file), changed only inside {@link StateStore.update},
 * which holds the cross-process lock, and written only when something changed.
 *
 * @example
 * ```ts
 * const store = new StateStore("/sim/state.json", "/sim/state.lock");
 * await store.update((state) => { state.commandCount += 1; });
 * ```
 */
export class StateStore {
  constructor(
    readonly stateFile: string,
    readonly lockDir: string,
  ) {}

  /** The current state (a private copy: changing it changes nothing). */
  async read(): Promise<SimState> {
    let text: string;
    try {
      text = await readFile(this.stateFile, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new SimHostError(
          "SIM_STATE_MISSING",
          `no simulated host here: ${this.stateFile} does not exist (create one with SimHost.create or \`dom0kit-sim init\`)`,
          { path: this.stateFile, cause: error },
        );
      }
      throw error;
    }
    return parseState(text, this.stateFile);
  }

  /**
   * Runs `change` on the current state under the lock and saves the result if
   * it differs. Whatever `change` returns is returned.
   */
  async update<T>(change: (state: SimState) => T | Promise<T>): Promise<T> {
    return queueLocally(this.stateFile, () =>
      withDirLock(this.lockDir, async () => {
        const before = await readFile(this.stateFile, "utf8").catch((error: unknown) => {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
          throw error;
        });
        if (before === undefined) await this.read(); // throws the helpful SIM_STATE_MISSING
        const state = parseState(before as string, this.stateFile);
        const result = await change(state);
        const after = serializeState(state);
        if (after !== before) await writeFileAtomic(this.stateFile, after);
        return result;
      }),
    );
  }

  /** Writes a whole new state (used when a host is created or reset). */
  async replace(state: SimState): Promise<void> {
    await queueLocally(this.stateFile, () =>
      withDirLock(this.lockDir, () => writeFileAtomic(this.stateFile, serializeState(state))),
    );
  }
}

/** The state as it is stored: indented JSON ending in a newline. */
export function serializeState(state: SimState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

function parseState(text: string, path: string): SimState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SimHostError("SIM_STATE_INVALID", `${path} is not JSON: ${(error as Error).message}`, {
      path,
      cause: error,
    });
  }
  const result = stateShapeSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SimHostError(
      "SIM_STATE_INVALID",
      `${path} is not a dom0kit simulated host state (format "dom0kit-sim-host", version 1): at ${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`,
      { path, cause: result.error },
    );
  }
  return data as SimState;
}
