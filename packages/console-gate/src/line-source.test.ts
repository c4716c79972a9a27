import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { openSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  fdLineSource,
  MAX_LINE_BYTES,
  streamLineSource,
  type LineRead,
  type LineSource,
} from "./line-source.js";

async function readAll(source: LineSource): Promise<LineRead[]> {
  const out: LineRead[] = [];
  for (;;) {
    const read = await source.readLine();
    out.push(read);
    if (read.kind === "eof") return out;
  }
}

describe("streamLineSource", () => {
  it("splits chunks into lines, drops CR before LF, and returns a last line without newline", async () => {
    const source = streamLineSource(Readable.from(["1\r\nsta", "tus vm1\n\nex", "it"]));
    expect(await readAll(source)).toEqual([
      { kind: "line", text: "1" },
      { kind: "line", text: "status vm1" },
      { kind: "line", text: "" },
      { kind: "line", text: "exit" },
      { kind: "eof" },
    ]);
  });

  it("reports an overlong line once and resynchronises at the next newline", async () => {
    const long = "x".repeat(MAX_LINE_BYTES + 10);
    const source = streamLineSource(Readable.from([long.slice(0, 600), long.slice(600), long, "\nok\n"]));
    expect(await readAll(source)).toEqual([
      { kind: "too-long" },
      { kind: "line", text: "ok" },
      { kind: "eof" },
    ]);
  });

  it("keeps invalid UTF-8 visible as replacement characters", async () => {
    const source = streamLineSource(Readable.from([Buffer.from([0x31, 0xff, 0x0a])]));
    expect(await source.readLine()).toEqual({ kind: "line", text: "1\ufffd" });
  });
});

describe("fdLineSource", () => {
  it("reads lines from a file descriptor on demand", async () => {
    const dir = await mkdtemp(join(tmpdir(), "d0k-lines-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, "input"), "2\nexit\n");
    const fd = openSync(join(dir, "input"), "r");
    onTestFinished(() => closeSync(fd));
    expect(await readAll(fdLineSource(fd))).toEqual([
      { kind: "line", text: "2" },
      { kind: "line", text: "exit" },
      { kind: "eof" },
    ]);
  });
});
