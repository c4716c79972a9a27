import type { FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";

/**
 * Start writing back to disk after this many bytes (write-behind).
 *
 * @example
 * ```ts
 * new SyncingWriter(handle, SYNC_EVERY_BYTES * 2);
 * ```
 */
export const SYNC_EVERY_BYTES = 32 * 1024 * 1024;

/**
 * A stream writing to an open file that makes the data durable as it goes:
 * every {@link SYNC_EVERY_BYTES} it starts an `fdatasync` in the background
 * (the next writes do not wait for it), and when the stream ends it waits
 * for those and `fsync`s. So the disk writes back while the compressor works,
 * instead of all at once at the end, and `finish` means "on disk". The file
 * is closed when the stream is finished or destroyed.
 *
 * @example
 * ```ts
 * const handle = await open("xvda.img.zst.partial", "wx", 0o600);
 * await pipeline(source, new SyncingWriter(handle)); // written, fsynced and closed
 * ```
 */
export class SyncingWriter extends Writable {
  readonly #handle: FileHandle;
  readonly #syncEvery: number;
  #unsynced = 0;
  #syncing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(handle: FileHandle, syncEveryBytes = SYNC_EVERY_BYTES) {
    super({ highWaterMark: 4 << 20 });
    this.#handle = handle;
    this.#syncEvery = syncEveryBytes;
  }

  async #writeAll(buffers: Buffer[]): Promise<void> {
    let pending = buffers;
    while (pending.length > 0) {
      const { bytesWritten } = await this.#handle.writev(pending);
      this.#unsynced += bytesWritten;
      let skip = bytesWritten;
      const rest: Buffer[] = [];
      for (const buffer of pending) {
        if (skip >= buffer.length) {
          skip -= buffer.length;
          continue;
        }
        rest.push(skip === 0 ? buffer : buffer.subarray(skip));
        skip = 0;
      }
      pending = rest;
    }
    if (this.#unsynced >= this.#syncEvery) {
      this.#unsynced = 0;
      const previous = this.#syncing;
      // Chained, so a failure is reported once, at the end; the catch keeps it from being unhandled meanwhile.
      const next = previous.then(() => this.#handle.datasync());
      next.catch(() => undefined);
      this.#syncing = next;
    }
  }

  override _writev(
    chunks: { chunk: Buffer; encoding: BufferEncoding }[],
    callback: (error?: Error | null) => void,
  ): void {
    this.#writeAll(chunks.map(({ chunk }) => chunk)).then(() => callback(), callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#writeAll([chunk]).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#syncing
      .then(() => this.#handle.sync())
      .then(() => this.#close())
      .then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#syncing
      .catch(() => undefined)
      .then(() => this.#close())
      .then(
        () => callback(error),
        () => callback(error),
      );
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close();
  }
}
