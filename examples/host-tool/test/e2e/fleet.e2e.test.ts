import { existsSync } from "node:fs";
import { access, chmod, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadInventory } from "@dom0kit/inventory";
import { initFromInventory, SimHost, writeShims } from "@dom0kit/sim-host";
import { integrationPrerequisites, startTestSshd, type TestSshd } from "@dom0kit/test-support";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { DENMARK, dom0kit, suiteTempDir } from "./binary.js";

const needs = integrationPrerequisites({
  root: true,
  commands: ["ssh", "ssh-keygen", "useradd", "userdel", "chown"],
  paths: ["/usr/sbin/sshd", "/run/sshd"],
});

/**
 * Not the console area: over ssh:// it verifies the sudo rules by running the
 * menu's --check as each customer, which a simulated dom0 (one identity) cannot;
 * only `--host sim` tells it to skip that check.
 */
const AREAS = ["--only", "config,boot,sched,net,io"];
const SIM_CLI = fileURLToPath(new URL("../../../../packages/sim-host/dist/cli.js", import.meta.url));

interface DenmarkYaml {
  host: { name: string };
  domains: { name: string; network?: { rate?: { in?: string } }[] }[];
  users?: { domains: string[] }[];
}

/** One dom0 of the fleet: a simulated host behind its own sshd. */
interface FleetMember {
  readonly name: string;
  readonly shimDir: string;
  readonly alias: string;
  readonly simDir: string;
  readonly inventory: string;
  readonly domains: readonly string[];
  /** horatio's inbound rate on this host: each host's differs, so each check sees its own sim. */
  readonly horatioIn: string;
  sshd: TestSshd;
}

interface FleetApplyJson {
  status: string;
  parallel: number;
  hosts: {
    name: string;
    target: string;
    status: string;
    changes: number;
    error?: string;
    areas: { area: string; status: string }[];
  }[];
}

interface FleetStatusJson {
  status: string;
  hosts: {
    name: string;
    status: string;
    hostStatus?: { host: string; domains: { name: string; state: string; rateIn?: string }[] };
  }[];
}

/** denmark, renamed, with the last `drop` domains (and the users left without one) removed, horatio's rate changed. */
async function variantInventory(dir: string, name: string, drop: number, rateIn: string): Promise<string> {
  const data = parse(await readFile(DENMARK, "utf8")) as DenmarkYaml;
  data.host.name = name;
  data.domains = data.domains.slice(0, data.domains.length - drop);
  const kept = new Set(data.domains.map((domain) => domain.name));
  data.users = (data.users ?? [])
    .map((user) => ({ ...user, domains: user.domains.filter((domain) => kept.has(domain)) }))
    .filter((user) => user.domains.length > 0);
  const horatio = data.domains.find((domain) => domain.name === "horatio")?.network?.[0]?.rate;
  if (horatio !== undefined) horatio.in = rateIn;
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, stringify(data));
  return file;
}

/**
 * Wraps the `xl` shim so that, while `DIR/hold` exists, `xl create` first
 * touches `DIR/held` and sleeps (the real touch and sleep: `touch` on PATH is
 * the sim's): a real process in the ssh session, mid-apply, that dies with the
 * sshd. (sim-host's `hang` fault does not hang through a shim: the shim's
 * process exits 0 at once, as nothing keeps its event loop alive.)
 */
async function holdableXlCreate(shimDir: string): Promise<void> {
  await rename(join(shimDir, "xl"), join(shimDir, "xl.sim"));
  await writeFile(
    join(shimDir, "xl"),
    [
      "#!/bin/sh",
      `if [ "$1" = create ] && [ -e '${shimDir}/hold' ]; then /usr/bin/touch '${shimDir}/held'; /bin/sleep 600; fi`,
      `exec '${shimDir}/xl.sim' "$@"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
}

async function domainStates(simDir: string): Promise<Map<string, string>> {
  const listed = await (await SimHost.open(simDir)).run({ file: "xl", args: ["list"] });
  return new Map(
    listed.stdout
      .split("\n")
      .slice(1)
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const fields = line.trim().split(/\s+/);
        return [fields[0] ?? "", fields[4] ?? ""] as const;
      }),
  );
}

describe.skipIf(needs.skip)("dom0kit apply|status --fleet: three dom0s behind three real sshds", () => {
  const members: FleetMember[] = [];
  let base: string;
  let remove: () => Promise<void>;
  let fleetFile: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const temp = await suiteTempDir("d0k-fleet-");
    base = temp.dir;
    remove = temp.remove;
    await chmod(base, 0o755); // the sshd users reach their sims inside
    const sshConfig: string[] = [];
    const fleet: { hosts: { name: string; inventory: string; target: string }[] } = { hosts: [] };
    for (const [index, name] of ["dk1", "dk2", "dk3"].entries()) {
      const simDir = join(base, `${name}-sim`);
      const shimDir = join(base, `${name}-bin`);
      const horatioIn = `${String(11 + index)}mbit`;
      const inventoryFile = await variantInventory(base, name, index, horatioIn);
      const inventory = await loadInventory(inventoryFile);
      await initFromInventory(simDir, inventory, { domains: false });
      await writeShims(shimDir, simDir, existsSync(SIM_CLI) ? { cliPath: SIM_CLI } : {});
      await holdableXlCreate(shimDir);
      const sshd = await startTestSshd({ setEnv: { PATH: `${shimDir}:/usr/local/bin:/usr/bin:/bin` } });
      await execa("chown", ["-R", `${sshd.user}:`, simDir, shimDir]);
      const alias = `fleet-${name}`;
      sshConfig.push(
        `Host ${alias}`,
        "  HostName 127.0.0.1",
        `  Port ${String(sshd.port)}`,
        `  User ${sshd.user}`,
        `  IdentityFile ${sshd.identityFile}`,
        "  IdentitiesOnly yes",
        `  UserKnownHostsFile ${sshd.knownHostsFile}`,
        "",
      );
      fleet.hosts.push({ name, inventory: `${name}.yaml`, target: `ssh://${alias}` });
      members.push({
        name,
        alias,
        simDir,
        shimDir,
        inventory: inventoryFile,
        domains: inventory.domains.map((domain) => domain.name),
        horatioIn,
        sshd,
      });
    }
    const configFile = join(base, "ssh_config");
    await writeFile(configFile, sshConfig.join("\n"));
    env = { DOM0KIT_SSH_CONFIG: configFile };
    fleetFile = join(base, "fleet.yaml");
    await writeFile(fleetFile, stringify(fleet));
  });

  afterAll(async () => {
    for (const member of members) await member.sshd.stop();
    await remove?.();
  });

  it("apply --fleet brings every host to its own inventory, with host-prefixed progress and a summary", async () => {
    const result = await dom0kit(["apply", "--fleet", fleetFile, ...AREAS], { env });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    for (const member of members) {
      expect(result.stdout).toMatch(
        new RegExp(`^${member.name} \\| applying on ssh://${member.alias}$`, "m"),
      );
      expect(result.stdout).toMatch(new RegExp(`^${member.name} \\| config: \\d+ changes$`, "m"));
      expect(result.stdout).toMatch(new RegExp(`^${member.name} \\|   ok +start horatio`, "m"));
      expect(result.stdout).toMatch(new RegExp(`^${member.name} \\| done: applied \\d+ changes`, "m"));
      expect(result.stdout).toMatch(new RegExp(`^${member.name} +applied +\\d+ +\\d+\\.\\ds *$`, "m"));
    }
    expect(result.stdout).toMatch(/^HOST +RESULT +CHANGES +TIME +ERROR$/m);
    expect(result.stdout).toMatch(/^3 hosts: 3 applied$/m);
    // Every line is one host's line, the table, or blank: nothing interleaved mid-line.
    for (const line of result.stdout.split("\n"))
      expect(line).toMatch(/^(dk[123] \| .+|HOST .*|dk[123] +applied .*|3 hosts: .*|)$/);

    for (const member of members) {
      const states = await domainStates(member.simDir);
      for (const domain of member.domains) expect(["r-----", "-b----"]).toContain(states.get(domain));
      expect(states.has("claudius")).toBe(member.domains.includes("claudius"));
      const sim = await SimHost.open(member.simDir);
      const qdiscs = (await sim.run({ file: "tc", args: ["qdisc", "show", "dev", "horatio"] })).stdout;
      expect(qdiscs).toContain(`rate ${member.horatioIn.replace("mbit", "Mbit")}`);
    }
  });

  it("apply --fleet again changes nothing anywhere (JSON per host)", async () => {
    const result = await dom0kit(["--json", "apply", "--fleet", fleetFile, ...AREAS], { env });
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as FleetApplyJson;
    expect(report).toMatchObject({ status: "unchanged", parallel: 4 });
    expect(report.hosts.map((host) => [host.name, host.target, host.status, host.changes])).toEqual(
      members.map((member) => [member.name, `ssh://${member.alias}`, "unchanged", 0]),
    );
    expect(report.hosts[0]?.areas.map((area) => area.area)).toEqual(["config", "boot", "sched", "net", "io"]);
  });

  it("status --fleet reads each host through its own sshd", async () => {
    const json = await dom0kit(["--json", "status", "--fleet", fleetFile, "--parallel", "2"], { env });
    expect(json.exitCode).toBe(0);
    const report = JSON.parse(json.stdout) as FleetStatusJson;
    expect(report.status).toBe("succeeded");
    for (const [index, member] of members.entries()) {
      const host = report.hosts[index];
      expect(host).toMatchObject({
        name: member.name,
        status: "succeeded",
        hostStatus: { host: member.name },
      });
      const horatio = host?.hostStatus?.domains.find((domain) => domain.name === "horatio");
      expect(horatio?.rateIn).toBe(member.horatioIn.replace("mbit", "Mbit"));
    }
    const text = await dom0kit(["status", "--fleet", fleetFile], { env });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^== dk1: ssh:\/\/fleet-dk1$/m);
    expect(text.stdout).toMatch(/^dk3 \| 3 of 3 domains up$/m);
    expect(text.stdout).toMatch(/^dk1 +ok +5 of 5 domains up +\d+\.\ds *$/m);
    expect(text.stdout).toMatch(/^3 hosts: 3 read$/m);
  });

  it("an sshd killed mid-apply fails that host with an SSH error; the other two complete", async () => {
    const [dk1, dk2, dk3] = members as [FleetMember, FleetMember, FleetMember];
    for (const member of members) {
      const sim = await SimHost.open(member.simDir);
      await sim.run({ file: "xl", args: ["destroy", "osric"] });
      await execa("chown", ["-R", `${member.sshd.user}:`, member.simDir]); // the sim wrote as root
    }
    await writeFile(join(dk3.shimDir, "hold"), "");
    const running = dom0kit(["--json", "apply", "--fleet", fleetFile, ...AREAS], { env });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const reached = await access(join(dk3.shimDir, "held")).then(
        () => true,
        () => false,
      );
      if (reached) break;
      if (Date.now() > deadline) throw new Error("dk3 never reached xl create");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await dk3.sshd.kill();
    const result = await running;

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("dom0kit: apply --fleet: 1 of 3 hosts did not succeed: dk3 failed");
    const report = JSON.parse(result.stdout) as FleetApplyJson;
    expect(report.status).toBe("failed");
    expect(report.hosts.map((host) => [host.name, host.status])).toEqual([
      ["dk1", "succeeded"],
      ["dk2", "succeeded"],
      ["dk3", "failed"],
    ]);
    expect(report.hosts[2]?.error).toMatch(/^config: step \d+ "start osric" failed: lost the connection to /);
    for (const member of [dk1, dk2])
      expect((await domainStates(member.simDir)).get("osric")).toMatch(/^-b----$/);

    const status = await dom0kit(["status", "--fleet", fleetFile], { env });
    expect(status.exitCode).toBe(1);
    expect(status.stdout).toMatch(/^dk3 \| FAILED: cannot reach fleet-dk3: check that the host is up/m);
    expect(status.stdout).toMatch(/^dk3 +failed +- +\d+\.\ds +cannot reach fleet-dk3/m);
    expect(status.stdout).toMatch(/^dk1 +ok +5 of 5 domains up/m);
    expect(status.stderr).toContain("dom0kit: status --fleet: 1 of 3 hosts did not succeed: dk3 failed");
  }, 150_000);

  it("--fleet with --host is a usage error", async () => {
    const result = await dom0kit(["apply", "--fleet", fleetFile, "--host", "sim"], { env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--fleet cannot be combined with --host");
  });
});
