import { describe, expect, it } from "vitest";
import { readRemoteReport, RemotePidWatcher } from "./remote-report.js";

const frame = (text: string): string => `\u001e${text}\u001e`;

describe("readRemoteReport", () => {
  it("takes out the reports and keeps what the commands wrote", () => {
    const stderr = `motd\n${frame("dom0kit:ab12:pid:77")}warn\n${frame("dom0kit:ab12:exit:1:0")}x${frame("dom0kit:ab12:exit:0:141")}`;
    expect(readRemoteReport(stderr, "ab12")).toEqual({
      pid: 77,
      exits: new Map([
        [1, 0],
        [0, 141],
      ]),
      stderr: "motd\nwarn\nx",
    });
  });

  it("ignores reports with another nonce", () => {
    const stderr = frame("dom0kit:ffff:exit:0:0");
    expect(readRemoteReport(stderr, "ab12")).toEqual({ pid: undefined, exits: new Map(), stderr });
  });
});

describe("RemotePidWatcher", () => {
  it("finds the pid split across chunks, after login noise", () => {
    const watcher = new RemotePidWatcher("ab12");
    expect(watcher.feed(Buffer.from("x".repeat(10_000)))).toBeUndefined();
    expect(watcher.feed(Buffer.from("\u001edom0kit:ab"))).toBeUndefined();
    expect(watcher.feed(Buffer.from("12:pid:4242\u001erest"))).toBe(4242);
    expect(watcher.pid).toBe(4242);
    expect(watcher.feed(Buffer.from("\u001edom0kit:ab12:pid:1\u001e"))).toBeUndefined();
  });
});
