import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";

async function cli(argv: string[], cwd = process.cwd()) {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd,
  });
  return { exitCode, stdout, stderr };
}

const HORATIO = `# horatio — customer 7
name = "horatio"
memory = 512 # MiB
cpus = [0, 2]
kernel = "/boot/vmlinuz"
disk = [ 'phy:/dev/denmark/horatio,xvda,w' ]
`;

async function withFile(name: string, text: string): Promise<{ dir: string; path: string }> {
  const dir = await testTempDir();
  const path = join(dir, name);
  writeFileSync(path, text);
  return { dir, path };
}

describe("dom0kit config dump", () => {
  it("prints exactly what xl sees, as one line of JSON", async () => {
    const { dir } = await withFile("horatio", HORATIO);
    const result = await cli(["config", "dump", "horatio"], dir);
    expect(result).toEqual({
      exitCode: 0,
      stdout:
        '{"name":"horatio","memory":"512","cpus":["0","2"],"kernel":"/boot/vmlinuz","disk":["phy:/dev/denmark/horatio,xvda,w"]}\n',
      stderr: "",
    });
  });

  it("exits 1 with every error as FILE:LINE:COL: message", async () => {
    const { dir } = await withFile("bad", 'name = horatio\nmemory = -512\nvcpus = "2"\n');
    const result = await cli(["config", "dump", "bad"], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").slice(0, 2)).toEqual([
      'bad:1:8: bare word `horatio`: xl values are "strings", numbers or [lists] — write "horatio"',
      "bad:2:10: numbers cannot be negative (`-512`) — quote the value",
    ]);
    expect(result.stderr).toContain("bad: 2 errors: xl would refuse this file");
  });

  it("reads a legacy xm config with --xm, and suggests it when xl refuses one", async () => {
    const { dir } = await withFile("old.cfg", "name = 'old'\nmemory = 128 * 2\nacpi = True\n");
    const plain = await cli(["config", "dump", "old.cfg"], dir);
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain("add --xm");
    const converted = await cli(["config", "dump", "--xm", "old.cfg"], dir);
    expect(converted.exitCode).toBe(0);
    expect(converted.stdout).toBe('{"name":"old","memory":"256","acpi":"1"}\n');
    expect(converted.stderr).toContain("old.cfg:3:1: warning: True written as 1");
  });

  it("says which file it could not read", async () => {
    const dir = await testTempDir();
    const result = await cli(["config", "dump", "missing"], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("cannot read missing: ENOENT");
  });
});

describe("dom0kit config disk and vif", () => {
  it("prints a disk spec as xl parses it", async () => {
    const result = await cli(["config", "disk", "phy:/dev/vg/web1,xvda,w"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      target: "/dev/vg/web1",
      format: "raw",
      vdev: "xvda",
      access: "rw",
      devtype: "disk",
      prefixes: ["phy"],
    });
  });

  it("exits 1 with xl's reason for a spec xl rejects", async () => {
    const result = await cli(["config", "disk", "phy:/dev/vg/a,xvda,w!"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("unknown value for access near `w!`");
  });

  it("prints a vif spec with its rate in bytes per interval", async () => {
    const result = await cli(["config", "vif", "bridge=xenbr0,ip=10.0.0.2 10.0.0.3,rate=10Mb/s@20ms"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      bridge: "xenbr0",
      ip: ["10.0.0.2", "10.0.0.3"],
      rate: { text: "10Mb/s@20ms", bytesPerSecond: 1250000, bytesPerInterval: 25000, intervalUsecs: 20000 },
    });
    const bad = await cli(["config", "vif", "rate=10MB/m"]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("invalid rate");
  });
});

describe("dom0kit config check", () => {
  it("passes good files, warns about unknown keys, fails bad ones", async () => {
    const dir = await testTempDir();
    writeFileSync(join(dir, "horatio"), `${HORATIO}memroy = 1\n`);
    writeFileSync(join(dir, "osric"), 'name = "osric"\nkernel = "/k"\nvcpus = 4\nmaxvcpus = 2\n');
    const result = await cli(["config", "check", "horatio", "osric"], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("horatio: ok (1 warning)\nosric: FAILED\n");
    expect(result.stderr).toContain(
      "horatio:7:1: warning: xl does not know `memroy` and ignores it — did you mean `memory`?",
    );
    expect(result.stderr).toContain("osric:4:1: maxvcpus: maxvcpus (2) is below vcpus (4): xl refuses this");
    expect(result.stderr).toContain("1 of 2 configs would fail in xl: osric");
  });

  it("reports as JSON", async () => {
    const { dir } = await withFile("horatio", HORATIO);
    const result = await cli(["--json", "config", "check", "horatio"], dir);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ file: "horatio", ok: true, errors: [], warnings: [] }]);
  });
});

describe("dom0kit config fmt", () => {
  const MESSY = "name='web1';memory=512 # MiB\n\n\n\ndisk=['a' ,\n'b']\n";

  it("prints the canonical layout", async () => {
    const { dir } = await withFile("web1", MESSY);
    const result = await cli(["config", "fmt", "web1"], dir);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('name = "web1"\nmemory = 512 # MiB\n\ndisk = [\n    "a",\n    "b",\n]\n');
  });

  it("--check fails on an unformatted file; --write fixes it in place", async () => {
    const { dir, path } = await withFile("web1", MESSY);
    expect((await cli(["config", "fmt", "--check", "web1"], dir)).exitCode).toBe(1);
    const written = await cli(["config", "fmt", "web1", "--write", "--quotes", "preserve"], dir);
    expect(written).toMatchObject({ exitCode: 0, stdout: "web1: written\n" });
    expect(readFileSync(path, "utf8")).toBe(
      "name = 'web1'\nmemory = 512 # MiB\n\ndisk = [\n    'a',\n    'b',\n]\n",
    );
    expect((await cli(["config", "fmt", "--check", "--quotes", "preserve", "web1"], dir)).exitCode).toBe(0);
    expect((await cli(["config", "fmt", "--write", "--quotes", "preserve", "web1"], dir)).stdout).toBe(
      "web1: already formatted\n",
    );
  });

  it("converts a legacy xm config with --xm", async () => {
    const { dir, path } = await withFile("old.cfg", "name = 'old'\nbuilder = 'linux'\nkernel = '/k'\n");
    const result = await cli(["config", "fmt", "--xm", "--write", "old.cfg"], dir);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(path, "utf8")).toBe('name = "old"\ntype = "pv"\nkernel = "/k"\n');
  });

  it("refuses to format a file xl rejects, changing nothing", async () => {
    const { dir, path } = await withFile("bad", "memory = 512*2\n");
    const result = await cli(["config", "fmt", "--write", "bad"], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("bad:1:13: xl does not evaluate arithmetic");
    expect(readFileSync(path, "utf8")).toBe("memory = 512*2\n");
  });
});
