import { Writable, type Readable } from "node:stream";

/** Writes text or bytes, waiting while the reader is behind. Errors of a reader that went away are ignored. */
export async function emit(stream: Writable, data: string | Uint8Array): Promise<void> {
  if (data.length === 0 || stream.destroyed) return;
  await new Promise<void>((resolve) => {
    const ok = stream.write(data, () => resolve());
    if (ok) return;
    stream.once("error", () => resolve());
  });
}

/** Reads a stream to its end (null reads as empty). */
export async function readAll(stream: Readable | null): Promise<Buffer> {
  if (stream === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** A writable that keeps everything written to it. */
export class Collector extends Writable {
  readonly #chunks: Buffer[] = [];
  #size = 0;

  constructor(readonly limit = 64 * 1024 * 1024) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.#size += chunk.length;
    if (this.#size <= this.limit) this.#chunks.push(chunk);
    done();
  }

  /** True when more was written than `limit`. */
  get overflowed(): boolean {
    return this.#size > this.limit;
  }

  /** Everything written, as bytes. */
  bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  /** Everything written, decoded as UTF-8. */
  text(): string {
    return this.bytes().toString("utf8");
  }
}
