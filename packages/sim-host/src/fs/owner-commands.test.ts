import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { newSim, sh } from "../../test/helpers/new-sim.js";
import { applyMode, compileMode, symbolicMode } from "./mode-bits.js";

const OWNER = ["--printf=%F:%a:%U:%G\\n"];

async function withCustomer() {
  const sim = await newSim();
  await sh(sim, ["useradd", "--user-group", "--", "alice"]);
  return sim;
}

describe("install, chown, chmod and stat on the simulated dom0", () => {
  it("install -d makes missing parents 0755 and gives the last directory its owner and mode", async () => {
    const sim = await withCustomer();
    const made = await sh(sim, [
      "install",
      "-d",
      "-m",
      "0750",
      "-o",
      "root",
      "-g",
      "alice",
      "--",
      "/srv/a/b",
    ]);
    expect(made).toMatchObject({ exitCode: 0, stderr: "" });
    expect((await sh(sim, ["stat", ...OWNER, "--", "/srv/a", "/srv/a/b"])).stdout).toBe(
      "directory:755:root:root\ndirectory:750:root:alice\n",
    );
    await sim.writeFile("/srv/file", "x");
    expect(await sh(sim, ["install", "-d", "/srv/file"], { env: { LC_ALL: "C" } })).toMatchObject({
      exitCode: 1,
      stderr: "install: cannot create directory '/srv/file': File exists\n",
    });
  });

  it("install SOURCE DEST copies with owner and mode; bad users, groups, modes and parents fail as coreutils", async () => {
    const sim = await withCustomer();
    const args = ["-m", "0600", "-o", "alice", "-g", "alice", "/dev/null", "/srv/x.new"];
    expect(await sh(sim, ["install", ...args])).toMatchObject({ exitCode: 1 });
    await sh(sim, ["install", "-d", "/srv"]);
    expect((await sh(sim, ["install", ...args])).exitCode).toBe(0);
    expect((await sh(sim, ["stat", ...OWNER, "/srv/x.new"])).stdout).toBe(
      "regular empty file:600:alice:alice\n",
    );
    const env = { env: { LC_ALL: "C" } };
    expect(await sh(sim, ["install", "-o", "nosuch", "/dev/null", "/tmp/y"], env)).toMatchObject({
      exitCode: 1,
      stderr: "install: invalid user 'nosuch'\n",
    });
    expect(await sh(sim, ["install", "-g", "nosuch", "/dev/null", "/tmp/y"], env)).toMatchObject({
      exitCode: 1,
      stderr: "install: invalid group 'nosuch'\n",
    });
    expect(await sh(sim, ["install", "-m", "999", "/dev/null", "/tmp/y"], env)).toMatchObject({
      exitCode: 1,
      stderr: "install: invalid mode '999'\n",
    });
    expect(await sh(sim, ["install", "/dev/null", "/nodir/x"], env)).toMatchObject({
      exitCode: 1,
      stderr: "install: cannot create regular file '/nodir/x': No such file or directory\n",
    });
    expect((await sh(sim, ["install"], env)).stderr).toBe(
      "install: missing file operand\nTry 'install --help' for more information.\n",
    );
  });

  it("an owner follows the file through mv and ln, and a new file at a removed one's path is root's", async () => {
    const sim = await withCustomer();
    await sh(sim, ["install", "-m", "0640", "-o", "root", "-g", "alice", "/dev/null", "/etc/a.new"]);
    expect((await sh(sim, ["mv", "-f", "-T", "--", "/etc/a.new", "/etc/a"])).exitCode).toBe(0);
    expect((await sh(sim, ["ln", "-f", "--", "/etc/a", "/etc/a.old"])).exitCode).toBe(0);
    expect((await sh(sim, ["stat", ...OWNER, "/etc/a", "/etc/a.old"])).stdout).toBe(
      "regular empty file:640:root:alice\nregular empty file:640:root:alice\n",
    );
    await sh(sim, ["rm", "-f", "--", "/etc/a", "/etc/a.old"]);
    expect((await sim.run({ file: "dd", args: ["of=/etc/a", "status=none"], input: "new\n" })).exitCode).toBe(
      0,
    );
    expect((await sh(sim, ["stat", "-c", "%U:%G", "/etc/a"])).stdout).toBe("root:root\n");
  });

  it("chown and chmod change what stat reports; errors as coreutils prints them", async () => {
    const sim = await withCustomer();
    await sim.writeFile("/etc/f", "x");
    expect((await sh(sim, ["chown", "alice:alice", "--", "/etc/f"])).exitCode).toBe(0);
    expect((await sh(sim, ["chmod", "0440", "--", "/etc/f"])).exitCode).toBe(0);
    expect((await sh(sim, ["stat", ...OWNER, "/etc/f"])).stdout).toBe("regular file:440:alice:alice\n");
    await sh(sim, ["chmod", "u+w,o+r", "/etc/f"]);
    await sh(sim, ["chown", "root:", "/etc/f"]);
    expect((await sh(sim, ["stat", "-c", "%A %u %g", "/etc/f"])).stdout).toBe("-rw-r--r-- 0 0\n");
    const env = { env: { LC_ALL: "C" } };
    expect(await sh(sim, ["chown", "nosuch:root", "/etc/f"], env)).toMatchObject({
      exitCode: 1,
      stderr: "chown: invalid user: 'nosuch:root'\n",
    });
    expect(await sh(sim, ["chown", "root:nosuch", "/etc/f"], env)).toMatchObject({
      exitCode: 1,
      stderr: "chown: invalid group: 'root:nosuch'\n",
    });
    expect(await sh(sim, ["chown", "root", "/nofile"], env)).toMatchObject({
      exitCode: 1,
      stderr: "chown: cannot access '/nofile': No such file or directory\n",
    });
    expect(await sh(sim, ["chmod", "0999", "/etc/f"], env)).toMatchObject({
      exitCode: 1,
      stderr: "chmod: invalid mode: '0999'\nTry 'chmod --help' for more information.\n",
    });
    expect((await sh(sim, ["chmod", "644"], env)).stderr).toBe(
      "chmod: missing operand after '644'\nTry 'chmod --help' for more information.\n",
    );
    expect(await sh(sim, ["stat", "/nofile"], env)).toMatchObject({
      exitCode: 1,
      stderr: "stat: cannot statx '/nofile': No such file or directory\n",
    });
  });

  it("stat prints what the real stat prints for a file the simulated root owns", async () => {
    const sim = await newSim();
    await sim.writeFile("/etc/motd", "hello\n");
    const hostPath = `${sim.dir}/root/etc/motd`;
    for (const format of [
      "%F:%a:%A:%s:%h:%i:%b:%B:%o:%f",
      "%n %N %y %Y %z %x %d %D %Hd,%Ld",
      "%-8s|%08s|%.3F|%%|%w",
    ]) {
      const real = execFileSync("stat", ["-c", format, hostPath], { encoding: "utf8" });
      const simulated = await sh(sim, ["stat", "-c", format, "/etc/motd"]);
      expect(simulated.stdout, format).toBe(real.split(hostPath).join("/etc/motd"));
    }
    const real = execFileSync("stat", [hostPath], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
    const simulated = await sh(sim, ["stat", "/etc/motd"], { env: { LC_ALL: "C" } });
    expect(simulated.stdout).toBe(real.split(hostPath).join("/etc/motd"));
  });

  it("refuses ls -l and find tests of owners, which would show the real ones", async () => {
    const sim = await newSim();
    for (const argv of [
      ["ls", "-l", "/etc"],
      ["find", "/etc", "-user", "root"],
      ["find", "/etc", "-printf", "%u %m\\n"],
    ]) {
      const result = await sh(sim, argv);
      expect(result.exitCode, argv.join(" ")).toBe(127);
      expect(result.stderr).toContain("owners and modes are simulated");
    }
    expect((await sh(sim, ["ls", "/etc"])).exitCode).toBe(0);
  });
});

describe("GNU mode arithmetic", () => {
  it("agrees with the real chmod on a range of modes", async () => {
    const sim = await newSim();
    await sim.writeFile("/probe", "");
    const hostPath = `${sim.dir}/root/probe`;
    for (const mode of [
      "0440",
      "u+x,go-w",
      "a=r",
      "g=u",
      "u=rwx,g=rx,o=",
      "+t",
      "-w",
      "=640",
      "o+X",
      "ug+s",
    ]) {
      execFileSync("chmod", ["0644", hostPath]);
      execFileSync("chmod", ["--", mode, hostPath]);
      const real = execFileSync("stat", ["-c", "%a", hostPath], { encoding: "utf8" }).trim();
      const compiled = compileMode(mode);
      expect(compiled, mode).toBeDefined();
      expect(applyMode(compiled!, 0o644, false).toString(8), mode).toBe(real);
    }
    expect(compileMode("u+q")).toBeUndefined();
    expect(compileMode("0999")).toBeUndefined();
    expect(symbolicMode(0o100000, 0o4755)).toBe("-rwsr-xr-x");
    expect(symbolicMode(0o040000, 0o1777)).toBe("drwxrwxrwt");
  });
});
