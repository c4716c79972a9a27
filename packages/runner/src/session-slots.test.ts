import { describe, expect, it } from "vitest";
import { SessionSlots } from "./session-slots.js";

describe("SessionSlots", () => {
  it("lets at most the limit in, and the next waiter in order as one leaves", async () => {
    const slots = new SessionSlots(2);
    const first = await slots.acquire();
    const second = await slots.acquire();
    const order: number[] = [];
    const third = slots.acquire().then((release) => (order.push(3), release));
    const fourth = slots.acquire().then((release) => (order.push(4), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    first(); // twice is harmless
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual([3, 4]);
  });

  it("stops waiting when the signal fires", async () => {
    const slots = new SessionSlots(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
    held();
    const again = await slots.acquire();
    again();
  });
});
