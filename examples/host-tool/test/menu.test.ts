import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;
const FIELD = new URL("../../../packages/grub-menu/test/fixtures/field/", import.meta.url).pathname;

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

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

const SMALL_INVENTORY = `
host:
  name: elsinore
  cpus: 2
  memory: 4096
  network: { interface: peth0, uplink: 100mbit }
  boot: { rescueDisk: /dev/elsinore/rescue }
domains:
  - name: yorick
    memory: 256
    disks: [{ source: /dev/elsinore/yorick, vdev: xvda, size: 2G }]
    boot: { loader: kernel, kernel: /boot/vmlinuz-domu }
    backup: { enabled: false }
  - name: ophelia
    memory: 256
    disks: [{ source: /dev/elsinore/ophelia, vdev: xvda, size: 2G }]
    boot: { loader: pv-grub, arch: x86_32 }
    backup: { enabled: false }
`;

describe("dom0kit menu render", () => {
  it("prints a PV-GRUB domain's config fields, rescue menu and customer menu", async () => {
    const result = await cli(["menu", "render", "horatio", "-i", DENMARK]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      '## xl config fields (/etc/xen/horatio.cfg)\nkernel = "/usr/lib/xen/boot/pv-grub-x86_64.gz"\nextra = "(hd1)/boot/grub/menu.lst"\n',
    );
    expect(result.stdout).toContain("'/dev/denmark/rescue,raw,xvdb,ro',");
    expect(result.stdout).toContain("## xvdb:/boot/grub/menu.lst (rescue-menu)\n# Rescue disk menu");
    expect(result.stdout).toContain(
      "title Xen domain boot\n    root (hd1)\n    kernel /boot/pv-grub-x86_64.gz (hd0,0)/boot/grub/menu.lst\n",
    );
    expect(result.stdout).toContain("## xvda:/boot/grub/menu.lst (customer-menu)");
  });

  it("gives a PyGRUB domain a rescue-disk entry booting the rescue image by label", async () => {
    const result = await cli([
      "menu",
      "render",
      "osric",
      "-i",
      DENMARK,
      "--kernel",
      "/boot/vmlinuz-6.1.0-18-amd64",
      "--initrd",
      "",
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('bootloader = "pygrub"');
    expect(result.stdout).toContain(
      "title rescue-disk\n    root (hd0,0)\n    kernel /boot/vmlinuz-6.1.0-18-amd64 console=hvc0 root=LABEL=RESCUE ro\n",
    );
    expect(result.stdout).not.toContain("initrd");
    expect(result.stderr).toContain("note: osric: pygrub looks for grub.cfg before menu.lst");
  });

  it("prints every menu domain as JSON", async () => {
    const result = await cli(["--json", "menu", "render", "-i", DENMARK, "--format", "grub.cfg"]);
    expect(result.exitCode).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      domains: { domain: string; loader: string; files: { format: string; path: string }[] }[];
    };
    expect(parsed.domains.map((domain) => [domain.domain, domain.loader])).toEqual([
      ["horatio", "pv-grub"],
      ["osric", "pygrub"],
      ["baldr", "pv-grub"],
      ["lsc", "pygrub"],
      ["claudius", "pygrub"],
    ]);
    expect(parsed.domains[1]?.files[0]).toMatchObject({ format: "grub.cfg", path: "/boot/grub/grub.cfg" });
  });

  it("writes every file under --out, whole", async () => {
    const dir = await testTempDir();
    const result = await cli(["menu", "render", "-i", DENMARK, "--out", dir]);
    expect(result.exitCode).toBe(0);
    expect(listFiles(dir)).toEqual([
      "baldr/xl-boot.cfg",
      "baldr/xvda/boot/grub/menu.lst",
      "baldr/xvdb/boot/grub/menu.lst",
      "claudius/xl-boot.cfg",
      "claudius/xvda/boot/grub/menu.lst",
      "horatio/xl-boot.cfg",
      "horatio/xvda/boot/grub/menu.lst",
      "horatio/xvdb/boot/grub/menu.lst",
      "lsc/sda/boot/grub/menu.lst",
      "lsc/xl-boot.cfg",
      "osric/xl-boot.cfg",
      "osric/xvda/boot/grub/menu.lst",
    ]);
    expect(readFileSync(join(dir, "baldr/xl-boot.cfg"), "utf8")).toContain(
      'kernel = "/usr/lib/xen/boot/pv-grub-x86_32.gz"',
    );
    expect(result.stdout).toContain(`wrote ${join(dir, "lsc/sda/boot/grub/menu.lst")}`);
  });

  it("writes nothing when any domain's menu is bad", async () => {
    const dir = await testTempDir();
    const result = await cli(["menu", "render", "-i", DENMARK, "--out", dir, "--kernel", "boot/vmlinuz"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^dom0kit: domain horatio: rescueMenu\.entries\[0\]\.kernel: "boot\/vmlinuz" is not absolute/,
    );
    expect(result.stderr).toContain("hint: fix the inventory or the menu options");
    expect(listFiles(dir)).toEqual([]);
  });

  it("refuses a newline smuggled into the kernel arguments", async () => {
    const result = await cli([
      "menu",
      "render",
      "osric",
      "-i",
      DENMARK,
      "--args",
      "console=hvc0\ntitle evil",
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("contains a newline (U+000A)");
  });

  it("explains unknown domains and domains without a menu", async () => {
    const dir = await testTempDir();
    writeFileSync(join(dir, "dom0kit.yaml"), SMALL_INVENTORY);
    expect(await cli(["menu", "render", "hamlet"], dir)).toMatchObject({
      exitCode: 1,
      stderr: "dom0kit: no domain named hamlet in the inventory\nhint: domains with boot menus: ophelia\n",
    });
    expect((await cli(["menu", "render", "yorick"], dir)).stderr).toContain("boots a kernel from dom0");
    const ophelia = await cli(["menu", "render", "ophelia"], dir);
    expect(ophelia.stdout).toContain('kernel = "/usr/lib/xen/boot/pv-grub-x86_32.gz"');
    expect(ophelia.stdout).toContain("'/dev/elsinore/rescue,raw,xvdb,ro'");
  });

  it("rejects an unknown format with exit 2", async () => {
    const result = await cli(["menu", "render", "-i", DENMARK, "--format", "syslinux"]);
    expect(result.exitCode).toBe(2);
  });
});

describe("dom0kit menu check", () => {
  it("shows what each entry boots under pygrub and warns about what it reads differently", async () => {
    const result = await cli(["menu", "check", join(FIELD, "pygrub-menu.lst")]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('pygrub boots entry 0 "centos" by default, timeout 15');
    expect(result.stdout).toContain("       args    console=xvc0 root=LABEL=RESCUE\n");
    expect(result.stdout).toMatch(/:17:1: UNKNOWN_DIRECTIVE: pygrub does not know "ro"/);
  });

  it("exits 1 with the position when pygrub cannot read the menu", async () => {
    const result = await cli(["menu", "check", join(FIELD, "pv-grub-customer-menu.lst")]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /pygrub cannot boot this menu\n {2}GRUB_MENU_SYNTAX: .*pv-grub-customer-menu\.lst:7:6: /,
    );
    expect(result.stderr).toContain("hint: fix the line shown above");
  });

  it("prints the report as JSON", async () => {
    const result = await cli(["--json", "menu", "check", join(FIELD, "pv-grub-rescue-menu.lst")]);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      defaultEntry: number;
      entries: { kernel: string; args: string }[];
    };
    expect(report.ok).toBe(true);
    expect(report.entries[0]).toMatchObject({
      kernel: "/boot/pv-grub-x86_64.gz",
      args: "(hd0,0)/boot/grub/menu.lst",
    });
  });

  it("reads a file as the format asked for", async () => {
    const dir = await testTempDir();
    writeFileSync(join(dir, "menu"), "set default=0\nmenuentry 'Debian' {\n\tlinux /vmlinuz ro\n}\n");
    const result = await cli(["menu", "check", "menu", "--format", "grub.cfg"], dir);
    expect(result.stdout).toContain('(GRUB 2 grub.cfg): pygrub boots entry 0 "Debian" by default');
  });

  it("says so when the file cannot be read", async () => {
    const result = await cli(["menu", "check", "/no/such/menu.lst"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^dom0kit: cannot read \/no\/such\/menu\.lst: /);
  });

  it.each([[["menu"]], [["menu", "render"]], [["menu", "check"]]])("has help for %j", async (path) => {
    const result = await cli([...path, "--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: dom0kit menu/);
  });
});
