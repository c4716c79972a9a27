import { describe, expect, it } from "vitest";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { newSim, sh } from "../../test/helpers/new-sim.js";

const needs = integrationPrerequisites({ commands: ["visudo", "sshd", "ssh-keygen"] });
const RULE = "alice ALL=(root) NOPASSWD: /usr/sbin/xl console vm1\n";

describe.skipIf(needs.skip)("the real visudo and sshd on the simulated files", () => {
  it("visudo -c -f accepts a good fragment and reports a bad one with the real message", async () => {
    const sim = await newSim();
    await sim.writeFile("/etc/sudoers.d/x.new", RULE);
    expect(await sh(sim, ["visudo", "-c", "-q", "-f", "/etc/sudoers.d/x.new"])).toMatchObject({
      exitCode: 0,
      stdout: "",
    });
    expect((await sh(sim, ["visudo", "-c", "-f", "/etc/sudoers.d/x.new"])).stdout).toBe(
      "/etc/sudoers.d/x.new: parsed OK\n",
    );
    await sim.writeFile("/etc/sudoers.d/bad.new", "alice ALL=(root NOPASSWD: x\n");
    const bad = await sh(sim, ["visudo", "-c", "-f", "/etc/sudoers.d/bad.new"]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("/etc/sudoers.d/bad.new:1:17: syntax error");
    expect(bad.stderr).not.toContain(sim.dir);
    expect((await sh(sim, ["visudo", "-c", "-q", "-f", "/etc/sudoers.d/bad.new"])).exitCode).toBe(1);
    expect(await sh(sim, ["visudo", "-c", "-f", "/etc/nothing"])).toMatchObject({
      exitCode: 1,
      stderr: "visudo: unable to open /etc/nothing: No such file or directory\n",
    });
  });

  it("visudo -c reads the simulated /etc/sudoers.d and checks owners and modes as visudo does", async () => {
    const sim = await newSim();
    expect(await sh(sim, ["visudo", "-c"])).toMatchObject({
      exitCode: 0,
      stdout: "/etc/sudoers: parsed OK\n",
    });
    await sh(sim, ["install", "-m", "0440", "/dev/null", "/etc/sudoers.d/alice"]);
    await sim.run({ file: "dd", args: ["of=/etc/sudoers.d/alice", "status=none"], input: RULE });
    expect((await sh(sim, ["visudo", "-c"])).stdout).toBe(
      "/etc/sudoers: parsed OK\n/etc/sudoers.d/alice: parsed OK\n",
    );
    await sh(sim, ["chmod", "0644", "/etc/sudoers.d/alice"]);
    expect(await sh(sim, ["visudo", "-c"])).toMatchObject({
      exitCode: 1,
      stdout: "/etc/sudoers: parsed OK\n",
      stderr: "/etc/sudoers.d/alice: bad permissions, should be mode 0440\n",
    });
    expect(await sh(sim, ["visudo", "-c", "-q"])).toMatchObject({ exitCode: 1, stdout: "", stderr: "" });
    await sh(sim, ["chmod", "0440", "/etc/sudoers.d/alice"]);
    await sim.writeFile("/etc/sudoers.d/zz", "alice ALL=(root NOPASSWD: x\n");
    const broken = await sh(sim, ["visudo", "-c"]);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toContain("/etc/sudoers.d/zz:1:17: syntax error");
    expect(await sh(sim, ["visudo"])).toMatchObject({ exitCode: 127 });
  });

  it("sshd -t accepts the simulated Debian configuration and rejects a bad drop-in with sshd's message", async () => {
    const sim = await newSim();
    expect(await sh(sim, ["sshd", "-t", "-f", "/etc/ssh/sshd_config"])).toMatchObject({
      exitCode: 0,
      stderr: "",
    });
    await sim.writeFile(
      "/etc/ssh/sshd_config.d/dom0kit-console.conf",
      "Match User alice\n    ForceCommand /usr/bin/node /x.js\n    AllowTcpForwarding no\n",
    );
    expect((await sh(sim, ["/usr/sbin/sshd", "-t"])).exitCode).toBe(0);
    await sim.writeFile(
      "/etc/ssh/sshd_config.d/dom0kit-console.conf",
      "Match User alice\n    NoSuchKeyword yes\n",
    );
    const bad = await sh(sim, ["sshd", "-t", "-f", "/etc/ssh/sshd_config"]);
    expect(bad.exitCode).toBe(255);
    expect(bad.stderr).toContain(
      "/etc/ssh/sshd_config.d/dom0kit-console.conf: line 2: Bad configuration option: NoSuchKeyword",
    );
    expect(bad.stderr).not.toContain(sim.dir);
    expect((await sh(sim, ["sshd", "-D"])).exitCode).toBe(127);
  });
});

describe("setpriv and pkill resolve simulated users", () => {
  it("setpriv reports unknown users as util-linux does, and never runs a program as a customer", async () => {
    const sim = await newSim();
    await sh(sim, ["useradd", "alice"]);
    expect(await sh(sim, ["setpriv", "--reuid", "nosuch", "--regid", "nosuch", "--", "true"])).toMatchObject({
      exitCode: 1,
      stderr: "setpriv: failed to parse reuid: 'nosuch'\n",
    });
    expect(await sh(sim, ["setpriv", "--reuid", "4242", "--init-groups", "--", "true"])).toMatchObject({
      exitCode: 1,
      stderr: "setpriv: uid 4242 not found, --init-groups requires an user that can be found on the system\n",
    });
    const as = await sh(sim, [
      "setpriv",
      "--reuid",
      "alice",
      "--regid",
      "alice",
      "--init-groups",
      "--",
      "/usr/bin/id",
    ]);
    expect(as.exitCode).toBe(127);
    expect(as.stderr).toContain("cannot run /usr/bin/id as alice");
  });

  it("pkill --uid finds no process of a customer (exit 1) and rejects an unknown user (exit 2)", async () => {
    const sim = await newSim();
    await sh(sim, ["useradd", "alice"]);
    expect((await sh(sim, ["pkill", "--signal", "KILL", "--uid", "alice"])).exitCode).toBe(1);
    expect(await sh(sim, ["pkill", "--signal", "KILL", "--uid", "nosuch"])).toMatchObject({
      exitCode: 2,
      stderr: "pkill: invalid user name: nosuch\n",
    });
    expect((await sh(sim, ["pkill", "--uid", "root"])).exitCode).toBe(127);
  });
});
