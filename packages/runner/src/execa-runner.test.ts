import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it, onTestFinished } from "vitest";
import { CommandFailedError, InvalidCommandError } from "./errors.js";
import { ExecaRunner } from "./execa-runner.js";

const fixture = (name: string): string => new URL(`../test/fixtures/${name}`, import.meta.url).pathname;
const node = (script: string, ...args: string[]) => ({
  file: process.execPath,
  args: [fixture(script), ...args],
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(25);
  }
  return condition();
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dom0kit-runner-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const runner = new ExecaRunner({ killGraceMs: 300 });

describe("ExecaRunner.run", () => {
  it.each([
    ["spaces", "two words"],
    ["single quotes", "it's"],
    ["double quotes", 'say "hi"'],
    ["a newline", "line1\nline2"],
    ["a dollar sign", "$HOME ${PATH}"],
    ["backticks", "`id`"],
    ["a leading dash", "-rf"],
    ["a glob", "*.cfg"],
    ["control characters", "\u0001\u0007\u001b[31m\u007f"],
    ["Latin-1 letters", "\u00ff\u00fe caf\u00e9"],
    ["C1 controls", "\u0080\u009f"],
    ["astral characters", "\u{1F600}\u{10FFFF}"],
    ["an empty string", ""],
  ])("delivers an argument with %s unchanged", async (_what, arg) => {
    const { stdout } = await runner.run(node("argv-hex.mjs", arg, "next"));
    expect(stdout.split("\n")).toEqual([
      Buffer.from(arg, "utf8").toString("hex"),
      Buffer.from("next").toString("hex"),
    ]);
  });

  it("refuses an argument that cannot be encoded unchanged instead of mangling it", async () => {
    await expect(runner.run(node("argv-hex.mjs", "bad \ud800 surrogate"))).rejects.toBeInstanceOf(
      InvalidCommandError,
    );
    await expect(runner.run(node("argv-hex.mjs", "nul\0byte"))).rejects.toThrow(/NUL byte/);
  });

  it("throws a typed error carrying stderr on a non-zero exit", async () => {
    const error = await runner
      .run(node("exit-with.mjs", "3", "disk full"))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandFailedError);
    const failed = error as CommandFailedError;
    expect(failed).toMatchObject({
      code: "COMMAND_FAILED",
      reason: "exit-code",
      exitCode: 3,
      stderrTail: "disk full",
    });
    expect(failed.timedOut).toBe(false);
    expect(failed.isCanceled).toBe(false);
    expect(failed.stdout).toBe("partial output\n");
    expect(failed.message).toMatch(/failed with exit code 3: disk full$/);
  });

  it("accepts the exit codes listed in okExitCodes", async () => {
    const result = await runner.run({ ...node("exit-with.mjs", "1"), okExitCodes: [0, 1] });
    expect(result.exitCode).toBe(1);
    await expect(runner.run({ ...node("exit-with.mjs", "0"), okExitCodes: [1] })).rejects.toMatchObject({
      exitCode: 0,
    });
  });

  it("reports a program that does not exist as a spawn error", async () => {
    await expect(runner.run({ file: "dom0kit-no-such-program", args: [] })).rejects.toMatchObject({
      reason: "spawn-error",
      exitCode: undefined,
    });
  });

  it("kills a never-ending child and its whole process group on timeout", async () => {
    const dir = await tempDir();
    const pidFile = join(dir, "pids");
    const error = await runner
      .run({ file: "sh", args: [fixture("forever.sh"), pidFile], timeoutMs: 1000 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: "timeout", timedOut: true, isCanceled: false });
    const [child, grandchild] = (await readFile(pidFile, "utf8")).trim().split(" ").map(Number);
    expect(await waitFor(() => !isAlive(child!) && !isAlive(grandchild!))).toBe(true);
  });

  it("cancels a running child when the AbortSignal fires", async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    const running = runner.run(
      { file: "sh", args: [fixture("forever.sh"), join(dir, "pids")] },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ reason: "canceled", isCanceled: true, timedOut: false });
  });

  it("writes input to stdin", async () => {
    const result = await runner.run({ ...node("echo-stdin.mjs"), input: "hello\nworld" });
    expect(result.stdout).toBe("hello\nworld");
    expect(result.stderr).toBe("read 11 bytes");
  });

  it("gives the child an empty stdin when there is no input", async () => {
    const result = await runner.run(node("echo-stdin.mjs"));
    expect(result.stderr).toBe("read 0 bytes");
  });

  it("adds env to the environment and runs in cwd", async () => {
    const dir = await tempDir();
    const result = await runner.run({
      file: process.execPath,
      args: [
        "-e",
        "process.stdout.write(process.env.DOM0KIT_TEST + ' ' + process.cwd() + ' ' + (process.env.PATH ? 'path' : ''))",
      ],
      env: { DOM0KIT_TEST: "set" },
      cwd: dir,
    });
    expect(result.stdout).toBe(`set ${dir} path`);
  });
});

describe("ExecaRunner.run with captureStdout: file", () => {
  it("returns what a pipe returns, for a program that writes many small chunks", async () => {
    const script = 'for (let i = 0; i < 2000; i += 1) require("node:fs").writeSync(1, `line ${i} é\\n`);';
    const command = { file: process.execPath, args: ["-e", script] };
    const piped = await runner.run(command);
    const filed = await runner.run(command, { captureStdout: "file" });
    expect(filed.stdout).toBe(piped.stdout);
    expect(filed.stdout.split("\n").slice(-2)).toEqual(["line 1999 é", ""]);
  });

  it("writes input to stdin and returns stderr as with a pipe", async () => {
    const result = await runner.run(
      { ...node("echo-stdin.mjs"), input: "line 1\nline 2\n" },
      { captureStdout: "file" },
    );
    expect(result).toMatchObject({ stdout: "line 1\nline 2\n", stderr: "read 14 bytes" });
  });

  it("keeps stdout on a failure", async () => {
    const error = await runner
      .run(node("exit-with.mjs", "3", "disk full"), { captureStdout: "file" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: "exit-code", exitCode: 3, stdout: "partial output\n" });
  });

  it("fails as too large when the output is over the buffer limit", async () => {
    const small = new ExecaRunner({ maxBufferBytes: 1024 * 1024 });
    await expect(small.run(node("emit-bytes.mjs", "2"), { captureStdout: "file" })).rejects.toMatchObject({
      reason: "output-too-large",
    });
    const fits = await small.run(node("emit-bytes.mjs", "1"), { captureStdout: "file" });
    expect(fits.stdout).toHaveLength(1024 * 1024);
  });

  it("starts the command at once, so runs started one after another start in that order", async () => {
    const started: string[] = [];
    const watching = new ExecaRunner({
      onCommand: (event) => {
        if (event.type === "start") started.push(event.command.args.at(-1) ?? "");
      },
    });
    await Promise.all([
      watching.run(node("argv-hex.mjs", "first"), { captureStdout: "file" }),
      watching.run(node("argv-hex.mjs", "second")),
    ]);
    expect(started).toEqual(["first", "second"]);
  });

  it("reports a program that does not exist as a spawn error", async () => {
    await expect(
      runner.run({ file: "dom0kit-no-such-program", args: [] }, { captureStdout: "file" }),
    ).rejects.toMatchObject({ reason: "spawn-error" });
  });
});

describe("ExecaRunner onStderr", () => {
  it("sees stderr as it arrives and still returns all of it", async () => {
    const seen: string[] = [];
    const command = node("exit-with.mjs", "0", "progress 50%");
    const watching = new ExecaRunner({
      onStderr: (each, chunk) => {
        if (each === command) seen.push(Buffer.from(chunk).toString());
      },
    });
    const result = await watching.run(command);
    expect(seen.join("")).toBe("progress 50%");
    expect(result.stderr).toBe("progress 50%");
  });

  it("sees the stderr of each stage of a stream", async () => {
    const seen: string[] = [];
    const first = node("exit-with.mjs", "0", "first");
    const second = { ...node("echo-stdin.mjs") };
    const watching = new ExecaRunner({
      onStderr: (each, chunk) => seen.push(`${each === first ? "1" : "2"}:${Buffer.from(chunk).toString()}`),
    });
    const run = watching.stream([first, second]);
    run.stdout.resume();
    const result = await run.done;
    expect(seen.sort()).toEqual(["1:first", "2:read 15 bytes"]);
    expect(result.stages.map((stage) => stage.stderr)).toEqual(["first", "read 15 bytes"]);
  });
});

describe("ExecaRunner.stream", () => {
  it("streams 50 MiB of stdout in constant memory", async () => {
    setFlagsFromString("--expose_gc");
    const collectGarbage = runInNewContext("gc") as () => void;
    collectGarbage();
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let bytes = 0;
    let nextSample = 0;
    const run = runner.stream(node("emit-bytes.mjs", "50"));
    const sink = new Writable({
      write(chunk: Buffer, _encoding, next) {
        bytes += chunk.length;
        if (bytes >= nextSample) {
          nextSample += 2 * 1024 * 1024;
          collectGarbage(); // count live buffers only, not garbage awaiting collection
          peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
        }
        setImmediate(next); // a slowish reader: backpressure must hold the writer back
      },
    });
    await Promise.all([pipeline(run.stdout, sink), run.done]);
    expect(bytes).toBe(50 * 1024 * 1024);
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  });

  it("feeds a stream to stdin", async () => {
    const run = runner.stream(node("echo-stdin.mjs"), {
      stdin: Readable.from([Buffer.from("abc"), Buffer.from("def")]),
    });
    const chunks: Buffer[] = [];
    for await (const chunk of run.stdout) chunks.push(chunk as Buffer);
    const result = await run.done;
    expect(Buffer.concat(chunks).toString()).toBe("abcdef");
    expect(result.stages[0]?.stderr).toBe("read 6 bytes");
  });

  it("connects A | B without a shell", async () => {
    const run = runner.stream([node("emit-bytes.mjs", "1"), { file: "wc", args: ["-c"] }]);
    let out = "";
    for await (const chunk of run.stdout) out += String(chunk);
    await run.done;
    expect(out.trim()).toBe(String(1024 * 1024));
  });

  it("reports a pipeline whose first stage fails as failed, naming that stage", async () => {
    const run = runner.stream([
      node("exit-with.mjs", "2", "cannot read disk"),
      { file: "gzip", args: ["-c"] },
    ]);
    run.stdout.resume();
    const error = await run.done.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandFailedError);
    expect(error).toMatchObject({
      exitCode: 2,
      stage: { index: 0, count: 2 },
      stderrTail: "cannot read disk",
    });
    expect((error as Error).message).toContain("stage 1 of 2");
  });

  it("blames the stage that failed, not the one that got a broken pipe", async () => {
    const run = runner.stream([node("emit-bytes.mjs", "20"), node("exit-with.mjs", "5", "reader quit")]);
    run.stdout.resume();
    await expect(run.done).rejects.toMatchObject({ exitCode: 5, stage: { index: 1, count: 2 } });
  });

  it("cancels every stage", async () => {
    const dir = await tempDir();
    const run = runner.stream([
      { file: "sh", args: [fixture("forever.sh"), join(dir, "a")] },
      { file: "cat", args: [] },
    ]);
    run.stdout.resume();
    setTimeout(() => run.cancel(), 300);
    await expect(run.done).rejects.toMatchObject({ isCanceled: true });
  });
});
