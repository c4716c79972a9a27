import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/**
 * A pass-through stream that computes the SHA-256 of everything that flows
 * through it and counts the bytes, without holding more than one chunk.
 *
 * @example
 * ```ts
 * const hashed = new HashCounter();
 * await pipeline(createReadStream("disk.img"), hashed, createWriteStream("/dev/null"));
 * hashed.sha256(); // "9f86d08…"
 * hashed.bytes;    // 1073741824
 * ```
 */
export class HashCounter extends Transform {
  readonly #hash: Hash = createHash("sha256");
  readonly #onBytes: ((total: number) => void) | undefined;
  #bytes = 0;
  #digest: string | undefined;

  /** @param onBytes told the running total after each chunk (progress displays). */
  constructor(onBytes?: (total: number) => void) {
    super({ highWaterMark: 1 << 20 });
    this.#onBytes = onBytes;
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The hex SHA-256 of everything seen; call after the stream ended. */
  sha256(): string {
    this.#digest ??= this.#hash.digest("hex");
    return this.#digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
    this.#onBytes?.(this.#bytes);
    callback(null, chunk);
  }
}
