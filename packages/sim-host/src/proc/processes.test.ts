import { describe, expect, it } from "vitest";
import { newSim, sh, startGuest } from "../../test/helpers/new-sim.js";

async function backendPid(sim: Awaited<ReturnType<typeof newSim>>, comm: string): Promise<number> {
  const listing = (await sh(sim, ["ps", "-e", "-o", "pid=,comm="])).stdout;
  const line = listing.split("\n").find((each) => each.trim().endsWith(` ${comm}`));
  if (line === undefined) throw new Error(`no process ${comm} in\n${listing}`);
  return Number(line.trim().split(/\s+/)[0]);
}

describe("ps and ionice on the simulated dom0", () => {
  it("lists a blkback thread per raw disk of each running guest, under kthreadd", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    const ps = await sh(sim, ["ps", "-e", "-o", "pid,ppid,comm,args"]);
    expect(ps.stdout.split("\n")[0]).toBe("    PID    PPID COMMAND         COMMAND");
    expect(ps.stdout).toMatch(/^\s+\d+\s+2 1\.xvda-0\s+\[1\.xvda-0\]$/m);
    expect((await sh(sim, ["ps", "-C", "1.xvda-0", "-o", "comm="])).stdout).toBe("1.xvda-0\n");
    await sh(sim, ["xl", "destroy", "vm1"]);
    expect((await sh(sim, ["ps", "-e", "-o", "comm="])).stdout).not.toContain("1.xvda-0");
  });

  it("lists each process's one thread with -L, and what ionice-mapper's ps reader asks for", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    const pid = await backendPid(sim, "1.xvda-0");
    expect((await sh(sim, ["ps", "-L", "-o", "lwp=", "-p", String(pid)])).stdout.trim()).toBe(String(pid));
    expect((await sh(sim, ["ps", "-e", "-o", "pid=,ppid=,ni=,args="])).stdout).toMatch(
      new RegExp(`^ +${String(pid)} +2 +0 \\[1\\.xvda-0\\]$`, "m"),
    );
  });

  it("gives a qemu process to guests with non-raw images", async () => {
    const sim = await newSim();
    await sim.writeFile("/var/lib/xen/images/vm2.qcow2", Buffer.alloc(4096));
    await sim.writeFile(
      "/etc/xen/vm2.cfg",
      'name = "vm2"\nmemory = 256\ndisk = [ "/var/lib/xen/images/vm2.qcow2,qcow2,xvda,w" ]\n',
    );
    expect((await sh(sim, ["xl", "create", "/etc/xen/vm2.cfg"])).exitCode).toBe(0);
    expect((await sh(sim, ["ps", "-e", "-o", "args="])).stdout).toContain(
      "/usr/bin/qemu-system-i386 -xen-domid 1 ",
    );
  });

  it("sets and shows I/O priorities of backend pids as util-linux ionice does", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await startGuest(sim, "vm2");
    const first = await backendPid(sim, "1.xvda-0");
    const second = await backendPid(sim, "2.xvda-0");
    expect((await sh(sim, ["ionice", "-p", String(first)])).stdout).toBe("none: prio 0\n");
    expect((await sh(sim, ["ionice", "-c", "2", "-n", "0", "-p", String(first)])).exitCode).toBe(0);
    expect((await sh(sim, ["ionice", "-c2", "-n7", "-p", String(second)])).exitCode).toBe(0);
    expect((await sh(sim, ["ionice", "-p", String(first), String(second)])).stdout).toBe(
      "best-effort: prio 0\nbest-effort: prio 7\n",
    );
    await sh(sim, ["ionice", "-c", "idle", "-p", String(second)]);
    await sh(sim, ["ionice", "-c", "1", "-n", "3", "-p", String(first)]);
    expect((await sh(sim, ["ionice", "-p", String(first), String(second)])).stdout).toBe(
      "realtime: prio 3\nidle\n",
    );
  });

  it("fails for unknown pids and bad values, unless -t", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    const pid = String(await backendPid(sim, "1.xvda-0"));
    expect(await sh(sim, ["ionice", "-p", "99999"])).toMatchObject({
      exitCode: 1,
      stderr: "ionice: ioprio_get failed: No such process\n",
    });
    expect(await sh(sim, ["ionice", "-c", "2", "-n", "3", "-p", pid, "99999"])).toMatchObject({
      exitCode: 1,
      stderr: "ionice: ioprio_set failed: No such process\n",
    });
    expect((await sh(sim, ["ionice", "-t", "-c", "2", "-n", "3", "-p", "99999"])).exitCode).toBe(0);
    expect(await sh(sim, ["ionice", "-c", "5", "-p", pid])).toMatchObject({
      exitCode: 1,
      stderr: "ionice: unknown prio class 5\n",
    });
    expect(await sh(sim, ["ionice", "-c", "2", "-n", "9", "-p", pid])).toMatchObject({
      exitCode: 1,
      stderr: "ionice: ioprio_set failed: Invalid argument\n",
    });
  });

  it("forgets a domain's priorities when it goes away (a restart gets new pids)", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    const pid = await backendPid(sim, "1.xvda-0");
    await sh(sim, ["ionice", "-c", "2", "-n", "1", "-p", String(pid)]);
    await sh(sim, ["xl", "reboot", "vm1"]);
    expect((await sh(sim, ["ionice", "-p", String(pid)])).exitCode).toBe(1);
    expect((await sh(sim, ["ionice", "-p", String(await backendPid(sim, "2.xvda-0"))])).stdout).toBe(
      "none: prio 0\n",
    );
  });
});

describe("ip link and iptables on the simulated dom0", () => {
  it("lists NICs, bridges and vifs in ip's JSON and text forms", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1", "");
    const links = JSON.parse((await sh(sim, ["ip", "-j", "link", "show"])).stdout) as {
      ifname: string;
      master?: string;
    }[];
    expect(links.map((link) => [link.ifname, link.master])).toEqual([
      ["peth0", "xenbr0"],
      ["xenbr0", undefined],
      ["vif1.0", "xenbr0"],
    ]);
    expect((await sh(sim, ["ip", "link", "show", "dev", "vif1.0"])).stdout).toMatch(
      /^4: vif1\.0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master xenbr0 /,
    );
    expect(await sh(sim, ["ip", "link", "show", "vif9.0"])).toMatchObject({
      exitCode: 1,
      stderr: 'Device "vif9.0" does not exist.\n',
    });
    expect((await sh(sim, ["ip", "addr", "show"])).exitCode).toBe(127);
  });

  it("applies iptables-restore all or nothing, with --noflush, and prints iptables-save", async () => {
    const sim = await newSim();
    const rules =
      "*mangle\n:PREROUTING ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n-A FORWARD -m physdev --physdev-in vif1.0 -j CLASSIFY --set-class 1:10\nCOMMIT\n";
    expect((await sh(sim, ["iptables-restore"], { input: rules })).exitCode).toBe(0);
    expect(
      (
        await sh(sim, ["iptables-restore", "--noflush"], {
          input: "*mangle\n-A FORWARD -m physdev --physdev-in vif2.0 -j CLASSIFY --set-class 1:20\nCOMMIT\n",
        })
      ).exitCode,
    ).toBe(0);
    expect(
      await sh(sim, ["iptables-restore", "--noflush"], { input: "*mangle\n-A NOSUCH -j ACCEPT\nCOMMIT\n" }),
    ).toMatchObject({
      exitCode: 1,
      stderr: "iptables-restore: line 2 failed\n",
    });
    const saved = (await sh(sim, ["iptables-save", "-t", "mangle"])).stdout;
    expect(saved).toMatch(/^# Generated by iptables-save v1\.8\.9 \(nf_tables\) on /);
    expect(saved.split("\n").filter((line) => line.startsWith("-A "))).toEqual([
      "-A FORWARD -m physdev --physdev-in vif1.0 -j CLASSIFY --set-class 1:10",
      "-A FORWARD -m physdev --physdev-in vif2.0 -j CLASSIFY --set-class 1:20",
    ]);
    expect(await sh(sim, ["iptables-restore"], { input: "*bogus\nCOMMIT\n" })).toMatchObject({ exitCode: 1 });
  });
});
