import { mkdtemp, readdir, rm } from "node:fs/promises";
import { writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { StdoutFile } from "./stdout-file.js";

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dom0kit-stdout-file-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("StdoutFile", () => {
  it("leaves no name behind from the moment it is open", async () => {
    const dir = await tempDir();
    const file = StdoutFile.open(dir);
    try {
      expect(await readdir(dir)).toEqual([]);
    } finally {
      file.close();
    }
  });

  it("reads from the start what was written through its descriptor", async () => {
    const file = StdoutFile.open(await tempDir());
    try {
      writeSync(file.fd, "first ");
      writeSync(file.fd, "second é\n");
      expect(file.read(1024)).toEqual({ text: "first second é\n", tooLarge: false });
    } finally {
      file.close();
    }
  });

  it("reads nothing when more than the limit was written", async () => {
    const file = StdoutFile.open(await tempDir());
    try {
      writeSync(file.fd, "x".repeat(2048));
      expect(file.read(2047)).toEqual({ text: "", tooLarge: true });
      expect(file.read(2048).text).toHaveLength(2048);
    } finally {
      file.close();
    }
  });

  it("fails when the directory cannot hold it", async () => {
    const missing = join(await tempDir(), "missing");
    expect(() => StdoutFile.open(missing)).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});
