import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ExecaRunner,
  type Command as RunnerCommand,
  type CommandRunner,
  type RunOptions,
  type RunResult,
  type StreamingRun,
  type StreamOptions,
} from "@dom0kit/runner";
import { integrationPrerequisites, uniqueName } from "@dom0kit/test-support";
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliContext } from "../src/context.js";
import { createProgram } from "../src/program.js";

const needs = integrationPrerequisites({ root: true, commands: ["ip", "tc", "nft"] });
const host = new ExecaRunner();

/** Runs every command inside a network namespace: the CLI's "local host" for these tests. */
class NamespaceRunner implements CommandRunner {
  constructor(readonly namespace: string) {}
  #wrap(command: RunnerCommand): RunnerCommand {
    return { ...command, file: "ip", args: ["netns", "exec", this.namespace, command.file, ...command.args] };
  }
  async run(command: RunnerCommand, options?: RunOptions): Promise<RunResult> {
    return { ...(await host.run(this.#wrap(command), options)), command };
  }
  stream(pipeline: RunnerCommand | readonly RunnerCommand[], options?: StreamOptions): StreamingRun {
    const list = Array.isArray(pipeline)
      ? (pipeline as readonly RunnerCommand[])
      : [pipeline as RunnerCommand];
    return host.stream(
      list.map((command) => this.#wrap(command)),
      options,
    );
  }
}

/** The CLI's context with the host runner pointed into the test's dom0 namespace. */
class NamespaceContext extends CliContext {
  constructor(
    readonly runner: CommandRunner,
    io: CliContext["io"],
  ) {
    super(io, new AbortController().signal);
  }
  override hostRunner(_command: Command): CommandRunner {
    return this.runner;
  }
}

describe.skipIf(needs.skip)("dom0kit net against a dom0 network in a namespace", () => {
  const dom0 = uniqueName("tcbcli");
  const peers = [`${dom0}-a`, `${dom0}-b`, `${dom0}-n`];
  let inventory: string;
  let dir: string;
  let before: string;

  async function cli(argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const io = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
      cwd: process.cwd(),
    };
    const program = createProgram(new NamespaceContext(new NamespaceRunner(dom0), io));
    try {
      await program.parseAsync(["-i", inventory, ...argv], { from: "user" });
      return { exitCode: 0, stdout, stderr };
    } catch (error) {
      return { exitCode: 1, stdout, stderr: `${stderr}${(error as Error).message}` };
    }
  }
  const qdiscs = async (): Promise<string> =>
    (await host.run({ file: "ip", args: ["netns", "exec", dom0, "tc", "-j", "qdisc", "show"] })).stdout;

  beforeAll(async () => {
    for (const namespace of [dom0, ...peers])
      await host.run({ file: "ip", args: ["netns", "add", namespace] });
    const ip = (...args: string[]) => host.run({ file: "ip", args: ["-n", dom0, ...args] });
    await ip("link", "add", "xenbr0", "type", "bridge");
    await ip("link", "set", "xenbr0", "up");
    for (const [port, peer] of [
      ["vm-a", peers[0]],
      ["vm-b", peers[1]],
      ["peth0", peers[2]],
    ] as const) {
      await ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", peer ?? "");
      await ip("link", "set", port, "master", "xenbr0", "up");
    }
    dir = await mkdtemp(join(tmpdir(), "dom0kit-net-"));
    inventory = join(dir, "dom0kit.yaml");
    await writeFile(
      inventory,
      [
        "host:",
        "  name: test",
        "  cpus: 2",
        "  memory: 4096",
        "  network: { interface: peth0, uplink: 100mbit }",
        "domains:",
        "  - name: vm-a",
        "    memory: 256",
        "    disks: [{ source: /dev/vg/vm-a, vdev: xvda, size: 1G }]",
        "    network: [{ vifname: vm-a, mac: 00:16:3e:00:00:0a, ips: [10.9.0.1], rate: { in: 4mbit, out: 2mbit, ceil: 8mbit } }]",
        "    boot: { loader: pygrub, rescue: false }",
        "    backup: { enabled: false }",
        "  - name: vm-b",
        "    memory: 256",
        "    disks: [{ source: /dev/vg/vm-b, vdev: xvda, size: 1G }]",
        "    network: [{ vifname: vm-b, mac: 00:16:3e:00:00:0b, ips: [10.9.0.2] }]",
        "    boot: { loader: pygrub, rescue: false }",
        "    backup: { enabled: false }",
        "",
      ].join("\n"),
    );
    before = await qdiscs();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const namespace of [dom0, ...peers])
      await host.run({ file: "ip", args: ["netns", "del", namespace], okExitCodes: [0, 1] });
  });

  it("detects the strategies the kernel has", async () => {
    const result = await cli(["--json", "net", "detect"]);
    const support = JSON.parse(result.stdout) as { strategy: string; available: boolean }[];
    expect(support.find((each) => each.strategy === "nft")?.available).toBe(true);
    expect(support.find((each) => each.strategy === "fw")?.available).toBe(false);
  });

  it("applies, shows, re-applies with nothing to change, and tears down to the state before", async () => {
    const dry = await cli(["--dry-run", "net", "apply"]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("would run: tc -batch -");
    expect(dry.stdout).toMatch(/would apply \d+ changes in 2 commands \(nft classification\)/u);
    expect(await qdiscs()).toBe(before);

    const applied = await cli(["net", "apply"]);
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^applied \d+ changes in 2 commands \(nft classification\)\n$/u);

    const shown = await cli(["--json", "net", "show"]);
    const status = JSON.parse(shown.stdout) as {
      domains: {
        name: string;
        in: { live?: { rate: number } };
        out: { live?: { rate: number; ceil: number }; inSync: boolean };
      }[];
    };
    expect(status.domains[0]).toMatchObject({
      name: "vm-a",
      in: { live: { rate: 500_000 } },
      out: { live: { rate: 250_000, ceil: 1_000_000 }, inSync: true },
    });
    expect(status.domains[1]?.out.live).toBeUndefined();
    const table = await cli(["net", "show"]);
    expect(table.stdout).toMatch(
      /vm-a\s+vm-a\s+d0:[0-9a-f]+\s+4Mbit → 4Mbit\s+\d+B \d+p 0d\s+2Mbit\/8Mbit → 2Mbit\/8Mbit/u,
    );

    expect((await cli(["net", "apply"])).stdout).toBe(
      "nothing to change: peth0 and the vifs already match the inventory (nft)\n",
    );
    expect((await cli(["net", "plan"])).stdout).toBe(
      "nothing to change: the host already matches the inventory\n",
    );

    const removed = await cli(["net", "teardown"]);
    expect(removed.stdout).toMatch(/^removed 3 of dom0kit's objects in 2 commands\n$/u);
    expect(await qdiscs()).toBe(before);
  });
});
