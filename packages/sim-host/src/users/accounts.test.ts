import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { newSim, sh } from "../../test/helpers/new-sim.js";

const needs = integrationPrerequisites({ commands: ["id", "getent", "find"] });

/** What the real program prints here, for root (the same account on every Debian machine). */
function real(argv: string[], env: NodeJS.ProcessEnv = process.env): { stdout: string; exitCode: number } {
  try {
    return {
      stdout: execFileSync(argv[0] as string, argv.slice(1), { encoding: "utf8", env, stdio: "pipe" }),
      exitCode: 0,
    };
  } catch (error) {
    const failed = error as { stdout: string; status: number };
    return { stdout: failed.stdout, exitCode: failed.status };
  }
}

describe("accounts on the simulated dom0", () => {
  it("answers getent for root as this machine does, and exit 2 for an unknown key", async () => {
    const sim = await newSim();
    for (const argv of [
      ["getent", "passwd", "root"],
      ["getent", "passwd", "0"],
      ["getent", "group", "root"],
      ["getent", "passwd", "root", "no-such-user"],
    ]) {
      const result = await sh(sim, argv);
      expect({ stdout: result.stdout, exitCode: result.exitCode }, argv.join(" ")).toEqual(real(argv));
    }
    expect((await sh(sim, ["getent", "shadow", "root"])).stdout).toBe("root:*:19700:0:99999:7:::\n");
    expect(await sh(sim, ["getent", "frobs"])).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining("Unknown database: frobs") as string,
    });
    expect(await sh(sim, ["getent", "hosts", "x"])).toMatchObject({
      exitCode: 127,
      stderr: "sim-host: getent hosts: not simulated\n",
    });
  });

  it("answers id from the simulated /etc/passwd and /etc/group", async () => {
    const sim = await newSim();
    const root = await sh(sim, ["id", "root"]);
    expect(root.stdout).toBe(real(["id", "root"]).stdout);
    const passwd = (await sim.readFile("/etc/passwd")).toString();
    await sim.writeFile("/etc/passwd", `${passwd}alice:x:1000:1000:Alice:/home/alice:/bin/sh\n`);
    const group = (await sim.readFile("/etc/group")).toString().replace("sudo:x:27:", "sudo:x:27:alice");
    await sim.writeFile("/etc/group", `${group}alice:x:1000:\n`);
    expect((await sh(sim, ["id", "alice"])).stdout).toBe(
      "uid=1000(alice) gid=1000(alice) groups=1000(alice),27(sudo)\n",
    );
    expect((await sh(sim, ["id", "-G", "--", "alice"])).stdout).toBe("1000 27\n");
    expect((await sh(sim, ["id", "-Gn", "alice"])).stdout).toBe("alice sudo\n");
    expect((await sh(sim, ["id", "-u", "alice"])).stdout).toBe("1000\n");
    expect((await sh(sim, ["getent", "passwd", "alice"])).stdout).toBe(
      "alice:x:1000:1000:Alice:/home/alice:/bin/sh\n",
    );
  });

  it.skipIf(needs.skip)("fails id for an unknown user with coreutils' message in either locale", async () => {
    const sim = await newSim();
    for (const locale of ["C", "C.UTF-8"]) {
      const env = { PATH: process.env.PATH ?? "", LC_ALL: locale };
      const argv = ["id", "no-such-user"];
      const simulated = await sh(sim, argv, { env });
      let stderr = "";
      try {
        execFileSync("id", argv.slice(1), { env, stdio: "pipe" });
      } catch (error) {
        stderr = String((error as { stderr: Buffer }).stderr);
      }
      expect({ exitCode: simulated.exitCode, stderr: simulated.stderr }).toEqual({ exitCode: 1, stderr });
    }
  });
});

describe.skipIf(needs.skip)("find on the simulated dom0", () => {
  it("lists simulated paths and prints them as the dom0 sees them", async () => {
    const sim = await newSim();
    await sim.writeFile("/etc/dom0kit/console/users/alice.json", "{}\n");
    await sim.writeFile("/etc/dom0kit/console/users/notes.txt", "\n");
    const names = await sh(sim, [
      "find",
      "/etc/dom0kit/console/users",
      "-mindepth",
      "1",
      "-maxdepth",
      "1",
      "-type",
      "f",
      "-name",
      "*.json",
      "-printf",
      "%f\\n",
    ]);
    expect(names).toMatchObject({ exitCode: 0, stdout: "alice.json\n" });
    const paths = await sh(sim, ["find", "/etc/dom0kit", "-type", "f", "-name", "*.json"]);
    expect(paths.stdout).toBe("/etc/dom0kit/console/users/alice.json\n");
    const missing = await sh(sim, ["find", "/etc/nothing-here"], { env: { LC_ALL: "C" } });
    expect(missing).toMatchObject({
      exitCode: 1,
      stderr: "find: '/etc/nothing-here': No such file or directory\n",
    });
  });

  it("refuses predicates that run programs, delete or match real paths", async () => {
    const sim = await newSim();
    for (const predicate of [
      ["-exec", "rm", "{}", ";"],
      ["-delete"],
      ["-path", "/etc/*"],
      ["-fprint", "/tmp/x"],
    ]) {
      const result = await sh(sim, ["find", "/etc", ...predicate]);
      expect(result.exitCode, predicate[0]).toBe(127);
      expect(result.stderr).toContain(`(find ${predicate[0] as string} is not allowed)`);
    }
  });
});
