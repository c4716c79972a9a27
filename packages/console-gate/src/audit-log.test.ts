import { ScriptedRunner } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { formatAuditEntry, SyslogAuditLog } from "./audit-log.js";

describe("formatAuditEntry", () => {
  it("writes plain values bare and in a fixed order", () => {
    expect(
      formatAuditEntry({
        event: "action",
        user: "alice",
        client: "203.0.113.9:50000",
        domain: "vm1",
        action: "console",
        result: "ok",
      }),
    ).toBe("event=action user=alice client=203.0.113.9:50000 domain=vm1 action=console result=ok");
  });

  it("quotes customer input so it cannot forge a record", () => {
    const line = formatAuditEntry({
      event: "refused",
      user: "alice",
      result: "refused",
      detail: 'x\nevent=action user=bob result=ok "\u001b[2J\u0085',
    });
    expect(line).not.toContain("\n");
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(line).toBe(
      'event=refused user=alice result=refused detail="x\\nevent=action user=bob result=ok \\"\\u001b[2J\\u0085"',
    );
  });

  it("cuts values at 200 characters", () => {
    expect(
      formatAuditEntry({ event: "refused", user: "alice", result: "refused", detail: "a".repeat(500) })
        .length,
    ).toBeLessThan(260);
  });
});

describe("SyslogAuditLog", () => {
  it("runs logger with the tag, pid, facility and destination", async () => {
    const runner = new ScriptedRunner().expect([
      "/usr/bin/logger",
      "--tag",
      "dom0kit-console",
      "--id=42",
      "--priority",
      "authpriv.notice",
      "--server",
      "127.0.0.1",
      "--port",
      "5514",
      "--udp",
      "--",
      "event=session-start user=alice result=ok",
    ]);
    const audit = new SyslogAuditLog(
      runner,
      "/usr/bin/logger",
      { facility: "authpriv", server: { host: "127.0.0.1", port: 5514, protocol: "udp" } },
      42,
    );
    await audit.record({ event: "session-start", user: "alice", result: "ok" });
    runner.verify();
  });

  it("never throws when logger fails", async () => {
    const runner = new ScriptedRunner().expect(() => true, {
      exitCode: 1,
      stderr: "socket /dev/log: No such file",
    });
    const audit = new SyslogAuditLog(runner, "/usr/bin/logger", { facility: "auth" }, 1);
    await expect(
      audit.record({ event: "session-end", user: "alice", result: "exit 0" }),
    ).resolves.toBeUndefined();
  });
});
