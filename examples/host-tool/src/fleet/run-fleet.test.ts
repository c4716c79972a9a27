import { describe, expect, it } from "vitest";
import { runFleet, type HostTaskOutcome } from "./run-fleet.js";

/** A promise a test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** Resolves when the signal aborts: a task that runs until canceled. */
function untilAborted(signal: AbortSignal): Promise<HostTaskOutcome<string>> {
  return new Promise((resolve) => {
    signal.addEventListener("abort", () => resolve({ status: "canceled", error: "stopped" }), { once: true });
  });
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("runFleet", () => {
  it("runs at most `parallel` hosts at once, and every host once", async () => {
    const hosts = Array.from({ length: 9 }, (_, index) => `h${String(index)}`);
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const results = await runFleet(
      hosts,
      async (host) => {
        started.push(host);
        running += 1;
        most = Math.max(most, running);
        await tick();
        running -= 1;
        return { status: "succeeded", value: host.toUpperCase() };
      },
      { parallel: 3 },
    );
    expect(most).toBe(3);
    expect(started).toEqual(hosts);
    expect(results.map((result) => [result.host, result.status, result.value])).toEqual(
      hosts.map((host) => [host, "succeeded", host.toUpperCase()]),
    );
  });

  it("keeps going after a host fails or throws; results stay in the hosts' order", async () => {
    const done: string[] = [];
    const results = await runFleet(
      ["a", "b", "c", "d"],
      async (host) => {
        await tick();
        done.push(host);
        if (host === "a") throw new Error("ssh: connect to host a port 22: Connection refused");
        if (host === "c") return { status: "failed", error: "net: step 1 failed" };
        return { status: "succeeded" };
      },
      { parallel: 2 },
    );
    expect(done.sort()).toEqual(["a", "b", "c", "d"]);
    expect(results.map((result) => [result.host, result.status, result.error])).toEqual([
      ["a", "failed", "ssh: connect to host a port 22: Connection refused"],
      ["b", "succeeded", undefined],
      ["c", "failed", "net: step 1 failed"],
      ["d", "succeeded", undefined],
    ]);
  });

  it("with failFast: skips hosts not started and cancels running ones through their signal", async () => {
    const failing = deferred<HostTaskOutcome<string>>();
    const started: string[] = [];
    const seen: string[] = [];
    const run = runFleet(
      ["slow", "bad", "never1", "never2"],
      (host, signal) => {
        started.push(host);
        return host === "bad" ? failing.promise : untilAborted(signal);
      },
      { parallel: 2, failFast: true, onDone: (result) => seen.push(`${result.host}:${result.status}`) },
    );
    await tick();
    failing.resolve({ status: "failed", error: "boom" });
    const results = await run;
    expect(started).toEqual(["slow", "bad"]);
    expect(results.map((result) => result.status)).toEqual(["canceled", "failed", "skipped", "skipped"]);
    expect(results[2]).toMatchObject({
      durationMs: 0,
      error: "not started: --fail-fast: another host failed",
    });
    expect(seen[0]).toBe("bad:failed");
    expect(seen.slice(1).sort()).toEqual(["never1:skipped", "never2:skipped", "slow:canceled"]);
  });

  it("without failFast, a failure aborts nobody", async () => {
    const signals: AbortSignal[] = [];
    const results = await runFleet(
      ["a", "b", "c"],
      async (host, signal) => {
        signals.push(signal);
        await tick();
        return host === "a" ? { status: "failed", error: "x" } : { status: "succeeded" };
      },
      { parallel: 3 },
    );
    expect(signals.every((signal) => !signal.aborted)).toBe(true);
    expect(results.map((result) => result.status)).toEqual(["failed", "succeeded", "succeeded"]);
  });

  it("calls a task that throws after its signal aborted canceled, not failed", async () => {
    const results = await runFleet(
      ["bad", "aborted"],
      async (host, signal) => {
        if (host === "bad") return { status: "failed", error: "boom" };
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        throw new Error("lost the connection");
      },
      { parallel: 2, failFast: true },
    );
    expect(results[1]).toMatchObject({
      status: "canceled",
      error: "canceled: --fail-fast: another host failed (lost the connection)",
    });
  });

  it("stops on the caller's signal: running hosts canceled, the rest skipped", async () => {
    const controller = new AbortController();
    const run = runFleet(["a", "b", "c"], (_host, signal) => untilAborted(signal), {
      parallel: 1,
      signal: controller.signal,
    });
    await tick();
    controller.abort();
    expect((await run).map((result) => result.status)).toEqual(["canceled", "skipped", "skipped"]);
  });

  it.each([0, -1, 1.5])("refuses parallel %s", async (parallel) => {
    await expect(runFleet(["a"], async () => ({ status: "succeeded" }), { parallel })).rejects.toThrow(
      RangeError,
    );
  });
});
