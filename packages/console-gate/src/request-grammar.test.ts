import { describe, expect, it } from "vitest";
import { parseConsoleRequest } from "./request-grammar.js";

describe("parseConsoleRequest", () => {
  it.each([
    ["console vm1", { kind: "action", action: "console", domain: "vm1", confirmed: false }],
    ["  status  ", { kind: "action", action: "status", confirmed: false }],
    ["status\tvm1", { kind: "action", action: "status", domain: "vm1", confirmed: false }],
    [
      "reboot web.example.com",
      { kind: "action", action: "reboot", domain: "web.example.com", confirmed: false },
    ],
    ["start vm1", { kind: "action", action: "start", domain: "vm1", confirmed: false }],
    ["create vm1", { kind: "action", action: "start", domain: "vm1", confirmed: false }],
    ["shutdown vm1", { kind: "action", action: "shutdown", domain: "vm1", confirmed: false }],
    ["destroy vm1", { kind: "action", action: "destroy", domain: "vm1", confirmed: false }],
    ["destroy vm1 --yes", { kind: "action", action: "destroy", domain: "vm1", confirmed: true }],
    ["hard-shutdown --yes", { kind: "action", action: "destroy", confirmed: true }],
    ["help", { kind: "help" }],
    ["list", { kind: "domains" }],
    ["exit", { kind: "exit" }],
    ["use vm2", { kind: "use", domain: "vm2" }],
  ])("accepts %j", (text, request) => {
    expect(parseConsoleRequest(text)).toEqual({ ok: true, request });
  });

  it.each([
    ["id", "is not a console command"],
    ["sh", "is not a console command"],
    ["/bin/sh", "is not a console command"],
    ["console vm1; sh", "at most one domain"],
    ["console vm1;sh", "is not a domain name"],
    ["console vm1 && sh", "at most one domain"],
    ["console vm1 | sh", "at most one domain"],
    ["status $(id)", "is not a domain name"],
    ["status `id`", "is not a domain name"],
    ["status ${IFS}", "is not a domain name"],
    ["console 'vm1'", "is not a domain name"],
    ['console "vm1"', "is not a domain name"],
    ["console vm1\nsh", "characters outside the grammar"],
    ["console vm1\rsh", "characters outside the grammar"],
    ["console vm1\u0000", "characters outside the grammar"],
    ["console vm\u00e9", "characters outside the grammar"],
    ["console -a", "is not a domain name"],
    ["shutdown -a", "is not a domain name"],
    ["reboot vm1 --yes", "at most one domain"],
    ["status --yes", "is not a domain name"],
    ["console vm1 vm2", "at most one domain"],
    ["CONSOLE vm1", "is not a console command"],
    ["constructor", "is not a console command"],
    ["__proto__", "is not a console command"],
    ["toString vm1", "is not a console command"],
    ["help me", "takes no arguments"],
    ["use", "use takes one domain name"],
    ["", "empty"],
    ["   ", "empty"],
    [`status ${"v".repeat(200)}`, "longer than 200"],
    ["/usr/lib/openssh/sftp-server", "is not a console command"],
    ["internal-sftp", "is not a console command"],
    ["scp -t /tmp", "is not a console command"],
    ["rsync --server -e.LsfxC . /tmp", "is not a console command"],
  ])("refuses %j", (text, reason) => {
    const parsed = parseConsoleRequest(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});
