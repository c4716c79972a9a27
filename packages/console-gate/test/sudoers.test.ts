import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConsoleGateConfig } from "../src/config.js";
import { renderSudoersFragment } from "../src/sudoers.js";
import { ed25519Key } from "./support/public-keys.js";

const run = promisify(execFile);
const needs = integrationPrerequisites({ commands: ["visudo"] });

describe.skipIf(needs.skip)("sudoers fragments checked by visudo -cf", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "d0k-sudoers-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function visudo(text: string): Promise<{ ok: boolean; output: string }> {
    const file = join(dir, "fragment");
    await writeFile(file, text, { mode: 0o440 });
    return run("visudo", ["-c", "-f", file]).then(
      ({ stdout, stderr }) => ({ ok: true, output: stdout + stderr }),
      (error: { stdout?: string; stderr?: string }) => ({
        ok: false,
        output: `${error.stdout ?? ""}${error.stderr ?? ""}`,
      }),
    );
  }

  it.each([
    ["one domain, every action", { name: "alice", domains: ["vm1"] }],
    [
      "dotted and upper-case domains",
      { name: "web-admin_2", domains: ["web3106215069.example.com", "VM_2.a-b"] },
    ],
    [
      "an explicit config path",
      {
        name: "carol",
        domains: [{ name: "vm9", config: "/srv/xen/configs/vm9+v2.cfg", actions: ["start"] }],
      },
    ],
    [
      "many domains",
      { name: "dave", domains: Array.from({ length: 40 }, (_, index) => `vm${String(index + 1)}`) },
    ],
  ])("accepts the fragment for %s", async (_what, user) => {
    const model = parseConsoleGateConfig({ users: [{ ...user, keys: [ed25519Key()] }] });
    const result = await visudo(renderSudoersFragment(model.users[0]!, model.layout));
    expect(result.output).toContain("parsed OK");
    expect(result.ok).toBe(true);
  });

  it("is a check that can fail: visudo rejects a broken fragment", async () => {
    const result = await visudo("alice ALL=(root) NOPASSWD: /usr/sbin/xl console vm1,\n");
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/syntax error/);
  });
});
