import { read } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** One read from a {@link LineSource}. */
export type LineRead =
  { readonly kind: "line"; readonly text: string } | { readonly kind: "too-long" } | { readonly kind: "eof" };

/**
 * Lines typed by the customer. Input is read only while a line is being
 * waited for — never while a console or another program owns the terminal.
 */
export interface LineSource {
  /** The next line (without its line ending), `too-long`, or `eof`. */
  readLine(): Promise<LineRead>;
}

/** Longest line accepted, in bytes; a longer one is reported as `too-long`. */
export const MAX_LINE_BYTES = 1024;

/**
 * Splits chunks of bytes into lines. `nextChunk` is called only when no whole
 * line is buffered; `undefined` means end of input.
 *
 * @example
 * ```ts
 * const chunks = [Buffer.from("1\nexit\n")];
 * const lines = new ChunkLineSource(async () => chunks.shift());
 * await lines.readLine(); // { kind: "line", text: "1" }
 * ```
 */
export class ChunkLineSource implements LineSource {
  readonly #nextChunk: () => Promise<Uint8Array | undefined>;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;
  #discarding = false;

  constructor(nextChunk: () => Promise<Uint8Array | undefined>) {
    this.#nextChunk = nextChunk;
  }

  async readLine(): Promise<LineRead> {
    for (;;) {
      const newline = this.#buffer.indexOf(0x0a);
      if (newline >= 0) {
        const line = this.#buffer.subarray(0, newline);
        this.#buffer = this.#buffer.subarray(newline + 1);
        if (this.#discarding) {
          this.#discarding = false;
          continue;
        }
        if (line.length > MAX_LINE_BYTES) return { kind: "too-long" };
        return { kind: "line", text: line.toString("utf8").replace(/\r$/, "") };
      }
      if (this.#buffer.length > MAX_LINE_BYTES) {
        this.#buffer = Buffer.alloc(0);
        if (!this.#discarding) {
          this.#discarding = true;
          return { kind: "too-long" };
        }
      }
      if (this.#ended) {
        if (this.#buffer.length === 0 || this.#discarding) return { kind: "eof" };
        const rest = this.#buffer;
        this.#buffer = Buffer.alloc(0);
        return { kind: "line", text: rest.toString("utf8").replace(/\r$/, "") };
      }
      const chunk = await this.#nextChunk();
      if (chunk === undefined || chunk.length === 0) this.#ended = true;
      else this.#buffer = Buffer.concat([this.#buffer, chunk]);
    }
  }
}

function readOnce(fd: number, buffer: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, 0, buffer.length, null, (error, bytesRead) => {
      if (error === null) resolve(bytesRead);
      else reject(error);
    });
  });
}

/**
 * Lines from a file descriptor (the menu program's stdin), read with one
 * `read(2)` at a time and only on demand, so a terminal handed to `xl console`
 * is not read behind its back. A hang-up (EIO) counts as end of input.
 *
 * @example
 * ```ts
 * const lines = fdLineSource(0);
 * const first = await lines.readLine();
 * ```
 */
export function fdLineSource(fd: number): LineSource {
  const buffer = Buffer.alloc(4096);
  return new ChunkLineSource(async () => {
    for (;;) {
      try {
        const count = await readOnce(fd, buffer);
        return count === 0 ? undefined : Buffer.from(buffer.subarray(0, count));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EAGAIN" || code === "EINTR") {
          await sleep(20);
          continue;
        }
        return undefined;
      }
    }
  });
}

/**
 * Lines from a readable stream (tests, and programs embedding the menu).
 *
 * @example
 * ```ts
 * const lines = streamLineSource(Readable.from(["status\n", "exit\n"]));
 * ```
 */
export function streamLineSource(stream: AsyncIterable<Uint8Array | string>): LineSource {
  const iterator = stream[Symbol.asyncIterator]();
  return new ChunkLineSource(async () => {
    const next = await iterator.next();
    if (next.done === true) return undefined;
    return typeof next.value === "string" ? Buffer.from(next.value) : next.value;
  });
}
