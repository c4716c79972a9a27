import { expectReadmeShows } from "@dom0kit/test-support";
import { expect, it, vi } from "vitest";

it("runs the README's example", async () => {
  await expectReadmeShows("../README.md", "../examples/generate.ts", import.meta.url);
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  await import("../examples/generate.js");
  const lines = log.mock.calls.map((call) =>
    typeof call[0] === "string" ? call[0] : JSON.stringify(call[0]),
  );
  log.mockRestore();
  expect(lines[0]).toMatch(/^# dom0kit console access for alice/);
  expect(lines[0]).toContain('restrict,pty,command="exec /usr/bin/env -i');
  expect(lines[0]).toContain(
    'from="203.0.113.0/24" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHGU9J0CyIJZ3LJfUfRmxVH7SYv9oqNzgd6TxkVuBl3z alice@laptop',
  );
  expect(lines[1]).toContain("alice ALL=(root) NOPASSWD: /usr/sbin/xl list vm1, \\\n");
  expect(lines[2]).toContain("Match User alice\n");
  expect(lines[3]).toContain('"ok":true');
  expect(lines[4]).toBe('{"ok":false,"reason":"console takes at most one domain name"}');
  expect(lines[5]).toMatch(/^users\[0\]\.domains\[0\]: 0 is all digits/);
  expect(lines[6]).toMatch(/^users\[0\]\.keys\[0\]: the key starts with authorized_keys options/);
});
