import { describe, expect, it } from "vitest";
import {
  classifySshFailure,
  SshAuthenticationError,
  SshConnectionError,
  SshHostKeyError,
  SshUnreachableError,
} from "./ssh-errors.js";

// What OpenSSH 9.2's client writes (LogLevel=ERROR), captured from real failures.
const CHANGED = [
  "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
  "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @",
  "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
  "Host key for [127.0.0.1]:55247 has changed and you have requested strict checking.",
  "Host key verification failed.",
].join("\n");

describe("classifySshFailure", () => {
  it.each([
    ["ssh: connect to host 127.0.0.1 port 1: Connection refused", SshUnreachableError],
    ["Connection timed out during banner exchange", SshUnreachableError],
    ["ssh: connect to host 10.0.0.9 port 22: Connection timed out", SshUnreachableError],
    ["ssh: connect to host 10.0.0.9 port 22: No route to host", SshUnreachableError],
    ["ssh: Could not resolve hostname dom0.invalid: Name or service not known", SshUnreachableError],
    ["kex_exchange_identification: read: Connection reset by peer", SshUnreachableError],
    ["Connection closed by 127.0.0.1 port 2222", SshUnreachableError],
    ["root@127.0.0.1: Permission denied (publickey).", SshAuthenticationError],
    [
      "Received disconnect from 127.0.0.1 port 22:2: Too many authentication failures",
      SshAuthenticationError,
    ],
    [
      "No ED25519 host key is known for [127.0.0.1]:55247 and you have requested strict checking.\nHost key verification failed.",
      SshHostKeyError,
    ],
    [CHANGED, SshHostKeyError],
  ])("classifies %j", (stderr, type) => {
    const error = classifySshFailure({ destination: "root@dom0", exitCode: 255, stderr });
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain("root@dom0");
  });

  it("tells an unknown host key from a changed one", () => {
    const unknown = classifySshFailure({
      destination: "dom0",
      exitCode: 255,
      stderr: "No ED25519 host key is known for dom0 and you have requested strict checking.",
    });
    expect(unknown).toMatchObject({ problem: "unknown", code: "SSH_HOST_KEY", kind: "host-key" });
    expect(classifySshFailure({ destination: "dom0", exitCode: 255, stderr: CHANGED })).toMatchObject({
      problem: "changed",
    });
  });

  it("carries the port and ssh_config it was told, so the connection can be repeated by hand", () => {
    const error = classifySshFailure({
      destination: "root@dom0",
      port: 2222,
      configFile: "/etc/dom0kit/ssh_config",
      exitCode: 255,
      stderr: "ssh: connect to host dom0 port 2222: Connection refused",
    });
    expect(error).toBeInstanceOf(SshUnreachableError);
    expect(error).toMatchObject({
      destination: "root@dom0",
      port: 2222,
      configFile: "/etc/dom0kit/ssh_config",
    });
    expect(classifySshFailure({ destination: "dom0", exitCode: 255 })).toMatchObject({
      port: undefined,
      configFile: undefined,
    });
  });

  it("blames the login shell when it exits before running the command", () => {
    const error = classifySshFailure({
      destination: "dom0",
      exitCode: 1,
      stderr: "This account is currently not available.",
    });
    expect(error).toBeInstanceOf(SshConnectionError);
    expect(error).toMatchObject({ code: "SSH_FAILED", kind: "ssh-failed", exitCode: 1 });
    expect(error.message).toMatch(/login shell/);
  });

  it("keeps ssh's own words in the message and the stderr tail", () => {
    const error = classifySshFailure({
      destination: "root@dom0",
      exitCode: 255,
      stderr: "ssh: connect to host dom0 port 22: Connection refused\n",
      command: { file: "xl", args: ["list"] },
    });
    expect(error.message).toMatch(/running xl list/);
    expect(error.message).toMatch(/ssh said: ssh: connect to host dom0 port 22: Connection refused$/);
    expect(error.stderrTail).toBe("ssh: connect to host dom0 port 22: Connection refused");
    expect(error).toMatchObject({ name: "SshUnreachableError", code: "SSH_UNREACHABLE", exitCode: 255 });
  });

  it("names the port sshd should listen on, or says which one ssh picks", () => {
    const refused = "ssh: connect to host dom0 port 2222: Connection refused";
    const withPort = classifySshFailure({ destination: "dom0", port: 2222, exitCode: 255, stderr: refused });
    expect(withPort.message).toMatch(
      /^cannot reach dom0: check that the host is up, sshd listens on port 2222, /,
    );
    const withoutPort = classifySshFailure({ destination: "dom0", exitCode: 255, stderr: refused });
    expect(withoutPort.message).toMatch(
      /sshd listens on the port ssh uses \(22 unless its ssh_config says another\), /,
    );
  });
});
