import { describe, expect, it } from "vitest";
import { fakeClock, newSim, sh } from "../../test/helpers/new-sim.js";

const CUSTOMER = [
  "useradd",
  "--comment",
  "dom0kit console customer",
  "--home-dir",
  "/home/alice",
  "--no-create-home",
  "--shell",
  "/bin/sh",
  "--user-group",
  "--password",
  "*",
  "--",
  "alice",
];

describe("useradd, usermod and userdel on the simulated dom0", () => {
  it("creates a customer account as Debian's useradd does, and keeps it in the state directory", async () => {
    const sim = await newSim({}, fakeClock().now);
    expect(await sh(sim, CUSTOMER)).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect((await sh(sim, ["getent", "passwd", "alice"])).stdout).toBe(
      "alice:x:1000:1000:dom0kit console customer:/home/alice:/bin/sh\n",
    );
    expect((await sh(sim, ["getent", "group", "alice"])).stdout).toBe("alice:x:1000:\n");
    expect((await sh(sim, ["getent", "shadow", "alice"])).stdout).toBe("alice:*:19737:0:99999:7:::\n");
    expect((await sh(sim, ["useradd", "bob"])).exitCode).toBe(0);
    expect((await sh(sim, ["id", "bob"])).stdout).toBe("uid=1001(bob) gid=1001(bob) groups=1001(bob)\n");
    expect((await sh(sim, ["getent", "shadow", "bob"])).stdout).toMatch(/^bob:!:/);
    expect((await sh(sim, ["getent", "passwd", "bob"])).stdout).toBe("bob:x:1001:1001::/home/bob:/bin/sh\n");
  });

  it("refuses what shadow refuses, with its messages and exit codes", async () => {
    const sim = await newSim();
    await sh(sim, CUSTOMER);
    expect(await sh(sim, CUSTOMER)).toMatchObject({
      exitCode: 9,
      stderr: "useradd: user 'alice' already exists\n",
    });
    expect(await sh(sim, ["useradd", "--", "Bad Name"])).toMatchObject({
      exitCode: 3,
      stderr: "useradd: invalid user name 'Bad Name': use --badname to ignore\n",
    });
    expect(await sh(sim, ["useradd", "-g", "nosuch", "carol"])).toMatchObject({
      exitCode: 6,
      stderr: "useradd: group 'nosuch' does not exist\n",
    });
    expect(await sh(sim, ["useradd", "-u", "1000", "carol"])).toMatchObject({
      exitCode: 4,
      stderr: "useradd: UID 1000 is not unique\n",
    });
    expect((await sh(sim, ["useradd", "--bogus", "carol"])).exitCode).toBe(2);
    await sim.writeFile("/etc/group", `${(await sim.readFile("/etc/group")).toString()}dave:x:2000:\n`);
    expect(await sh(sim, ["useradd", "dave"])).toMatchObject({
      exitCode: 9,
      stderr: "useradd: group dave exists - if you want to add this user to that group, use -g.\n",
    });
    expect((await sh(sim, ["getent", "passwd", "carol"])).exitCode).toBe(2);
  });

  it("usermod corrects shell, home, password and groups; an unknown user or group fails with exit 6", async () => {
    const sim = await newSim();
    await sh(sim, CUSTOMER);
    expect((await sh(sim, ["usermod", "-G", "sudo,adm", "--", "alice"])).exitCode).toBe(0);
    expect((await sh(sim, ["id", "-Gn", "alice"])).stdout).toBe("alice adm sudo\n");
    expect((await sh(sim, ["usermod", "--groups", "", "--", "alice"])).exitCode).toBe(0);
    expect((await sh(sim, ["id", "-G", "alice"])).stdout).toBe("1000\n");
    await sh(sim, [
      "usermod",
      "--shell",
      "/bin/bash",
      "--home",
      "/srv/alice",
      "--password",
      "secret",
      "alice",
    ]);
    expect((await sh(sim, ["getent", "passwd", "alice"])).stdout).toBe(
      "alice:x:1000:1000:dom0kit console customer:/srv/alice:/bin/bash\n",
    );
    expect((await sh(sim, ["getent", "shadow", "alice"])).stdout).toMatch(/^alice:secret:/);
    await sh(sim, ["usermod", "-L", "alice"]);
    expect((await sh(sim, ["getent", "shadow", "alice"])).stdout).toMatch(/^alice:!secret:/);
    expect(await sh(sim, ["usermod", "alice"])).toMatchObject({
      exitCode: 0,
      stdout: "usermod: no changes\n",
    });
    expect(await sh(sim, ["usermod", "--shell", "/bin/sh", "--", "nosuch"])).toMatchObject({
      exitCode: 6,
      stderr: "usermod: user 'nosuch' does not exist\n",
    });
    expect(await sh(sim, ["usermod", "-G", "nosuchgrp", "alice"])).toMatchObject({
      exitCode: 6,
      stderr: "usermod: group 'nosuchgrp' does not exist\n",
    });
  });

  it("userdel removes the account, its group and its memberships", async () => {
    const sim = await newSim();
    await sh(sim, CUSTOMER);
    await sh(sim, ["usermod", "-G", "sudo", "alice"]);
    const before = (await sim.readFile("/etc/group")).toString();
    expect(before).toContain("sudo:x:27:alice");
    expect((await sh(sim, ["userdel", "--", "alice"])).exitCode).toBe(0);
    expect((await sh(sim, ["getent", "passwd", "alice"])).exitCode).toBe(2);
    expect((await sh(sim, ["getent", "shadow", "alice"])).exitCode).toBe(2);
    expect((await sh(sim, ["getent", "group", "alice"])).exitCode).toBe(2);
    expect((await sim.readFile("/etc/group")).toString()).toContain("sudo:x:27:\n");
    expect(await sh(sim, ["userdel", "alice"])).toMatchObject({
      exitCode: 6,
      stderr: "userdel: user 'alice' does not exist\n",
    });
  });
});
