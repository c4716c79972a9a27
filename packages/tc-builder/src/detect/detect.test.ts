import { ScriptedRunner, type Command } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { ShapingConflictError } from "../errors.js";
import { chooseStrategy, detectStrategies } from "./detect-strategies.js";
import { hzFromConfig, readKernelHz } from "./kernel-hz.js";
import { parseTcBatchErrors } from "./tc-batch-errors.js";

describe("parseTcBatchErrors", () => {
  it("classifies each failed line of tc -force -batch", () => {
    const stderr = [
      "Error: TC classifier not found.",
      "We have an error talking to the kernel",
      "Command failed -:4",
      'What is "clasid"?',
      "Usage: ... fw [ classid CLASSID ] [ indev DEV ] [ action ACTION_SPEC ]",
      "Command failed -:5",
      'Cannot find device "vif9.0"',
      "Command failed -:6",
      "Error: Specified qdisc kind is unknown.",
      "Command failed -:7",
      "Error: Exclusivity flag on, cannot modify.",
      "Command failed /tmp/shape.tc:8",
      "",
    ].join("\n");
    expect(parseTcBatchErrors(stderr).map((failure) => [failure.line, failure.kind])).toEqual([
      [4, "classifier-missing"],
      [5, "syntax"],
      [6, "device-missing"],
      [7, "qdisc-missing"],
      [8, "kernel"],
    ]);
  });

  it("finds nothing in a clean run", () => {
    expect(parseTcBatchErrors("")).toEqual([]);
  });
});

function probeRunner(results: Partial<Record<string, { exitCode: number; stderr: string }>>): ScriptedRunner {
  const runner = new ScriptedRunner({ ordered: false });
  const programs = [
    "tc",
    "nft",
    "iptables-restore",
    "ip6tables-restore",
    "iptables-restore",
    "ip6tables-restore",
  ];
  programs.forEach((program, index) => {
    const key = index >= 4 ? `${program}:mark` : program;
    runner.expect(
      (command: Command) =>
        command.file === "unshare" &&
        command.args[2] === program &&
        index >= 4 === String(command.input).includes("MARK"),
      results[key] ?? { exitCode: 0, stderr: "" },
    );
  });
  return runner;
}

describe("detectStrategies", () => {
  it("reports the fw strategy unavailable on a kernel without cls_fw, with the reason", async () => {
    const runner = probeRunner({
      tc: {
        exitCode: 1,
        stderr:
          "Error: TC classifier not found.\nWe have an error talking to the kernel\nCommand failed -:4\n",
      },
    });
    const support = await detectStrategies(runner);
    runner.verify();
    expect(support.map((each) => [each.strategy, each.available])).toEqual([
      ["nft", true],
      ["classify", true],
      ["u32", true],
      ["fw", false],
    ]);
    expect(support[3]?.reason).toBe(
      "the kernel has no fw classifier (cls_fw) (tc: Error: TC classifier not found. We have an error talking to the kernel)",
    );
    expect(chooseStrategy(support)).toBe("nft");
    expect(() => chooseStrategy(support, "fw")).toThrow(ShapingConflictError);
  });

  it("falls back to iptables when nft refuses the bridge table", async () => {
    const support = await detectStrategies(
      probeRunner({
        nft: { exitCode: 1, stderr: "Error: Could not process rule: No such file or directory\n" },
      }),
    );
    expect(support[0]).toMatchObject({
      strategy: "nft",
      available: false,
      reason: expect.stringContaining("nft refused the bridge table") as string,
    });
    expect(chooseStrategy(support)).toBe("classify");
  });

  it("says so when it cannot probe at all", async () => {
    const runner = new ScriptedRunner({ ordered: false });
    for (let index = 0; index < 6; index += 1) {
      runner.expect((command: Command) => command.file === "unshare", {
        exitCode: 1,
        stderr: "unshare: unshare failed: Operation not permitted\n",
      });
    }
    const support = await detectStrategies(runner);
    expect(support.every((each) => each.available === undefined)).toBe(true);
    expect(support[0]?.reason).toContain(
      "could not probe tc: unshare: unshare failed: Operation not permitted",
    );
    expect(chooseStrategy(support)).toBe("nft");
  });
});

describe("readKernelHz", () => {
  it("reads CONFIG_HZ from /proc/config.gz", async () => {
    const runner = new ScriptedRunner().expect(["zcat", "/proc/config.gz"], {
      stdout: "CONFIG_HZ_1000=y\nCONFIG_HZ=1000\n",
    });
    expect(await readKernelHz(runner)).toEqual({ hz: 1000, source: "/proc/config.gz" });
  });

  it("falls back to /boot/config-$(uname -r), then to 250", async () => {
    const runner = new ScriptedRunner()
      .expect(["zcat", "/proc/config.gz"], {
        exitCode: 1,
        stderr: "gzip: /proc/config.gz: No such file or directory",
      })
      .expect(["uname", "-r"], { stdout: "6.1.0-13-amd64\n" })
      .expect(["cat", "/boot/config-6.1.0-13-amd64"], {
        stdout: "# CONFIG_HZ_1000 is not set\nCONFIG_HZ=250\n",
      });
    expect(await readKernelHz(runner)).toEqual({ hz: 250, source: "/boot/config-6.1.0-13-amd64" });
    expect(hzFromConfig("CONFIG_HZ_PERIODIC=y\n")).toBeUndefined();
  });
});
