import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadInventory } from "@dom0kit/inventory";
import { testTempDir } from "@dom0kit/test-support";
import { sh } from "../../test/helpers/new-sim.js";
import { diskContent, initFromInventory, xlConfigForDomain } from "./init-from-inventory.js";

const DENMARK = fileURLToPath(new URL("../../../../examples/inventories/denmark.yaml", import.meta.url));

describe("initFromInventory", () => {
  it("builds the denmark example host: its guests running, their disks real files with content", async () => {
    const inventory = await loadInventory(DENMARK);
    const sim = await initFromInventory(await testTempDir(), inventory);
    const list = (await sh(sim, ["xl", "list"])).stdout;
    for (const domain of inventory.domains)
      expect(list).toMatch(new RegExp(`^${domain.name} +\\d+ +${String(domain.memory)} `, "m"));
    expect((await sh(sim, ["xl", "info", "total_memory"])).stdout).toBe(`${String(inventory.host.memory)}\n`);
    expect((await sh(sim, ["xl", "info", "xen_scheduler"])).stdout).toBe(`${inventory.host.scheduler}\n`);
    expect((await sh(sim, ["blockdev", "--getsize64", "/dev/denmark/horatio"])).stdout).toBe(
      `${String(4 * 1024 ** 3)}\n`,
    );
    const file = await open(await sim.hostPath("/dev/denmark/horatio"), "r");
    const head = Buffer.alloc(2 * 1024 * 1024);
    await file.read(head, 0, head.length, 0);
    await file.close();
    expect(head.subarray(0, 27).toString()).toBe("dom0kit-sim disk horatio xv");
    expect(
      head.subarray(1024 * 1024).equals((diskContent("horatio", "xvda")[1] as { bytes: Buffer }).bytes),
    ).toBe(true);
    expect((await sh(sim, ["test", "-f", "/var/images/centos_ro_rescue.img"])).exitCode).toBe(0);
    const weights = (await sh(sim, ["xl", "sched-credit"])).stdout;
    expect(weights).toMatch(/^Domain-0 +0 +6000 +0$/m);
    expect(weights).toMatch(/^horatio +\d+ +1024 +0$/m);
    expect((await sh(sim, ["ip", "link", "show", "horatio"])).exitCode).toBe(0);
  });

  it("with domains: false, lays out the host and its disks but writes no config and starts nothing", async () => {
    const inventory = await loadInventory(DENMARK);
    const sim = await initFromInventory(await testTempDir(), inventory, { domains: false });
    expect((await sh(sim, ["xl", "list"])).stdout).not.toMatch(/^horatio /m);
    expect((await sh(sim, ["test", "-e", "/etc/xen/horatio.cfg"])).exitCode).toBe(1);
    expect((await sh(sim, ["blockdev", "--getsize64", "/dev/denmark/horatio"])).stdout).toBe(
      `${String(4 * 1024 ** 3)}\n`,
    );
    expect((await sh(sim, ["test", "-f", "/var/xen/images/claudius.img"])).exitCode).toBe(0);
  });

  it("renders an xl.cfg that xl create accepts, with the rescue disk read-only", () => {
    const config = xlConfigForDomain(
      {
        name: "vm1",
        memory: 512,
        disks: [{ source: "/dev/vg0/vm1", vdev: "xvda" }],
        network: [{ vifname: "vm1", mac: "00:16:3e:00:00:01", ips: ["192.0.2.1"] }],
        boot: { loader: "pv-grub", arch: "x86_32" },
      },
      {
        name: "h",
        cpus: 2,
        memory: 4096,
        network: { interface: "eth0" },
        boot: { rescueDisk: "/dev/vg0/rescue" },
      },
    );
    expect(config).toContain(
      'disk = [ "format=raw, vdev=xvda, access=rw, target=/dev/vg0/vm1", "format=raw, vdev=xvdz, access=ro, target=/dev/vg0/rescue" ]',
    );
    expect(config).toContain('vif = [ "mac=00:16:3e:00:00:01,bridge=xenbr0,vifname=vm1,ip=192.0.2.1" ]');
    expect(config).toContain('kernel = "/usr/lib/xen/boot/pv-grub-x86_32.gz"');
    expect(config).toContain("cpu_weight = 512");
  });
});
