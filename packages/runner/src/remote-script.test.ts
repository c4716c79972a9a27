import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { InvalidCommandError } from "./errors.js";
import { readRemoteReport } from "./remote-report.js";
import {
  MAX_REMOTE_LINE_BYTES,
  remoteInteractiveLine,
  remoteInvocation,
  remoteKillLine,
  remotePipelineLine,
} from "./remote-script.js";

const exec = promisify(execFile);

/** Runs a remote line the way sshd does: `SHELL -c LINE`. */
async function asLoginShell(
  shell: string,
  line: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(shell, ["-c", line], { encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const shells = ["sh", "bash"];

describe("remoteInvocation", () => {
  it("quotes every word and runs the program with exec in a subshell", () => {
    expect(remoteInvocation({ file: "xl", args: ["list", "my vm"] })).toBe("(exec xl list 'my vm')");
  });

  it("enters cwd with CDPATH off and exports env first", () => {
    expect(remoteInvocation({ file: "ls", args: [], cwd: "/srv/x y", env: { A: "1", B: "it's" } })).toBe(
      "(CDPATH= cd -- '/srv/x y' && export A=1 B='it'\\''s' && exec ls)",
    );
  });
});

describe("remotePipelineLine", () => {
  it.each(shells)("reports the pid and the exit code of one command through %s", async (shell) => {
    const line = remotePipelineLine([{ file: "sh", args: ["-c", "echo out; echo err >&2; exit 7"] }], "abcd");
    const result = await asLoginShell(shell, line);
    const report = readRemoteReport(result.stderr, "abcd");
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("out\n");
    expect(report.stderr).toBe("err\n");
    expect(report.pid).toBeGreaterThan(0);
    expect([...report.exits]).toEqual([[0, 7]]);
  });

  it.each(shells)("reports every stage of a pipeline through %s", async (shell) => {
    const line = remotePipelineLine(
      [
        { file: "sh", args: ["-c", "printf 'b\\na\\n'; exit 3"] },
        { file: "sort", args: [] },
      ],
      "ef01",
    );
    const result = await asLoginShell(shell, line);
    expect(result.stdout).toBe("a\nb\n");
    expect([...readRemoteReport(result.stderr, "ef01").exits].sort()).toEqual([
      [0, 3],
      [1, 0],
    ]);
  });

  it("refuses a line longer than a remote shell accepts", () => {
    expect(() =>
      remotePipelineLine([{ file: "true", args: ["x".repeat(MAX_REMOTE_LINE_BYTES)] }], "ab"),
    ).toThrow(InvalidCommandError);
  });
});

describe("remoteInteractiveLine", () => {
  it("lets the login shell replace itself with the program", () => {
    expect(remoteInteractiveLine({ file: "xl", args: ["console", "vm1"] })).toBe("exec xl console vm1");
  });
});

describe("remoteKillLine", () => {
  it.each(shells)("ends a process group that ignores SIGTERM through %s", async (shell) => {
    const { stdout } = await exec(
      "setsid",
      ["-f", "sh", "-c", "trap '' TERM; echo $$; exec sleep 60 >/dev/null 2>&1"],
      {
        encoding: "utf8",
      },
    );
    const pid = Number(stdout.trim());
    // Alive, not a zombie waiting for whichever process adopted it to reap it.
    const isAlive = (): boolean => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${String(pid)}/stat`, "utf8"));
      } catch {
        return false;
      }
    };
    expect(isAlive()).toBe(true);
    const result = await asLoginShell(shell, remoteKillLine(pid, 300));
    expect(result.code).toBe(0);
    const deadline = Date.now() + 2000; // SIGKILL was sent; its delivery takes a moment
    while (isAlive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isAlive()).toBe(false);
  });

  it("succeeds when the group is already gone", async () => {
    expect((await asLoginShell("sh", remoteKillLine(2 ** 22 + 1, 300))).code).toBe(0);
  });
});
