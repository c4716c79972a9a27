import { DryRunRunner, type CannedResult, type Command } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { HostStateError } from "./errors.js";
import { readConsoleHostState } from "./host-state.js";
import { DEFAULT_LAYOUT } from "./layout.js";

/** A host that answers each command through `answer`; every command is recorded. */
function host(answer: (command: Command) => CannedResult): DryRunRunner {
  return new DryRunRunner({ respond: answer });
}

describe("readConsoleHostState", () => {
  it("reads accounts, paths with owner, mode and content, and the installed users", async () => {
    const runner = host((command) => {
      const path = command.args.at(-1) ?? "";
      if (command.file === "find") return { stdout: "alice.json\nnot a user.json\nbob.json\n" };
      if (command.file === "getent" && command.args[0] === "passwd") {
        return path === "alice"
          ? { stdout: "alice:x:1500:1500:dom0kit console customer:/home/alice:/bin/sh\n" }
          : { exitCode: 2 };
      }
      if (command.file === "getent") return { stdout: "alice:*:19000:0:99999:7:::\n" };
      if (command.file === "id") return { stdout: "1500\n" };
      if (command.file === "stat") {
        if (path === "/etc/dom0kit/console/users/alice.json")
          return { stdout: "regular file:640:root:alice" };
        if (path === DEFAULT_LAYOUT.program) return { stdout: "regular file:755:root:root" };
        if (path === "/home/alice/.ssh") return { stdout: "symbolic link:777:root:root" };
        if (["/etc", "/usr", "/usr/local", "/usr/local/lib", "/home", "/home/alice"].includes(path)) {
          return { stdout: "directory:755:root:root" };
        }
        return { exitCode: 1, stderr: `stat: cannot statx '${path}': No such file or directory` };
      }
      if (command.file === "cat") return { stdout: '{"user":"alice"}\n' };
      if (command.file === "sha256sum") return { stdout: `${"ab".repeat(32)}  ${path}\n` };
      return { exitCode: 99 };
    });
    const state = await readConsoleHostState(runner, DEFAULT_LAYOUT, ["alice"]);
    expect(state.installedUsers).toEqual(["alice", "bob"]);
    expect(state.accounts.get("alice")).toEqual({
      exists: true,
      uid: 1500,
      gid: 1500,
      gecos: "dom0kit console customer",
      home: "/home/alice",
      shell: "/bin/sh",
      password: "*",
      groups: [1500],
    });
    expect(state.accounts.get("bob")).toEqual({ exists: false });
    expect(state.paths.get("/etc/dom0kit/console/users/alice.json")).toEqual({
      kind: "file",
      mode: 0o640,
      owner: "root",
      group: "alice",
      content: '{"user":"alice"}\n',
    });
    expect(state.paths.get(DEFAULT_LAYOUT.program)).toMatchObject({ kind: "file", sha256: "ab".repeat(32) });
    expect(state.paths.get("/home/alice/.ssh")).toEqual({ kind: "other", type: "symbolic link" });
    expect(state.paths.get("/etc/dom0kit")).toEqual({ kind: "missing" });
    expect(state.paths.get("/home/bob/.ssh/authorized_keys")).toEqual({ kind: "missing" });
    expect(
      runner.commands.every((command) => !["rm", "mv", "install", "useradd"].includes(command.file)),
    ).toBe(true);
  });

  it("fails with HostStateError when stat fails for another reason than a missing file", async () => {
    const runner = host((command) =>
      command.file === "stat"
        ? { exitCode: 1, stderr: "stat: cannot statx '/etc': Permission denied" }
        : { exitCode: 1 },
    );
    await expect(readConsoleHostState(runner, DEFAULT_LAYOUT, [])).rejects.toThrow(HostStateError);
  });
});
