import { describe, expect, it } from "vitest";
import { ed25519Key } from "../test/support/public-keys.js";
import { parseConsoleGateConfig } from "./config.js";
import { ConsoleGateConfigError } from "./errors.js";

const key = ed25519Key("alice@laptop");

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseConsoleGateConfig(input, "dom0kit.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ConsoleGateConfigError);
    const configError = error as ConsoleGateConfigError;
    expect(configError.code).toBe("CONSOLE_GATE_CONFIG");
    expect(configError.message).toContain("dom0kit.yaml");
    return [...configError.issues];
  }
  throw new Error("expected the input to be refused");
}

describe("parseConsoleGateConfig", () => {
  it("fills in every action, the default config path and the Debian layout", () => {
    const model = parseConsoleGateConfig({ users: [{ name: "alice", domains: ["vm1"], keys: [key] }] });
    expect(model.users[0]?.domains).toEqual([
      {
        name: "vm1",
        config: "/etc/xen/vm1.cfg",
        actions: ["status", "console", "start", "shutdown", "destroy", "reboot"],
      },
    ]);
    expect(model.layout.xl).toBe("/usr/sbin/xl");
    expect(model.sshdMatchBlock).toBe(true);
    expect(model.audit).toEqual({ facility: "authpriv" });
  });

  it("keeps per-domain actions in menu order without duplicates, and user-level defaults for the rest", () => {
    const model = parseConsoleGateConfig({
      users: [
        {
          name: "alice",
          actions: ["status", "console"],
          domains: [
            "vm1",
            { name: "vm2", actions: ["reboot", "status", "reboot"], config: "/srv/xen/vm2.conf" },
          ],
          keys: [key],
        },
      ],
    });
    expect(model.users[0]?.domains).toEqual([
      { name: "vm1", config: "/etc/xen/vm1.cfg", actions: ["status", "console"] },
      { name: "vm2", config: "/srv/xen/vm2.conf", actions: ["status", "reboot"] },
    ]);
  });

  it("reports every problem with its location at once", () => {
    const issues = issuesOf({
      users: [
        {
          name: "Alice",
          domains: ["vm1", "vm1", "0", { name: "ok", config: "relative.cfg" }],
          keys: [`command="/bin/sh" ${key}`, key, key],
          from: ["203.0.113.7/24"],
        },
        { name: "Alice", domains: ["Domain-0"], keys: [key] },
      ],
      paths: { xl: "/usr/sbin/xl; sh" },
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      "paths.xl",
      "users[0].name",
      "users[0].from[0]",
      "users[0].domains[1]",
      "users[0].domains[2]",
      "users[0].domains[3].config",
      "users[0].keys[0]",
      "users[0].keys[2]",
      "users[1].name",
      "users[1].name",
      "users[1].domains[0]",
    ]);
    expect(issues[6]?.message).toContain("authorized_keys options");
  });

  it("reports structural problems with zod's paths", () => {
    const issues = issuesOf({ users: [{ name: "alice", domains: [], keys: [key], shell: "/bin/bash" }] });
    expect(issues.map((issue) => issue.path).sort()).toEqual(["users[0]", "users[0].domains"]);
  });

  it("refuses an empty action list", () => {
    const issues = issuesOf({
      users: [{ name: "alice", domains: [{ name: "vm1", actions: [] }], keys: [key] }],
    });
    expect(issues).toEqual([{ path: "users[0].domains[0].actions", message: "give at least one action" }]);
  });

  it("accepts a syslog server for the audit log", () => {
    const model = parseConsoleGateConfig({
      users: [],
      audit: { server: { host: "127.0.0.1", port: 5514 } },
    });
    expect(model.audit).toEqual({
      facility: "authpriv",
      server: { host: "127.0.0.1", port: 5514, protocol: "udp" },
    });
  });
});
