import { ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { readMenusWithPygrub } from "@dom0kit/grub-menu";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;
const needs = integrationPrerequisites({
  commands: ["python3"],
  paths: ["/usr/lib/xen-4.17/bin/pygrub", "/usr/lib/xen-4.17/lib/python/grub/GrubConf.py"],
});

interface Rendered {
  domains: {
    domain: string;
    files: { role: string; format: "menu.lst" | "grub.cfg"; text: string }[];
  }[];
}

describe.skipIf(needs.skip)("dom0kit menu render, through the real pygrub", () => {
  it.each([["menu.lst"], ["grub.cfg"]])(
    "every %s menu for the example host boots what it says",
    async (format) => {
      let stdout = "";
      const exitCode = await runCli(["--json", "menu", "render", "-i", DENMARK, "--format", format], {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: () => true },
        env: {},
        cwd: process.cwd(),
      });
      expect(exitCode).toBe(0);
      const rendered = JSON.parse(stdout) as Rendered;
      const files = rendered.domains.flatMap((domain) =>
        domain.files.map((file) => ({
          id: `${domain.domain}:${file.role}`,
          format: file.format,
          text: file.text,
          entries: ["rescue-disk"], // as with pygrub --entry rescue-disk
        })),
      );
      const readings = await readMenusWithPygrub(new ExecaRunner(), files);
      const defaults = Object.fromEntries(readings.map((reading) => [reading.id, reading.choices?.default]));
      expect(readings.every((reading) => reading.error === undefined && reading.warnings.length === 0)).toBe(
        true,
      );
      expect(defaults["horatio:rescue-menu"]).toEqual({
        index: 0,
        kernel: "/boot/pv-grub-x86_64.gz",
        ramdisk: null,
        args: "(hd0,0)/boot/grub/menu.lst",
      });
      expect(defaults["baldr:rescue-menu"]).toMatchObject({ kernel: "/boot/pv-grub-x86_32.gz" });
      expect(defaults["osric:boot-menu"]).toEqual({
        index: 0,
        kernel: "/boot/vmlinuz",
        ramdisk: "/boot/initrd.img",
        args: "root=/dev/xvdb ro console=hvc0",
      });
      for (const domain of ["osric", "lsc", "claudius"]) {
        const reading = readings.find((each) => each.id === `${domain}:boot-menu`);
        expect(reading?.choices?.["rescue-disk"]).toMatchObject({
          index: 1,
          args: "console=hvc0 root=LABEL=RESCUE ro",
        });
      }
    },
  );
});
