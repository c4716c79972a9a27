import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { SimHost } from "@dom0kit/sim-host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENMARK, dom0kit, suiteTempDir } from "./binary.js";

const run = promisify(execFile);
const DOMAINS = ["horatio", "osric", "baldr", "lsc", "claudius"];

interface PlanJson {
  areas: { area: string; notes: string[]; plan: { empty: boolean; steps: { argv: string[] }[] } }[];
}

interface ApplyJson {
  status: string;
  areas: { area: string; status: string; steps: { status: string }[] }[];
}

/** A fresh simulated dom0 with denmark's disks and no domains, in its own directory. */
async function freshHost(base: string): Promise<string> {
  const simDir = join(base, "sim");
  const init = await dom0kit(["sim", "init", "-i", DENMARK, "--no-domains"], { simDir });
  expect(init).toMatchObject({ exitCode: 0 });
  expect(init.stdout).toContain("0 domains running");
  return simDir;
}

describe("dom0kit plan, apply, status on a fresh simulated dom0 (the built binary)", () => {
  let simDir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    const temp = await suiteTempDir("d0k-e2e-");
    remove = temp.remove;
    simDir = await freshHost(temp.dir);
  });
  afterAll(() => remove());

  it("plan prints every area with a heading, and changes nothing", async () => {
    const result = await dom0kit(["plan", "-i", DENMARK], { simDir });
    expect(result.exitCode).toBe(0);
    for (const area of ["config", "boot", "sched", "net", "io", "console"]) {
      expect(result.stdout).toMatch(new RegExp(`^== .+ \\[${area}\\]$`, "m"));
    }
    expect(result.stdout).toContain("xl create /etc/xen/horatio.cfg");
    const listed = await dom0kit(["--host", `sim:${simDir}`, "status", "-i", DENMARK]);
    expect(listed.stdout).toMatch(/^horatio +stopped/m);
  });

  it("plan --json gives each area's plan as data; --only picks areas", async () => {
    const result = await dom0kit(["--json", "plan", "-i", DENMARK, "--only", "config,net"], { simDir });
    expect(result.exitCode).toBe(0);
    const parsed = JSON.parse(result.stdout) as PlanJson;
    expect(parsed.areas.map((area) => area.area)).toEqual(["config", "net"]);
    expect(parsed.areas[0]?.plan.steps.map((step) => step.argv.join(" "))).toContain(
      "xl create /etc/xen/claudius.cfg",
    );
  });

  it("plan --format script is one sh script that sh accepts", async () => {
    const result = await dom0kit(["plan", "-i", DENMARK, "--format", "script"], { simDir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^#!\/bin\/sh/);
    const script = join(simDir, "..", "apply.sh");
    await writeFile(script, result.stdout);
    await expect(run("sh", ["-n", script])).resolves.toBeDefined();
  });

  it("refuses an unknown area with the accepted ones", async () => {
    const result = await dom0kit(["plan", "-i", DENMARK, "--only", "sched,dns"], { simDir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("no area named dns");
    expect(result.stderr).toContain("hint: the areas are config, boot, sched, net, io, console, backup");
  });

  it("apply brings the host to the inventory; applying again changes nothing", async () => {
    const first = await dom0kit(["--json", "apply", "-i", DENMARK], { simDir });
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    const applied = JSON.parse(first.stdout) as ApplyJson;
    expect(applied.status).toBe("succeeded");
    const changed = Object.fromEntries(applied.areas.map((area) => [area.area, area.steps.length]));
    expect(changed.config).toBeGreaterThan(DOMAINS.length);
    expect(changed.net).toBeGreaterThan(0);
    expect(changed.io).toBeGreaterThan(0);
    expect(changed.console).toBeGreaterThan(0);

    const second = await dom0kit(["apply", "-i", DENMARK], { simDir });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain("nothing to change: the host already matches the inventory");
    expect(second.stdout).not.toMatch(/^ +ok /m);
  });

  it("status shows each domain running with its weight, share, vcpus, rates and I/O level", async () => {
    const result = await dom0kit(["status", "-i", DENMARK], { simDir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^denmark \(4 pCPUs\)$/m);
    expect(result.stdout).toMatch(
      /^DOMAIN +STATE +RAM +WEIGHT +GUARANTEED CPU +VCPUS +RATE IN +RATE OUT +I\/O/m,
    );
    expect(result.stdout).toMatch(
      /^horatio +blocked +1024 MiB +1024 +\d+% \(\d+\.\d% of host\) +1 +10Mbit +5Mbit\.\.20Mbit +be\/\d +-$/m,
    );
    const json = await dom0kit(["--json", "status", "-i", DENMARK], { simDir });
    const parsed = JSON.parse(json.stdout) as { domains: { name: string; state: string; weight?: number }[] };
    expect(
      parsed.domains
        .filter((domain) => DOMAINS.includes(domain.name))
        .every((domain) => domain.weight !== undefined),
    ).toBe(true);
  });

  it("plan --only backup shows what backup run would do; status then shows the backup, verified", async () => {
    const planned = await dom0kit(["plan", "-i", DENMARK, "--only", "backup"], { simDir });
    expect(planned.exitCode).toBe(0);
    expect(planned.stdout).toMatch(/^== Backups \(run with dom0kit backup run\) \[backup\]$/m);
    expect(planned.stdout).toMatch(
      /note: baldr: consistent backup of xvda, xvdb and its RAM state into .*\/backups\/var\/backup\/xen\/baldr\/ \(zstd\)/,
    );
    expect(planned.stdout).toMatch(/xl save -p baldr /);

    const refused = await dom0kit(["apply", "-i", DENMARK, "--only", "backup"], { simDir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("hint: back up with dom0kit backup run");

    const backup = await dom0kit(["backup", "run", "baldr", "-i", DENMARK, "--no-progress"], { simDir });
    expect(backup.exitCode, backup.stderr).toBe(0);
    const status = await dom0kit(["--json", "status", "-i", DENMARK], { simDir });
    const parsed = JSON.parse(status.stdout) as {
      domains: { name: string; lastBackup?: { status: string; verified?: string } }[];
    };
    const baldr = parsed.domains.find((domain) => domain.name === "baldr")?.lastBackup;
    expect(baldr?.status).toBe("complete");
    expect(baldr?.verified).toMatch(/^(archive|full) \d{4}-/);
    expect(parsed.domains.find((domain) => domain.name === "horatio")?.lastBackup).toBeUndefined();
  });

  it("a failing step stops apply with exit 1, names the step and what was undone", async () => {
    const host = await SimHost.open(simDir);
    await host.run({ file: "xl", args: ["destroy", "osric"] });
    await host.addFault({
      match: { argvPrefix: ["tc", "-batch"] },
      effect: { kind: "fail", exitCode: 1, stderr: "RTNETLINK answers: No space left on device\n" },
    });
    const result = await dom0kit(["apply", "-i", DENMARK], { simDir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^dom0kit: apply stopped in net: step 1 "apply \d+ tc changes? in one batch" failed: /m,
    );
    expect(result.stderr).toContain("RTNETLINK answers: No space left on device");
    expect(result.stderr).toMatch(/undone: |nothing to undo/);
    expect(result.stderr).toContain("hint: areas before net stay applied");
    expect(result.stdout).toMatch(/^config +\d+ +applied/m);

    const again = await dom0kit(["apply", "-i", DENMARK], { simDir });
    expect(again.exitCode).toBe(0);
    const third = await dom0kit(["apply", "-i", DENMARK], { simDir });
    expect(third.stdout).toContain("nothing to change");
  });
});
