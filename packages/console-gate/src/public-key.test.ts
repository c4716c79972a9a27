import { describe, expect, it } from "vitest";
import { blobOf, ecdsaP256Key, ed25519Key, rsaKey } from "../test/support/public-keys.js";
import { formatPublicKey, parseConsolePublicKey } from "./public-key.js";

function problemOf(line: string): string {
  const parsed = parseConsolePublicKey(line);
  if (parsed.ok) throw new Error(`expected ${line.slice(0, 40)} to be refused`);
  return parsed.problem;
}

describe("parseConsolePublicKey", () => {
  it("accepts an Ed25519 key with a comment and gives it back unchanged", () => {
    const line = ed25519Key("alice@laptop");
    const parsed = parseConsolePublicKey(`  ${line}\n`.replace("\n", ""));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.key.type).toBe("ssh-ed25519");
      expect(parsed.key.comment).toBe("alice@laptop");
      expect(formatPublicKey(parsed.key)).toBe(line);
    }
  });

  it("accepts a key without a comment", () => {
    const parsed = parseConsolePublicKey(ed25519Key(""));
    expect(parsed.ok && parsed.key.comment).toBe(undefined);
  });

  it("accepts an ECDSA P-256 key and a 2048-bit RSA key", () => {
    expect(parseConsolePublicKey(ecdsaP256Key()).ok).toBe(true);
    expect(parseConsolePublicKey(rsaKey(2048)).ok).toBe(true);
  });

  it("refuses an RSA key under 2048 bits", () => {
    expect(problemOf(rsaKey(1024))).toMatch(/1024 bits; at least 2048/);
  });

  it("refuses an ECDSA key whose blob names another curve", () => {
    expect(problemOf(ecdsaP256Key("nistp384"))).toMatch(/curve "nistp384", not nistp256/);
  });

  it("refuses a key whose blob is of another type than declared", () => {
    const blob = blobOf(ed25519Key());
    expect(problemOf(`ssh-rsa ${blob}`)).toMatch(/is a "ssh-ed25519" key, not ssh-rsa/);
  });

  it.each([
    ['command="/bin/sh" ssh-ed25519 AAAA', "authorized_keys options"],
    ["restrict ssh-ed25519 AAAA", "authorized_keys options"],
    ["no-pty,no-port-forwarding ssh-ed25519 AAAA", "authorized_keys options"],
    ['from="10.0.0.0/8" ssh-ed25519 AAAA', "authorized_keys options"],
    ["ssh-dss AAAAB3NzaC1kc3M=", "DSA keys are refused"],
    ["ssh-ed25519-cert-v01@openssh.com AAAA", "is a certificate"],
    ["ssh-foo AAAA", "not an accepted key type"],
    ["ssh-ed25519", "has no key data"],
    ["ssh-ed25519 AAA$", "not valid base64"],
    ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==", "not 32 bytes"],
    ["ssh-ed25519 AAAAC3NzaC1l", "truncated"],
    ["", "empty"],
  ])("refuses %j (%s)", (line, expected) => {
    expect(problemOf(line)).toContain(expected);
  });

  it("refuses base64 that is not canonical", () => {
    const blob = blobOf(ed25519Key());
    // Changing unused low bits of the last character decodes to the same bytes.
    const last = blob.at(-2) ?? "A";
    const tweaked = `${blob.slice(0, -2)}${last === "A" ? "B" : "A"}=`;
    expect(problemOf(`ssh-ed25519 ${tweaked}`)).toMatch(/base64|32 bytes|truncated/);
  });

  it.each([
    ["a line break", `${ed25519Key("x")}\nssh-ed25519 AAAA`],
    ["a carriage return", `${ed25519Key("x")}\r`],
    ["a NUL byte", `${ed25519Key("x")}\u0000`],
    ["an escape sequence", `${ed25519Key("x")}\u001b[2J`],
  ])("refuses a key containing %s", (_what, line) => {
    expect(problemOf(line)).toMatch(/control character|line break/);
  });

  it("refuses an overlong comment", () => {
    expect(problemOf(ed25519Key("c".repeat(300)))).toMatch(/at most 256/);
  });
});
