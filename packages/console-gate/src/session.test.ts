import { ScriptedRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { runSession, sudoXl } from "../test/support/session-harness.js";

const LIST_VM1 = "Name    ID   Mem VCPUs      State   Time(s)\nvm1      3   512     1     -b----      12.0\n";

describe("runConsoleSession with a request (SSH_ORIGINAL_COMMAND)", () => {
  it("runs status for a named domain of the customer and audits it", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("list", "vm1"), { stdout: LIST_VM1 });
    const { code, output, audit } = await runSession({ request: "status vm1", runner });
    expect(code).toBe(0);
    expect(output).toContain("vm1      3   512");
    expect(audit).toContainEqual({
      event: "action",
      user: "alice",
      client: "203.0.113.9:50000",
      domain: "vm1",
      action: "status",
      result: "ok",
    });
    expect(audit.map((entry) => entry.event)).toEqual(["session-start", "action", "session-end"]);
  });

  it("reports a domain that is not running instead of an error", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("list", "vm1"), {
      exitCode: 1,
      stderr: "vm1 is an invalid domain identifier (rc=-6)\n",
    });
    const { code, output } = await runSession({ request: "status vm1", runner });
    expect(code).toBe(0);
    expect(output).toContain("vm1 is not running.");
  });

  it("shows the status of every domain when none is named", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("list", "vm1")).expect(sudoXl("list", "vm2"));
    expect((await runSession({ request: "status", runner })).code).toBe(0);
  });

  it.each([
    ["another customer's domain", "console vm3", "vm3 is not one of your domains"],
    ["dom0", "console Domain-0", "Domain-0 is not one of your domains"],
    ["a domain id", "console 0", "0 is not one of your domains"],
    ["an action not granted", "reboot vm2", "reboot is not allowed for vm2"],
    ["an ambiguous request", "reboot", "name a domain"],
    ["a command", "id", '"id" is not a console command'],
    ["a command after a request", "console vm1; sh", "at most one domain"],
    ["a command substitution", "status $(id)", '"$(id)" is not a domain name'],
    ["the sftp subsystem", "/usr/lib/openssh/sftp-server", "is not a console command"],
    ["use outside the menu", "use vm1", "use only works in the menu"],
  ])("refuses %s without running anything", async (_what, request, reason) => {
    const { code, output, audit, calls } = await runSession({ request });
    expect(code).toBe(2);
    expect(calls).toEqual([]);
    expect(output).toMatch(/^Refused: .+\.$/m);
    expect(output).toContain(reason);
    const refused = audit.find((entry) => entry.event === "refused");
    expect(refused?.detail).toContain(request);
  });

  it("gives the console the terminal", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("console", "vm1"));
    const { code, calls } = await runSession({ request: "console vm1", runner });
    expect(code).toBe(0);
    expect(calls[0]?.options).toEqual({ stdio: "inherit" });
  });

  it("refuses the console without a terminal", async () => {
    const { code, output, calls } = await runSession({ request: "console vm1", terminal: false });
    expect(code).toBe(1);
    expect(calls).toEqual([]);
    expect(output).toContain("ssh -t");
  });

  it("asks before a hard shutdown when there is a terminal", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("destroy", "vm1"));
    const { code, output } = await runSession({ request: "destroy vm1", lines: ["vm1"], runner });
    expect(code).toBe(0);
    expect(output).toContain("Type vm1 to confirm");
  });

  it("refuses a hard shutdown without a terminal unless --yes is given", async () => {
    expect((await runSession({ request: "destroy vm1", terminal: false })).code).toBe(2);
    const runner = new ScriptedRunner().expect(sudoXl("destroy", "vm1"));
    expect((await runSession({ request: "destroy vm1 --yes", terminal: false, runner })).code).toBe(0);
  });

  it("starts a domain from its config file", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("create", "/etc/xen/vm1.cfg"), {
      stderr: "Parsing config from /etc/xen/vm1.cfg\n",
    });
    const { code, output } = await runSession({ request: "start vm1", runner });
    expect(code).toBe(0);
    expect(output).toContain("Parsing config from /etc/xen/vm1.cfg");
  });

  it("exits 1 and audits the failure when xl fails", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("shutdown", "vm1"), { exitCode: 1, stderr: "boom\n" });
    const { code, output, audit } = await runSession({ request: "shutdown vm1", runner });
    expect(code).toBe(1);
    expect(output).toContain("boom");
    expect(audit).toContainEqual(
      expect.objectContaining({ event: "action", action: "shutdown", result: "failed", detail: "exit 1" }),
    );
  });
});

describe("runConsoleSession menu", () => {
  it("shows the menu, runs numbered choices and exits on 0", async () => {
    const runner = new ScriptedRunner()
      .expect(sudoXl("list", "vm1"), { stdout: LIST_VM1 })
      .expect(sudoXl("console", "vm1"));
    const { code, output, calls } = await runSession({ lines: ["1", "2", "0"], runner });
    expect(code).toBe(0);
    expect(output).toContain("dom0kit console for alice. Your domains: vm1, vm2.");
    expect(output).toContain("  5) hard shutdown (destroy)");
    expect(output).toContain("  7) choose another domain");
    expect(output).toContain("Press Ctrl-] to come back");
    expect(output.trimEnd().endsWith("Goodbye.")).toBe(true);
    expect(calls.map((call) => call.options)).toEqual([{}, { stdio: "inherit" }]);
  });

  it("comes back to the menu after the console ends", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("console", "vm1")).expect(sudoXl("console", "vm1"));
    const { output } = await runSession({ lines: ["console", "2", "exit"], runner });
    expect(output.match(/Left the console of vm1/g)).toHaveLength(2);
    expect(output.match(/vm1> /g)).toHaveLength(3);
  });

  it("ends cleanly at end of input", async () => {
    const { code, output } = await runSession({ lines: [] });
    expect(code).toBe(0);
    expect(output).toContain("Goodbye.");
  });

  it("ends after three invalid choices in a row and never runs anything", async () => {
    const { code, output, calls, audit } = await runSession({ lines: ["!sh", "$(id)", "; /bin/sh -i", "1"] });
    expect(code).toBe(2);
    expect(calls).toEqual([]);
    expect(output).toContain("Too many invalid choices.");
    expect(audit.filter((entry) => entry.event === "refused")).toHaveLength(3);
  });

  it("counts a line that is too long as invalid", async () => {
    const { code, calls } = await runSession({ raw: [`${"x".repeat(5000)}\n`, "y\n", "z\n"] });
    expect(code).toBe(2);
    expect(calls).toEqual([]);
  });

  it("ignores empty lines", async () => {
    const { code } = await runSession({ lines: ["", "", "", "", "0"] });
    expect(code).toBe(0);
  });

  it("confirms a hard shutdown by the domain's name and cancels otherwise", async () => {
    const cancelled = await runSession({ lines: ["5", "yes", "0"] });
    expect(cancelled.calls).toEqual([]);
    expect(cancelled.output).toContain("Cancelled.");
    expect(cancelled.audit).toContainEqual(
      expect.objectContaining({ action: "destroy", result: "cancelled" }),
    );
    const runner = new ScriptedRunner().expect(sudoXl("destroy", "vm1"));
    const confirmed = await runSession({ lines: ["5", "vm1", "0"], runner });
    expect(confirmed.output).toContain("destroy: done for vm1.");
  });

  it("does not skip the confirmation for --yes typed at the menu", async () => {
    const { calls, output } = await runSession({ lines: ["destroy vm1 --yes", "no", "0"] });
    expect(calls).toEqual([]);
    expect(output).toContain("Cancelled.");
  });

  it("switches domains and shows only the actions allowed there", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("list", "vm2"));
    const { output } = await runSession({ lines: ["7", "vm2", "1", "6", "0"], runner });
    expect(output).toContain("Domain vm2\n  1) status\n  2) console\n  7) choose another domain\n  0) exit");
    expect(output).toContain("vm2> ");
    expect(output).toContain("Refused:");
  });

  it("accepts typed commands with a domain, and refuses foreign ones", async () => {
    const runner = new ScriptedRunner().expect(sudoXl("list", "vm2"));
    const { output, calls } = await runSession({
      lines: ["status vm2", "use vm9", "console vm9", "0"],
      runner,
    });
    expect(calls).toHaveLength(1);
    expect(output).toContain("Refused: vm9 is not one of your domains");
  });

  it("shows help", async () => {
    const { output } = await runSession({ lines: ["help", "0"] });
    expect(output).toContain("In a console, press Ctrl-] to come back to this menu.");
  });
});
