import { describe, expect, it } from "vitest";
import { fakeClock, guestConfig, newSim, sh, startGuest } from "../../test/helpers/new-sim.js";

const rowOf = (stdout: string, name: string): string[] | undefined =>
  stdout
    .split("\n")
    .find((line) => line.startsWith(`${name} `))
    ?.split(/\s+/);

describe("xl create", () => {
  it("creates a running guest with the next domid and says where the config came from", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "64M", "-n", "vm1-disk", "vg0"]);
    await sim.writeFile("/etc/xen/vm1.cfg", guestConfig("vm1"));
    const created = await sh(sim, ["xl", "create", "/etc/xen/vm1.cfg"]);
    expect(created).toMatchObject({
      exitCode: 0,
      stdout: "",
      stderr: "Parsing config from /etc/xen/vm1.cfg\n",
    });
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")).toEqual([
      "vm1",
      "1",
      "512",
      "2",
      "-b----",
      "0.0",
    ]);
  });

  it("resolves a relative config against the working directory, as xl does (no /etc/xen search)", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "64M", "-n", "vm1-disk", "vg0"]);
    await sim.writeFile("/etc/xen/vm1.cfg", guestConfig("vm1"));
    expect((await sh(sim, ["xl", "create", "vm1.cfg"])).exitCode).toBe(3);
    expect((await sh(sim, ["xl", "create", "vm1.cfg"], { cwd: "/etc/xen" })).exitCode).toBe(0);
  });

  it("applies key=value overrides, -p (paused) and -q", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "64M", "-n", "vm1-disk", "vg0"]);
    await sim.writeFile("/etc/xen/vm1.cfg", guestConfig("vm1"));
    const created = await sh(sim, ["xl", "create", "-q", "-p", "/etc/xen/vm1.cfg", "memory=256"]);
    expect(created.stderr).toBe("");
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.slice(2, 5)).toEqual(["256", "2", "--p---"]);
  });

  it("prints the configuration as JSON and creates nothing with -n", async () => {
    const sim = await newSim();
    await sim.writeFile("/etc/xen/vm1.cfg", guestConfig("vm1"));
    const dry = await sh(sim, ["xl", "create", "-n", "/etc/xen/vm1.cfg"]);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      c_info: { name: "vm1", type: "pv" },
      b_info: { max_memkb: 524288 },
    });
    expect((await sh(sim, ["xl", "list"])).stdout.split("\n")).toHaveLength(3);
  });

  it("refuses a second domain with the same name (libxl ERROR_INVAL, exit 6)", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    const again = await sh(sim, ["xl", "create", "/etc/xen/vm1.cfg"]);
    expect(again.exitCode).toBe(6);
    expect(again.stderr).toMatch(
      /libxl: error: libxl_create\.c:\d+:libxl__domain_make: Domain with name "vm1" already exists\./,
    );
  });

  it("fails for a missing disk before a domid is used (exit 3)", async () => {
    const sim = await newSim();
    await sim.writeFile("/etc/xen/vm1.cfg", guestConfig("vm1"));
    const failed = await sh(sim, ["xl", "create", "/etc/xen/vm1.cfg"]);
    expect(failed.exitCode).toBe(3);
    expect(failed.stderr).toContain(
      "Disk vdev=xvda failed to stat: /dev/vg0/vm1-disk: No such file or directory",
    );
    await startGuest(sim, "vm2");
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm2")?.[1]).toBe("1");
  });

  it("fails on a missing bridge after the domid is taken, and destroys the half-built domain", async () => {
    const sim = await newSim();
    await sh(sim, ["lvcreate", "-L", "64M", "-n", "vm1-disk", "vg0"]);
    await sim.writeFile("/etc/xen/vm1.cfg", guestConfig("vm1").replace("bridge=xenbr0", "bridge=xenbr9"));
    const failed = await sh(sim, ["xl", "create", "/etc/xen/vm1.cfg"]);
    expect(failed.exitCode).toBe(3);
    expect(failed.stderr).toContain("Could not find bridge device xenbr9");
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")).toBeUndefined();
    await startGuest(sim, "vm2");
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm2")?.[1]).toBe("2");
  });

  it("refuses a disk another guest uses writable, as the block script does", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await sim.writeFile("/etc/xen/vm2.cfg", guestConfig("vm2").replace("vm2-disk", "vm1-disk"));
    const failed = await sh(sim, ["xl", "create", "/etc/xen/vm2.cfg"]);
    expect(failed.exitCode).toBe(3);
    expect(failed.stderr).toContain("is mounted in a guest domain");
  });

  it("fails when the host has not enough free memory", async () => {
    const sim = await newSim({ memoryMiB: 2048, dom0: { memoryMiB: 1024 } });
    await sh(sim, ["lvcreate", "-L", "64M", "-n", "vm1-disk", "vg0"]);
    await sim.writeFile("/etc/xen/vm1.cfg", guestConfig("vm1").replace("memory = 512", "memory = 1536"));
    const failed = await sh(sim, ["xl", "create", "/etc/xen/vm1.cfg"]);
    expect(failed).toMatchObject({
      exitCode: 3,
      stderr: "Parsing config from /etc/xen/vm1.cfg\nfailed to free memory for the domain\n",
    });
  });

  it.each([
    [
      "a syntax error",
      'name = "vm1"\ntype = pv\n',
      1,
      /^Parsing config from \/etc\/xen\/bad\.cfg\n\/etc\/xen\/bad\.cfg:2: config parsing error near `pv'.*\nFailed to parse config: Invalid argument\n$/s,
    ],
    ["no name", "memory = 512\n", 1, /Domain name must be specified\.\n$/],
    ["maxvcpus < vcpus", 'name = "vm1"\nvcpus = 4\nmaxvcpus = 2\n', 1, /xl: maxvcpus < vcpus\n$/],
  ])("rejects a config with %s", async (_what, text, exitCode, stderr) => {
    const sim = await newSim();
    await sim.writeFile("/etc/xen/bad.cfg", text);
    const failed = await sh(sim, ["xl", "create", "/etc/xen/bad.cfg"]);
    expect(failed.exitCode).toBe(exitCode);
    expect(failed.stderr).toMatch(stderr);
  });
});

describe("xl list", () => {
  it("prints one domain, and fails for an unknown name or domid as xl does", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    const one = await sh(sim, ["xl", "list", "vm1"]);
    expect(one.stdout.split("\n")).toHaveLength(3);
    expect(await sh(sim, ["xl", "list", "nosuch"])).toMatchObject({
      exitCode: 1,
      stderr: "nosuch is an invalid domain identifier (rc=-6)\n",
    });
    expect(await sh(sim, ["xl", "list", "7"])).toMatchObject({
      exitCode: 1,
      stderr: "Error: Domain '7' does not exist.\n",
    });
  });

  it("prints guests' libxl JSON with -l (Domain-0 has none)", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1", 'cpu_weight = 512\ncap = 50\ncpus = ["0", "1"]\n');
    const long = await sh(sim, ["xl", "list", "-l"]);
    expect(long.stdout.endsWith("]\n\n")).toBe(true);
    const parsed = JSON.parse(long.stdout) as {
      domid: number;
      config: { b_info: Record<string, unknown>; disks: unknown[]; nics: { mac: string }[] };
    }[];
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({
      domid: 1,
      config: {
        b_info: { max_vcpus: 2, sched_params: { weight: 512, cap: 50 }, vcpu_hard_affinity: [[0], [1]] },
        disks: [{ pdev_path: "/dev/vg0/vm1-disk", vdev: "xvda", format: "raw", readwrite: 1 }],
      },
    });
    expect(parsed[0]?.config.nics[0]?.mac).toMatch(/^00:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/);
  });

  it("accounts CPU time while a guest runs and not while it is paused", async () => {
    const clock = fakeClock();
    const sim = await newSim({}, clock.now);
    await startGuest(sim, "vm1");
    clock.advance(1000_000);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.[5]).toBe("20.0");
    await sh(sim, ["xl", "pause", "vm1"]);
    clock.advance(1000_000);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.slice(4)).toEqual(["--p---", "20.0"]);
  });

  it("adds UUIDs with -v", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1", 'uuid = "11111111-2222-3333-4444-555555555555"\n');
    const verbose = await sh(sim, ["xl", "list", "-v", "vm1"]);
    expect(verbose.stdout.split("\n")[0]).toContain(
      "   UUID                            Reason-Code\tSecurity Label",
    );
    expect(verbose.stdout).toContain(" 11111111-2222-3333-4444-555555555555        -                -");
  });
});

describe("xl lifecycle", () => {
  it("pauses and unpauses; a pause of an absent domid only logs (xl ignores libxl's failure)", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await sh(sim, ["xl", "pause", "vm1"]);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.[4]).toBe("--p---");
    await sh(sim, ["xl", "unpause", "1"]);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.[4]).toBe("-b----");
    const absent = await sh(sim, ["xl", "pause", "9"]);
    expect(absent.exitCode).toBe(0);
    expect(absent.stderr).toMatch(/libxl: error: .*Domain 9:Pausing domain: No such process/);
  });

  it("shuts a guest down: on_poweroff=destroy removes it, preserve keeps it shut down", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await startGuest(sim, "vm2", 'on_poweroff = "preserve"\n');
    expect(await sh(sim, ["xl", "shutdown", "vm1"])).toMatchObject({
      exitCode: 0,
      stderr: "Shutting down domain 1\n",
    });
    await sh(sim, ["xl", "shutdown", "vm2"]);
    const list = (await sh(sim, ["xl", "list"])).stdout;
    expect(rowOf(list, "vm1")).toBeUndefined();
    expect(rowOf(list, "vm2")?.[4]).toBe("---s--");
  });

  it("reboots a guest into a new domid (and a new vif)", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    expect((await sh(sim, ["xl", "reboot", "vm1"])).stderr).toBe("Rebooting domain 1\n");
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.[1]).toBe("2");
    expect((await sh(sim, ["ip", "link", "show", "vif2.0"])).exitCode).toBe(0);
    expect((await sh(sim, ["ip", "link", "show", "vif1.0"])).exitCode).toBe(1);
  });

  it("delays a shutdown requested while paused until the guest is unpaused", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await sh(sim, ["xl", "pause", "vm1"]);
    await sh(sim, ["xl", "shutdown", "vm1"]);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.[4]).toBe("--p---");
    await sh(sim, ["xl", "unpause", "vm1"]);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")).toBeUndefined();
  });

  it("needs -a or a domain for shutdown, and shuts every guest down with -a", async () => {
    const sim = await newSim();
    expect(await sh(sim, ["xl", "shutdown"])).toMatchObject({
      exitCode: 1,
      stderr: "You must specify -a or a domain id.\n\n",
    });
    await startGuest(sim, "vm1");
    await startGuest(sim, "vm2");
    await sh(sim, ["xl", "shutdown", "-a", "-w"]);
    expect((await sh(sim, ["xl", "list"])).stdout.split("\n")).toHaveLength(3);
  });

  it("destroys guests but not Domain-0", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    expect((await sh(sim, ["xl", "destroy", "vm1"])).exitCode).toBe(0);
    expect(await sh(sim, ["xl", "destroy", "0"])).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining("Not destroying domain 0; use -f to force.") as string,
    });
    const absent = await sh(sim, ["xl", "destroy", "5"]);
    expect(absent.exitCode).toBe(1);
    expect(absent.stderr).toMatch(/destroy failed \(rc=-21\)\n$/);
  });
});

describe("xl save and restore", () => {
  it("destroys the domain after saving without -p or -c, and restores it with a new domid", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await sim.writeConsole("vm1", "\r\ncustomer typed this\r\n");
    expect((await sh(sim, ["xl", "save", "vm1", "/var/lib/xen/save/vm1.save"])).exitCode).toBe(0);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")).toBeUndefined();
    const file = await sim.readFile("/var/lib/xen/save/vm1.save");
    expect(file.subarray(0, 32).toString("latin1")).toBe("Xen saved domain, xl format\n \0 \r");
    expect(file.readUInt32LE(32)).toBe(0x01020304);
    const restored = await sh(sim, ["xl", "restore", "/var/lib/xen/save/vm1.save"]);
    expect(restored.exitCode).toBe(0);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.slice(1, 5)).toEqual([
      "2",
      "512",
      "2",
      "-b----",
    ]);
    expect((await sh(sim, ["xl", "console", "vm1"])).stdout).toContain("customer typed this");
  });

  it("leaves the domain paused with -p and running with -c", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await startGuest(sim, "vm2");
    await sh(sim, ["xl", "save", "-p", "vm1", "/tmp/vm1"]);
    await sh(sim, ["xl", "save", "-c", "vm2", "/tmp/vm2"]);
    const list = (await sh(sim, ["xl", "list"])).stdout;
    expect(rowOf(list, "vm1")?.[4]).toBe("--p---");
    expect(rowOf(list, "vm2")?.[4]).toBe("-b----");
  });

  it("restores paused with -p, and refuses a name that exists", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await sh(sim, ["xl", "save", "-c", "vm1", "/tmp/vm1"]);
    const clash = await sh(sim, ["xl", "restore", "/tmp/vm1"]);
    expect(clash.exitCode).toBe(1);
    expect(clash.stderr).toContain('Domain with name "vm1" already exists.');
    await sh(sim, ["xl", "destroy", "vm1"]);
    await sh(sim, ["xl", "restore", "-p", "/tmp/vm1"]);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.[4]).toBe("--p---");
  });

  it("rejects a file that is not an xl save file, and a save into a missing directory", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    await sim.writeFile(
      "/tmp/junk",
      "not a save file, just some text that is long enough to have a header\n",
    );
    expect(await sh(sim, ["xl", "restore", "/tmp/junk"])).toMatchObject({
      exitCode: 1,
      stderr: "File has wrong magic number - corrupt or for a different tool?\n",
    });
    expect(await sh(sim, ["xl", "save", "vm1", "/no/such/dir/vm1"])).toMatchObject({
      exitCode: 1,
      stderr: "Failed to open temp file /no/such/dir/vm1 for writing\n",
    });
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.[4]).toBe("-b----");
  });
});

describe("xl scheduler commands", () => {
  it("sets and shows credit2 weights and caps, with libxl's range checks", async () => {
    const sim = await newSim({ scheduler: "credit2" });
    await startGuest(sim, "vm1");
    expect((await sh(sim, ["xl", "sched-credit2", "-d", "vm1", "-w", "1024", "-c", "150"])).exitCode).toBe(0);
    expect((await sh(sim, ["xl", "sched-credit2", "-d", "vm1"])).stdout.split("\n")[1]?.split(/\s+/)).toEqual(
      ["vm1", "1", "1024", "150"],
    );
    const heavy = await sh(sim, ["xl", "sched-credit2", "-d", "vm1", "-w", "70000"]);
    expect(heavy.exitCode).toBe(1);
    expect(heavy.stderr).toMatch(
      /Cpu weight out of range, valid values are within range from 1 to 65535\nlibxl_domain_sched_params_set failed\.\n$/,
    );
    const capped = await sh(sim, ["xl", "sched-credit2", "-d", "vm1", "-c", "201"]);
    expect(capped.stderr).toContain(
      "Cpu cap out of range, valid range is from 0 to 200 for specified number of vcpus",
    );
  });

  it("answers sched-credit on a credit2 host as xl does", async () => {
    const sim = await newSim({ scheduler: "credit2" });
    await startGuest(sim, "vm1");
    expect(await sh(sim, ["xl", "sched-credit"])).toMatchObject({ exitCode: 0, stdout: "" });
    const one = await sh(sim, ["xl", "sched-credit", "-d", "vm1"]);
    expect(one).toMatchObject({
      exitCode: 1,
      stderr: "libxl_domain_sched_params_get returned credit2 not credit.\n",
    });
  });

  it("sets the credit pool's timeslice and rate limit, and checks them", async () => {
    const sim = await newSim({ scheduler: "credit" });
    await sh(sim, ["xl", "sched-credit", "-s", "-t", "10", "-r", "500"]);
    expect((await sh(sim, ["xl", "sched-credit", "-s"])).stdout).toBe(
      "Cpupool Pool-0: tslice=10ms ratelimit=500us migration-delay=0us\n",
    );
    expect((await sh(sim, ["xl", "sched-credit", "-s", "-r", "20000"])).stderr).toContain(
      "Ratelimit cannot be greater than timeslice",
    );
    expect((await sh(sim, ["xl", "sched-credit", "-t", "5"])).stderr).toBe(
      "Must specify schedparam to set schedule parameter values.\n",
    );
    expect((await sh(sim, ["xl", "sched-credit", "-w", "5"])).stderr).toBe("Must specify a domain.\n");
  });

  it("sets vcpus within maxvcpus and pins vcpus", async () => {
    const sim = await newSim({ cpus: 4 });
    await startGuest(sim, "vm1", "maxvcpus = 4\n");
    expect((await sh(sim, ["xl", "vcpu-set", "vm1", "1"])).exitCode).toBe(0);
    expect(rowOf((await sh(sim, ["xl", "list"])).stdout, "vm1")?.[3]).toBe("1");
    const tooMany = await sh(sim, ["xl", "vcpu-set", "-i", "vm1", "8"]);
    expect(tooMany.stderr).toMatch(
      /Requested 8 VCPUs, however maxcpus is 4!\nlibxl_set_vcpuonline failed domid=1 max_vcpus=8, rc: -3\n$/,
    );
    expect((await sh(sim, ["xl", "vcpu-set", "vm1", "8"])).stderr).toBe(
      "You are overcommmitting! You have 4 physical CPUs and want 8 vCPUs! Aborting, use --ignore-host to continue\n",
    );
    await sh(sim, ["xl", "vcpu-pin", "vm1", "0", "2-3"]);
    const vcpus = (await sh(sim, ["xl", "vcpu-list", "vm1"])).stdout.split("\n");
    expect(vcpus[1]).toMatch(/ 2-3 \/ all$/);
    expect(vcpus[2]).toMatch(/^vm1 +1 +1 +- +--p +0\.0 +all \/ all$/);
    expect((await sh(sim, ["xl", "vcpu-pin", "vm1", "x", "1"])).stderr).toBe(
      "Error: Invalid argument x as VCPU.\n",
    );
  });
});

describe("xl console, info and small commands", () => {
  it("prints the console log, echoes input and stops at Ctrl-]", async () => {
    const sim = await newSim();
    await startGuest(sim, "vm1");
    const session = await sh(sim, ["xl", "console", "vm1"], { input: "root\r\x1dignored" });
    expect(session.stdout).toContain("vm1 login: root\r\n");
    expect(session.stdout).not.toContain("ignored");
    expect((await sh(sim, ["xl", "console", "vm1"])).stdout.endsWith("vm1 login: root\r\n")).toBe(true);
  });

  it("prints only the values of matching fields with xl info NAME", async () => {
    const sim = await newSim({ memoryMiB: 4096 });
    expect((await sh(sim, ["xl", "info", "total_memory"])).stdout).toBe("4096\n");
    expect((await sh(sim, ["xl", "info", "free"])).stdout.split("\n")).toHaveLength(3);
  });

  it("converts names and ids, lists VMs and uptimes", async () => {
    const clock = fakeClock();
    const sim = await newSim({}, clock.now);
    await startGuest(sim, "vm1", 'uuid = "11111111-2222-3333-4444-555555555555"\n');
    clock.advance(90_061_000);
    expect((await sh(sim, ["xl", "domid", "vm1"])).stdout).toBe("1\n");
    expect((await sh(sim, ["xl", "domname", "1"])).stdout).toBe("vm1\n");
    expect((await sh(sim, ["xl", "vm-list"])).stdout).toBe(
      `UUID                                  ID    name\n11111111-2222-3333-4444-555555555555  1    ${"vm1".padEnd(30)}\n`,
    );
    expect((await sh(sim, ["xl", "uptime", "vm1"])).stdout).toBe(
      `${"Name".padEnd(33)}   ID Uptime\n${"vm1".padEnd(33)}    1 1 day,  1:01:01\n`,
    );
  });

  it("fails loudly for xl subcommands it does not simulate, and like xl for unknown ones", async () => {
    const sim = await newSim();
    expect(await sh(sim, ["xl", "migrate", "vm1", "host2"])).toMatchObject({
      exitCode: 127,
      stderr: "sim-host: xl migrate: not simulated\n",
    });
    expect(await sh(sim, ["xl", "frobnicate"])).toMatchObject({
      exitCode: 1,
      stderr: "command not implemented\n",
    });
  });
});
