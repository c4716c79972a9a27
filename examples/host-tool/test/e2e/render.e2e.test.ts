import { execFile } from "node:child_process";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { readMenusWithPygrub } from "@dom0kit/grub-menu";
import { ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENMARK, dom0kit, suiteTempDir } from "./binary.js";

const run = promisify(execFile);
const XL_CHECK_SOURCE = fileURLToPath(new URL("../support/xl-config-check.c", import.meta.url));
const needs = integrationPrerequisites({
  root: true,
  commands: ["visudo", "gcc", "ip", "tc", "nft", "python3", "ssh-keygen"],
  paths: ["/usr/sbin/sshd", "/usr/lib/xen-4.17/bin/pygrub", "/usr/include/libxlutil.h"],
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe("dom0kit render --out DIR (the built binary)", () => {
  let base: string;
  let out: string;
  let files: string[];
  let remove: () => Promise<void>;

  beforeAll(async () => {
    ({ dir: base, remove } = await suiteTempDir("d0k-render-"));
    out = join(base, "rendered");
    const result = await dom0kit(["render", "-i", DENMARK, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    files = await filesUnder(out);
  });
  afterAll(() => remove());

  it("writes every generated file at its installed path, with its mode", async () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "etc/xen/horatio.cfg",
        "etc/dom0kit/shaping.tc",
        "etc/dom0kit/shaping.nft",
        "etc/sudoers.d/dom0kit-console-alice",
        "home/alice/.ssh/authorized_keys",
        "etc/dom0kit/console/users/alice.json",
        "etc/ssh/sshd_config.d/dom0kit-console.conf",
        "guests/horatio/xvdb/boot/grub/menu.lst",
      ]),
    );
    expect((await stat(join(out, "etc/sudoers.d/dom0kit-console-alice"))).mode & 0o777).toBe(0o440);
    expect((await stat(join(out, "home/alice/.ssh/authorized_keys"))).mode & 0o777).toBe(0o600);
  });

  it("refuses to write into a directory that has files, and leaves it alone", async () => {
    const result = await dom0kit(["render", "-i", DENMARK, "--out", out]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`dom0kit: ${out} is not empty`);
    expect(await filesUnder(out)).toEqual(files);
  });

  describe.skipIf(needs.skip)("the files pass the programs that will read them", () => {
    const namespace = uniqueName("d0kr");
    afterAll(async () => {
      await run("ip", ["netns", "del", namespace]).catch(() => undefined);
    });

    it("domain configs: Xen's own parser (libxlutil) reads each", async () => {
      const checker = join(base, "xl-config-check");
      await run("gcc", ["-O1", "-Wall", "-o", checker, XL_CHECK_SOURCE, "-lxlutil", "-lxenlight"]);
      const configs = files.filter((file) => file.startsWith("etc/xen/")).map((file) => join(out, file));
      expect(configs).toHaveLength(5);
      const { stdout } = await run(checker, configs);
      expect(stdout.trim().split("\n")).toHaveLength(5);
    });

    it("sudoers fragments: visudo -c", async () => {
      const fragments = files.filter((file) => file.startsWith("etc/sudoers.d/"));
      expect(fragments).toHaveLength(4);
      for (const fragment of fragments) {
        await expect(run("visudo", ["-c", "-f", join(out, fragment)])).resolves.toBeDefined();
      }
    });

    it("boot menus: the real pygrub boots every one", async () => {
      const menus = files.filter((file) => file.startsWith("guests/"));
      const readings = await readMenusWithPygrub(
        new ExecaRunner(),
        await Promise.all(
          menus.map(async (file) => ({
            id: file,
            format: file.endsWith("grub.cfg") ? ("grub.cfg" as const) : ("menu.lst" as const),
            text: await readFile(join(out, file), "utf8"),
          })),
        ),
      );
      expect(readings).toHaveLength(menus.length);
      for (const reading of readings) {
        expect(reading.error, reading.id).toBeFalsy();
        const boot = reading.choices?.default;
        expect(boot !== undefined && "kernel" in boot ? boot.kernel : boot, reading.id).toMatch(/^\//);
      }
    });

    it("tc and nft batch files: the kernel takes them in a network namespace with the host's interfaces", async () => {
      await run("ip", ["netns", "add", namespace]);
      const ns = (...argv: string[]) => run("ip", ["netns", "exec", namespace, ...argv]);
      for (const link of ["peth0", "horatio", "osric", "baldr", "lsc", "claudius"]) {
        await ns("ip", "link", "add", link, "type", "veth", "peer", "name", `${link}-p`);
        await ns("ip", "link", "set", link, "up");
      }
      await ns("tc", "-batch", join(out, "etc/dom0kit/shaping.tc"));
      await ns("nft", "-f", join(out, "etc/dom0kit/shaping.nft"));
      const { stdout: classes } = await ns("tc", "class", "show", "dev", "peth0");
      expect(classes.trim().split("\n")).toHaveLength(7);
      const { stdout: map } = await ns("nft", "list", "map", "bridge", "dom0kit", "vif_class");
      expect(map).toContain('"claudius" : d0:91fc');
    });

    it("the sshd drop-in: sshd -t accepts a configuration that includes it", async () => {
      const hostKey = join(base, "host_ed25519");
      await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
      const config = join(base, "sshd_config");
      await writeFile(config, `HostKey ${hostKey}\nInclude ${join(out, "etc/ssh/sshd_config.d")}/*.conf\n`);
      await expect(run("/usr/sbin/sshd", ["-t", "-f", config])).resolves.toBeDefined();
    });
  });
});
