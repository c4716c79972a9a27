import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd: process.cwd(),
  });
  return { exitCode, stdout, stderr };
}

describe("dom0kit", () => {
  it("prints its version", async () => {
    const result = await cli(["--version"]);
    expect(result).toMatchObject({ exitCode: 0, stdout: "0.1.0\n" });
  });

  it("rejects an unknown command with exit 2, a reason and a hint", async () => {
    expect(await cli(["frobnicate"])).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: "dom0kit: unknown command 'frobnicate'\nhint: run `dom0kit --help` to see the commands\n",
    });
  });

  it("suggests the command that was probably meant", async () => {
    expect((await cli(["inventory", "chek"])).stderr).toContain(
      "unknown command 'chek' (did you mean check?)",
    );
  });

  it("rejects an unknown option with exit 2", async () => {
    const result = await cli(["inventory", "check", "--bogus"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "dom0kit: unknown option '--bogus'\nhint: run the command with --help to see its usage\n",
    );
  });

  it("rejects a bad --host before doing any work", async () => {
    const result = await cli(["--host", "ftp://x", "inventory", "check", "-i", DENMARK]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--host "ftp://x" is not a host target');
    expect(result.stdout).toBe("");
  });

  it("exits 2 and says so when no command is given", async () => {
    expect(await cli([])).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining("no command given") as string,
    });
  });

  it.each([[[]], [["inventory"]], [["inventory", "check"]]])("has help for %j", async (path) => {
    const result = await cli([...path, "--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: dom0kit/);
  });
});

describe("dom0kit inventory check", () => {
  it("summarises a valid inventory", async () => {
    const result = await cli(["inventory", "check", "-i", DENMARK]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      "is valid: host denmark — 4 CPUs, 8192 MiB, xl + credit, uplink 100mbit on peth0",
    );
    expect(result.stdout).toMatch(
      /^osric +128 MiB +auto +2 +pygrub x86_64 +1mbit\/1mbit\/2mbit +consistent gzip, keep 3 last$/m,
    );
  });

  it("prints the validated inventory as JSON", async () => {
    const result = await cli(["--json", "inventory", "check", "-i", DENMARK]);
    const parsed = JSON.parse(result.stdout) as {
      valid: boolean;
      inventory: { domains: { name: string }[] };
    };
    expect(parsed.valid).toBe(true);
    expect(parsed.inventory.domains.map((domain) => domain.name)).toEqual([
      "horatio",
      "osric",
      "baldr",
      "lsc",
      "claudius",
    ]);
  });

  it("fails with exit 1 and a hint when the file is missing", async () => {
    const result = await cli(["inventory", "check", "-i", "/no/such.yaml"]);
    expect(result).toEqual({
      exitCode: 1,
      stdout: "",
      stderr:
        "dom0kit: /no/such.yaml: cannot read the inventory: no such file\nhint: pass the inventory with --inventory FILE (default ./dom0kit.yaml)\n",
    });
  });

  it("never colours output when NO_COLOR is set, even when forced", async () => {
    const result = await cli(["inventory", "check", "-i", "/no/such.yaml"], {
      NO_COLOR: "1",
      FORCE_COLOR: "1",
    });
    expect(result.stderr).not.toContain("\u001b[");
  });
});
