import { describe, expect, it } from "vitest";
import { readDomainDefinition } from "./domain-definition.js";

describe("readDomainDefinition", () => {
  it("reads what xl create takes from a config, with @dom0kit/xen-config's parser", () => {
    const result = readDomainDefinition(
      [
        'name = "vm1"',
        "memory = 0x200",
        "maxmem = 1024",
        "vcpus = 2",
        'cpus = "0-1"',
        "cpu_weight = 512",
        'disk = [ "phy:/dev/vg0/vm1,xvda,w", "format=qcow2,vdev=xvdb,access=ro,target=/srv/vm1.qcow2" ]',
        "vif = [ 'mac=00:16:3E:00:00:01,bridge=xenbr1,vifname=vm1-eth0,ip=10.0.0.2,rate=10Mb/s' ]",
        'extra = "console=hvc0"',
        'root = "/dev/xvda1 ro"',
        'on_crash = "preserve"',
        "",
      ].join("\n"),
      "/etc/xen/vm1.cfg",
      4,
    );
    expect(result).toMatchObject({
      ok: true,
      warnings: "",
      definition: {
        name: "vm1",
        type: "pv",
        memoryMiB: 512,
        maxMemoryMiB: 1024,
        vcpus: 2,
        weight: 512,
        hardAffinity: ["0-1", "0-1"],
        cmdline: "root=/dev/xvda1 ro console=hvc0",
        onCrash: "preserve",
        disks: [
          { target: "/dev/vg0/vm1", vdev: "xvda", format: "raw", readwrite: true },
          { target: "/srv/vm1.qcow2", vdev: "xvdb", format: "qcow2", readwrite: false },
        ],
        vifs: [
          {
            devid: 0,
            mac: "00:16:3e:00:00:01",
            bridge: "xenbr1",
            vifname: "vm1-eth0",
            ip: "10.0.0.2",
            rate: "10Mb/s",
          },
        ],
      },
    });
  });

  it("reports vif settings xl create ignores, and goes on without them", () => {
    const result = readDomainDefinition(
      'name = "vm1"\nvif = [ "mac=00:16:3e:zz:00:01,bridge=xenbr0,colour=blue" ]\n',
      "/etc/xen/vm1.cfg",
      4,
    );
    expect(result).toMatchObject({
      ok: true,
      warnings: "unrecognized argument `colour=blue'\nInvalid parameter `mac'.\n",
      definition: { vifs: [{ devid: 0, bridge: "xenbr0" }] },
    });
  });

  it.each([
    ["no name", "memory = 256\n", "Domain name must be specified.\n"],
    ["maxvcpus below vcpus", 'name = "a"\nvcpus = 4\nmaxvcpus = 2\n', "xl: maxvcpus < vcpus\n"],
    [
      "a bad shutdown action",
      'name = "a"\non_crash = "explode"\n',
      "Invalid action for on_poweroff/on_reboot/on_crash\n",
    ],
    ["a bad pcpu range", 'name = "a"\ncpus = "x-y"\n', "Invalid pcpu range: x-y.\n"],
  ])("fails as xl does for %s", (_what, text, stderr) => {
    expect(readDomainDefinition(text, "/etc/xen/a.cfg", 4)).toEqual({ ok: false, stderr, exitCode: 1 });
  });
});
