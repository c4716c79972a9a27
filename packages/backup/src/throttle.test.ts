import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Throttle } from "./throttle.js";

describe("Throttle", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("releases each byte no earlier than its slot once a quarter second of burst is spent", async () => {
    vi.useFakeTimers({ now: 0 });
    const throttle = new Throttle(1000, () => Date.now());
    const received: number[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, next) {
        received.push(chunk.length);
        next();
      },
    });
    const done = pipeline(Readable.from(Array.from({ length: 10 }, () => Buffer.alloc(250))), throttle, sink);
    await vi.advanceTimersByTimeAsync(0);
    expect(received).toHaveLength(2); // the burst, and the chunk whose slot starts now
    await vi.advanceTimersByTimeAsync(500);
    expect(received).toHaveLength(4); // slots at 250 ms and 500 ms
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    expect(received.reduce((sum, each) => sum + each, 0)).toBe(2500);
  });

  it("rejects a rate that is not positive", () => {
    expect(() => new Throttle(0)).toThrow(RangeError);
  });
});
