import { open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { SyncingWriter } from "./syncing-writer.js";

/**
 * Makes a rename durable: fsync the directory that holds the new name.
 *
 * @example
 * ```ts
 * await rename("a.partial", "a");
 * await fsyncDirectory(".");
 * ```
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A file written whole or not at all: bytes go to `PATH.partial` (created
 * fresh, mode 0600 — backups hold customers' data — and written back to disk
 * as it grows, fsynced when it ends: {@link SyncingWriter}); {@link commit}
 * waits for that, renames it to `PATH` and fsyncs the directory;
 * {@link discard} removes it.
 *
 * @example
 * ```ts
 * const file = await AtomicFile.create("/srv/backup/vm1/x/xvda.img.zst");
 * await pipeline(source, file.stream());
 * await file.commit();
 * ```
 */
export class AtomicFile {
  readonly path: string;
  readonly partialPath: string;
  readonly #stream: SyncingWriter;
  #done = false;

  private constructor(path: string, stream: SyncingWriter) {
    this.path = path;
    this.partialPath = `${path}.partial`;
    this.#stream = stream;
  }

  /** Creates `path.partial`; fails if it already exists. */
  static async create(path: string): Promise<AtomicFile> {
    const handle = await open(`${path}.partial`, "wx", 0o600);
    return new AtomicFile(path, new SyncingWriter(handle));
  }

  /** The stream writing to the partial file (fsync happens when it ends). Use it once. */
  stream(): SyncingWriter {
    return this.#stream;
  }

  /** Writes a whole buffer or string and ends the file. */
  async write(data: string | Uint8Array): Promise<void> {
    this.#stream.end(data);
    await finished(this.#stream);
  }

  /** Waits until the partial file is flushed and closed, renames it to the final name, fsyncs the directory. */
  async commit(): Promise<void> {
    if (this.#done) throw new Error(`${this.partialPath} was already committed or discarded`);
    this.#done = true;
    if (!this.#stream.closed) {
      if (!this.#stream.writableEnded) this.#stream.end();
      await finished(this.#stream);
      if (!this.#stream.closed) await once(this.#stream, "close");
    }
    await rename(this.partialPath, this.path);
    await fsyncDirectory(dirname(this.path));
  }

  /** Closes and removes the partial file; never throws. */
  async discard(): Promise<void> {
    this.#done = true;
    if (!this.#stream.closed) {
      const closed = once(this.#stream, "close").catch(() => undefined);
      this.#stream.destroy();
      await closed;
    }
    await rm(this.partialPath, { force: true }).catch(() => undefined);
  }
}
