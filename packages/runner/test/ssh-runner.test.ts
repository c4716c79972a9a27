import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CommandFailedError,
  InvalidCommandError,
  SshConnectionError,
  SshRunnerClosedError,
  type Command,
} from "../src/index.js";
import { eventually, processesRunning, sshPrerequisites, startSshHost, type SshHost } from "./ssh-host.js";

const needs = sshPrerequisites();

const hexLines = (...words: string[]): string =>
  words.map((word) => Buffer.from(word).toString("hex")).join("\n");

/** Log lines in which sshd accepted a login: one per TCP connection that logged in. */
const logins = (host: SshHost): number =>
  host.sshd
    .log()
    .split("\n")
    .filter((line) => line.includes("Accepted publickey")).length;

describe.skipIf(needs.skip)("SshRunner against a real sshd", () => {
  let host: SshHost;
  beforeAll(async () => {
    host = await startSshHost({ shell: "/bin/sh" });
  });
  afterAll(async () => {
    await host?.stop();
  });

  describe("run", () => {
    it("returns stdout, stderr and the exit code of the remote command", async () => {
      const result = await host.runner.run({
        file: "sh",
        args: ["-c", 'printf "out %s" "$1"; printf err >&2; exit 3', "sh", "it's"],
        okExitCodes: [3],
      });
      expect(result).toMatchObject({ exitCode: 3, stdout: "out it's", stderr: "err" });
    });

    it("throws CommandFailedError, not an ssh error, when the command exits non-zero — even with 255", async () => {
      for (const code of [1, 255]) {
        const error = await host.runner
          .run({ file: "sh", args: ["-c", `echo "disk full" >&2; exit ${String(code)}`] })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(CommandFailedError);
        expect(error).toMatchObject({ reason: "exit-code", exitCode: code, stderrTail: "disk full" });
      }
    });

    it("runs the program, never a builtin of the remote shell", async () => {
      // dash's builtin echo prints "-e" and has no way to turn escapes off; coreutils' echo takes -E.
      const { stdout } = await host.runner.run({ file: "echo", args: ["-E", "a\\tb"] });
      expect(stdout).toBe("a\\tb\n");
    });

    it("adds env to the remote environment and runs in cwd", async () => {
      const dir = join(host.sshd.home, "dir with 'quotes' and $dollar");
      await mkdir(dir);
      execFileSync("chown", [host.sshd.user, dir]);
      const { stdout } = await host.runner.run({
        file: "perl",
        args: [host.fixture("env-cwd-hex.pl"), "DOM0KIT_A", "DOM0KIT_B", "DOM0KIT_UNSET"],
        env: { DOM0KIT_A: "two words; $(id)", DOM0KIT_B: "line\nbreak" },
        cwd: dir,
      });
      expect(stdout).toBe(`${hexLines(dir, "two words; $(id)", "line\nbreak")}\n-\n`);
    });

    it("fails with the remote shell's reason when cwd does not exist", async () => {
      await expect(
        host.runner.run({ file: "true", args: [], cwd: "/nonexistent/dom0kit" }),
      ).rejects.toMatchObject({
        reason: "exit-code",
        stderrTail: expect.stringMatching(/nonexistent/) as string,
      });
    });

    it("writes input to the remote stdin, and gives an empty stdin without it", async () => {
      const withInput = await host.runner.run({ file: "wc", args: ["-c"], input: "hello\nworld" });
      expect(withInput.stdout.trim()).toBe("11");
      const without = await host.runner.run({ file: "wc", args: ["-c"] });
      expect(without.stdout.trim()).toBe("0");
    });

    it("refuses a command line too long for a remote shell before connecting", async () => {
      await expect(host.runner.run({ file: "true", args: ["x".repeat(140_000)] })).rejects.toBeInstanceOf(
        InvalidCommandError,
      );
    });

    it("kills the remote process group on timeout, not only the local ssh", async () => {
      const marker = "31415";
      const running = host.runner
        .run({ file: "sh", args: ["-c", `sleep 1${marker} & sleep 2${marker}; wait`], timeoutMs: 1500 })
        .catch((caught: unknown) => caught);
      expect(await eventually(() => processesRunning("sleep", `2${marker}`).length > 0)).toBe(true);
      expect(processesRunning("sleep", `1${marker}`)).toHaveLength(1);
      const error = await running;
      expect(error).toBeInstanceOf(CommandFailedError);
      expect(error).toMatchObject({ reason: "timeout", timedOut: true });
      expect(processesRunning("sleep", `1${marker}`)).toEqual([]);
      expect(processesRunning("sleep", `2${marker}`)).toEqual([]);
    });

    it("kills the remote process when the AbortSignal fires, even one that ignores SIGTERM", async () => {
      const marker = "27182";
      const controller = new AbortController();
      const running = host.runner.run(
        { file: "sh", args: ["-c", `trap '' TERM; sleep 3${marker}; sleep 3${marker}`] },
        { signal: controller.signal },
      );
      expect(await eventually(() => processesRunning("sleep", `3${marker}`).length > 0)).toBe(true);
      controller.abort();
      await expect(running).rejects.toMatchObject({ reason: "canceled", isCanceled: true });
      expect(processesRunning("sleep", `3${marker}`)).toEqual([]);
    });

    it("stops a command canceled the moment it started", async () => {
      const marker = "14142";
      for (const delayMs of [0, 5, 20, 50]) {
        const controller = new AbortController();
        const running = host.runner.run(
          { file: "sleep", args: [`5${marker}`] },
          { signal: controller.signal },
        );
        setTimeout(() => controller.abort(), delayMs);
        await expect(running).rejects.toMatchObject({ isCanceled: true });
      }
      expect(await eventually(() => processesRunning("sleep", `5${marker}`).length === 0, 5000)).toBe(true);
    });

    it("runs many commands at once, more than sshd's sessions per connection", async () => {
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, index) =>
          host.runner.run({ file: "sh", args: ["-c", `sleep 0.2; echo ${String(index)}`] }),
        ),
      );
      expect(results.map((result) => result.stdout)).toEqual(
        Array.from({ length: 24 }, (_, index) => `${String(index)}\n`),
      );
    });
  });

  describe("connection reuse", () => {
    it("logs in once and runs every command over the master connection", async () => {
      const runner = host.newRunner();
      const before = logins(host);
      for (let index = 0; index < 10; index += 1) await runner.run({ file: "true", args: [] });
      expect(logins(host) - before).toBe(1);
      await runner.close();
    });

    it("keeps the control socket in a private 0700 directory, and close() ends the master", async () => {
      const runner = host.newRunner();
      await runner.connect();
      const dir = runner.controlDirectory as string;
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, "master")).isSocket()).toBe(true);
      const master = /pid=([0-9]+)/.exec(
        execFileSync("ssh", ["-S", join(dir, "master"), "-O", "check", "x"], {
          encoding: "utf8",
          stdio: "pipe",
        }) + "",
      );
      await runner.close();
      expect(existsSync(dir)).toBe(false);
      if (master?.[1] !== undefined) {
        const pid = Number(master[1]);
        expect(await eventually(() => !existsSync(`/proc/${String(pid)}`))).toBe(true);
      }
      await expect(runner.run({ file: "true", args: [] })).rejects.toBeInstanceOf(SshRunnerClosedError);
      await runner.close(); // a second close is harmless
    });

    it("opens a new master when the old one ended after its idle timeout", async () => {
      const runner = host.newRunner({ idleTimeoutMs: 1000 });
      const before = logins(host);
      await runner.run({ file: "true", args: [] });
      const socket = join(runner.controlDirectory as string, "master");
      expect(await eventually(() => !existsSync(socket), 10_000)).toBe(true);
      await runner.run({ file: "true", args: [] });
      expect(logins(host) - before).toBe(2);
      await runner.close();
    });

    it("works without connection reuse too", async () => {
      const runner = host.newRunner({ reuseConnection: false });
      const { stdout } = await runner.run({ file: "printf", args: ["%s", "plain"] });
      expect(stdout).toBe("plain");
      expect(runner.controlDirectory).toBeUndefined();
    });
  });

  describe("stream", () => {
    it("streams 50 MiB through a remote command, stdin to stdout, in constant memory", async () => {
      setFlagsFromString("--expose_gc");
      const collectGarbage = runInNewContext("gc") as () => void;
      collectGarbage();
      const baseline = process.memoryUsage().arrayBuffers;
      const total = 50 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024);
      const sent = createHash("sha256");
      const received = createHash("sha256");
      let chunks = 0;
      const source = Readable.from(
        (function* generate() {
          for (let offset = 0; offset < total; offset += chunk.length) {
            chunk.fill(chunks % 251);
            chunks += 1;
            sent.update(chunk);
            yield Buffer.from(chunk);
          }
        })(),
      );
      let bytes = 0;
      let peak = 0;
      let nextSample = 0;
      const sink = new Writable({
        write(data: Buffer, _encoding, next) {
          bytes += data.length;
          received.update(data);
          if (bytes >= nextSample) {
            nextSample += 4 * 1024 * 1024;
            collectGarbage();
            peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
          }
          setImmediate(next); // a slowish reader: backpressure must hold everything back
        },
      });
      const run = host.runner.stream({ file: "cat", args: [] }, { stdin: source });
      await Promise.all([pipeline(run.stdout, sink), run.done]);
      expect(bytes).toBe(total);
      expect(received.digest("hex")).toBe(sent.digest("hex"));
      expect(peak).toBeLessThan(16 * 1024 * 1024);
    }, 120_000);

    it("runs A | B on the host and reports a failing A as failed, naming the stage", async () => {
      const run = host.runner.stream([
        { file: "sh", args: ["-c", "printf partial; echo 'cannot read disk' >&2; exit 2"] },
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

    it("blames the stage that failed, not the one killed by a broken pipe", async () => {
      const run = host.runner.stream([
        { file: "cat", args: ["/dev/zero"] },
        { file: "sh", args: ["-c", "head -c 10 >/dev/null; exit 5"] },
      ]);
      run.stdout.resume();
      await expect(run.done).rejects.toMatchObject({ exitCode: 5, stage: { index: 1, count: 2 } });
    });

    it("reports every stage of a successful pipeline", async () => {
      const run = host.runner.stream([
        { file: "printf", args: ["%s\n", "b", "a"] },
        { file: "sort", args: [] },
        { file: "tr", args: ["a-z", "A-Z"] },
      ]);
      let out = "";
      for await (const chunk of run.stdout) out += String(chunk);
      const result = await run.done;
      expect(out).toBe("A\nB\n");
      expect(result.stages.map((stage) => stage.exitCode)).toEqual([0, 0, 0]);
    });

    it("cancels every remote stage", async () => {
      const marker = "16180";
      const run = host.runner.stream([
        { file: "sh", args: ["-c", `sleep 4${marker}`] },
        { file: "cat", args: [] },
      ]);
      run.stdout.resume();
      expect(await eventually(() => processesRunning("sleep", `4${marker}`).length > 0)).toBe(true);
      run.cancel();
      await expect(run.done).rejects.toMatchObject({ isCanceled: true });
      expect(processesRunning("sleep", `4${marker}`)).toEqual([]);
    });

    it("names the stage whose timeout fired", async () => {
      const run = host.runner.stream([
        { file: "printf", args: ["x"] },
        { file: "sh", args: ["-c", "cat; sleep 30"], timeoutMs: 800 },
      ]);
      run.stdout.resume();
      await expect(run.done).rejects.toMatchObject({ reason: "timeout", stage: { index: 1, count: 2 } });
    });

    it("ends stdout and rejects with the ssh error when it cannot connect", async () => {
      const runner = host.newRunner({ port: 1 });
      const run = runner.stream({ file: "cat", args: [] });
      const chunks: unknown[] = [];
      for await (const chunk of run.stdout) chunks.push(chunk);
      expect(chunks).toEqual([]);
      await expect(run.done).rejects.toBeInstanceOf(SshConnectionError);
    });
  });

  describe("interactive run", () => {
    it("connects the remote command to this process's terminal and reports its exit code", async () => {
      const command: Command = { file: "sh", args: ["-c", "exit 4"] };
      await expect(host.runner.run(command, { stdio: "inherit" })).rejects.toMatchObject({ exitCode: 4 });
      const ok = await host.runner.run({ file: "true", args: [] }, { stdio: "inherit" });
      expect(ok.exitCode).toBe(0);
    });
  });
});
