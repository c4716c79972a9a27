import { describe, expect, it } from "vitest";
import {
  parseXlConfig,
  renderDomainConfig,
  safeToDomainConfig,
  toDomainConfig,
  XenDomainConfigError,
  type DomainConfigInput,
} from "./index.js";

const HORATIO = `name = "horatio"
type = "pv"
memory = 512
maxmem = 0x400
vcpus = 2
maxvcpus = 4
cpus = "0-3,^1"
cpu_weight = 512
cap = 0
bootloader = "pygrub"
disk = [ 'phy:/dev/denmark/horatio,xvda,w', 'phy:/dev/denmark/rescue,xvde,r' ]
vif = [ 'vifname=horatio,ip=10.0.0.2,mac=00:16:3e:00:00:01,bridge=xenbr0,rate=10Mb/s' ]
on_crash = "preserve"
acpi = 1
`;

describe("toDomainConfig", () => {
  it("models the keys that matter, with disks and vifs parsed", () => {
    const { config, warnings } = toDomainConfig(parseXlConfig(HORATIO));
    expect(config).toMatchObject({
      name: "horatio",
      type: "pv",
      memory: 512,
      maxmem: 1024,
      vcpus: 2,
      maxvcpus: 4,
      cpus: "0-3,^1",
      cpuWeight: 512,
      cap: 0,
      bootloader: "pygrub",
      onCrash: "preserve",
      other: { acpi: "1" },
    });
    expect(config.disks?.map((disk) => [disk.target, disk.vdev, disk.access])).toEqual([
      ["/dev/denmark/horatio", "xvda", "rw"],
      ["/dev/denmark/rescue", "xvde", "ro"],
    ]);
    expect(config.vifs?.[0]).toMatchObject({
      vifname: "horatio",
      ip: ["10.0.0.2"],
      rate: { bytesPerInterval: 62500n },
    });
    expect(warnings).toEqual([]);
  });

  it("keeps unknown keys and warns, suggesting the key meant", () => {
    const { config, warnings } = toDomainConfig({ name: "a", kernel: "/k", memroy: "512" });
    expect(config.other).toEqual({ memroy: "512" });
    expect(warnings).toEqual([
      {
        key: "memroy",
        code: "unknown-key",
        message: "xl does not know `memroy` and ignores it — did you mean `memory`?",
      },
    ]);
  });

  it("warns about xm-only names with their xl names", () => {
    const { warnings } = toDomainConfig({ name: "a", kernel: "/k", cpu_cap: "50", bootargs: "--q" });
    expect(warnings.map((warning) => warning.message)).toEqual([
      "`cpu_cap` is an xm setting that xl ignores: xl calls it `cap`",
      "`bootargs` is an xm setting that xl ignores: xl calls it `bootloader_args`",
    ]);
  });

  it("reads builder and type prefixes like xl, with warnings", () => {
    expect(toDomainConfig({ name: "a", builder: "hvm" }).config.type).toBe("hvm");
    const { config, warnings } = toDomainConfig({ name: "a", type: "h" });
    expect(config.type).toBe("hvm");
    expect(warnings[0]?.message).toBe('xl reads `h` as hvm: write type = "hvm"');
  });

  it.each([
    [{ name: "a", kernel: "/k", cpu_weight: "0" }, "cpu_weight"],
    [{ name: "a", kernel: "/k", cpu_weight: "65536" }, "cpu_weight"],
    [{ name: "a", kernel: "/k", vcpus: "4", maxvcpus: "2" }, "maxvcpus"],
    [{ name: "a", kernel: "/k", memory: "08" }, "memory"],
    [{ name: "a", kernel: "/k", memory: ["512"] }, "memory"],
    [{ name: "a", kernel: "/k", type: "xen" }, "type"],
    [{ name: "a", kernel: "/k", on_crash: "explode" }, "on_crash"],
    [{ name: "a", kernel: "/k", disk: ["phy:/dev/vg/a,xvda,w!"] }, "disk[0]"],
    [{ name: "a", kernel: "/k", vif: ["rate=fast"] }, "vif[0]"],
    [{ name: "a", kernel: "/k", cpus: "^all" }, "cpus"],
    [{ name: "a", type: "pv" }, "kernel"],
    [{ kernel: "/k" }, "name"],
  ])("rejects %j at %s", (values, key) => {
    const result = safeToDomainConfig(values);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.key)).toContain(key);
    expect(() => toDomainConfig(values)).toThrow(XenDomainConfigError);
  });

  it("refuses a number built with +=, as xl does", () => {
    const result = safeToDomainConfig(parseXlConfig('name = "a"\nkernel = "/k"\nmemory += 512\n'));
    expect(result.ok).toBe(false);
  });
});

describe("renderDomainConfig", () => {
  const web1: DomainConfigInput = {
    name: "web1",
    type: "pvh",
    memory: 1024,
    vcpus: 2,
    cpuWeight: 1024,
    kernel: "/boot/vmlinuz",
    cmdline: "root=/dev/xvda1 ro",
    onCrash: "restart",
    disks: [{ target: "/dev/vg/web1", vdev: "xvda" }, "phy:/dev/vg/web1-swap,xvdb,w"],
    vifs: [{ mac: "00:16:3e:00:00:01", bridge: "xenbr0", rate: "100Mb/s" }],
    other: { acpi: "1", serial: "pty" },
  };

  it("writes a complete file in a fixed order", () => {
    expect(renderDomainConfig(web1, { header: ["web1: customer 42"] })).toBe(`# web1: customer 42

name = "web1"
type = "pvh"
memory = 1024
vcpus = 2
cpu_weight = 1024
kernel = "/boot/vmlinuz"
cmdline = "root=/dev/xvda1 ro"
on_crash = "restart"
disk = [
    "vdev=xvda, access=rw, target=/dev/vg/web1",
    "phy:/dev/vg/web1-swap,xvdb,w",
]
vif = [
    "mac=00:16:3e:00:00:01,bridge=xenbr0,rate=100Mb/s",
]
acpi = 1
serial = "pty"
`);
  });

  it("reads back as the same model", () => {
    const again = toDomainConfig(parseXlConfig(renderDomainConfig(web1))).config;
    expect(again).toMatchObject({
      name: "web1",
      type: "pvh",
      memory: 1024,
      vcpus: 2,
      cpuWeight: 1024,
      other: { acpi: "1", serial: "pty" },
    });
    expect(again.disks?.map((disk) => disk.target)).toEqual(["/dev/vg/web1", "/dev/vg/web1-swap"]);
    const normalised = renderDomainConfig(again);
    expect(renderDomainConfig(toDomainConfig(parseXlConfig(normalised)).config)).toBe(normalised);
  });

  it("refuses a model xl would refuse, listing every problem", () => {
    let caught: unknown;
    try {
      renderDomainConfig({ name: "", kernel: "/k", vcpus: 0, disks: [{ target: "/x", vdev: "xv,da" }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(XenDomainConfigError);
    expect((caught as XenDomainConfigError).issues.map((issue) => issue.key)).toEqual(["name", "vcpus"]);
  });
});
