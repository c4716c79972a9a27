import { Transform, type TransformCallback } from "node:stream";

/**
 * A pass-through stream that holds data back to at most `bytesPerSecond`
 * (with at most a quarter second of burst). Holding a chunk back stops
 * reading upstream, so the reader on the host slows down too: backups must
 * not starve the domUs of disk bandwidth.
 *
 * @example
 * ```ts
 * await pipeline(source, new Throttle(50 * 1024 * 1024), sink); // 50 MiB/s
 * ```
 */
export class Throttle extends Transform {
  readonly #bytesPerSecond: number;
  readonly #now: () => number;
  #start: number | undefined;
  #passed = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(bytesPerSecond: number, now: () => number = () => performance.now()) {
    super({ highWaterMark: 1 << 16 });
    if (!(bytesPerSecond > 0)) throw new RangeError("bytesPerSecond must be positive");
    this.#bytesPerSecond = bytesPerSecond;
    this.#now = now;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const now = this.#now();
    this.#start ??= now;
    // Allow a quarter second of burst, then release each byte no earlier than its slot.
    const due = this.#start + ((this.#passed - this.#bytesPerSecond / 4) / this.#bytesPerSecond) * 1000;
    this.#passed += chunk.length;
    const wait = due - now;
    if (wait <= 1) {
      callback(null, chunk);
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      callback(null, chunk);
    }, wait);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    callback(error);
  }
}
