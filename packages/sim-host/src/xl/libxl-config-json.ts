import type { SimDomain } from "../state/model.js";
import { parseCpuRange } from "./cpu-map.js";
import type { Json } from "./yajl-json.js";

function cpuList(affinity: string, hostCpus: number): Json[] {
  const parsed = parseCpuRange(affinity, hostCpus);
  return parsed.ok ? [...parsed.cpus].sort((a, b) => a - b) : [];
}

/**
 * The domain's configuration as libxl's JSON (libxl_domain_config), the part
 * `xl list -l` prints and `xl save` stores: create info, build info, disks,
 * nics and the on_* actions. A subset of libxl's fields, in libxl's order.
 *
 * @example
 * ```ts
 * libxlConfigJson(domain, 4).c_info; // { type: "pv", name: "vm1", uuid: "…" }
 * ```
 */
export function libxlConfigJson(domain: SimDomain, hostCpus: number): { [key: string]: Json } {
  const typeInfo: { [key: string]: Json } = {};
  if (domain.kernel !== undefined) typeInfo.kernel = domain.kernel;
  if (domain.ramdisk !== undefined) typeInfo.ramdisk = domain.ramdisk;
  if (domain.cmdline !== undefined) typeInfo.cmdline = domain.cmdline;
  if (domain.bootloader !== undefined) typeInfo.bootloader = domain.bootloader;
  if (domain.bootloaderArgs !== undefined) typeInfo.bootloader_args = domain.bootloaderArgs;
  return {
    c_info: { type: domain.type, name: domain.name, uuid: domain.uuid, run_hotplug_scripts: "True" },
    b_info: {
      max_vcpus: domain.maxVcpus,
      avail_vcpus: Array.from({ length: domain.onlineVcpus }, (_, vcpu) => vcpu),
      vcpu_hard_affinity: domain.hardAffinity.map((affinity) => cpuList(affinity, hostCpus)),
      vcpu_soft_affinity: domain.softAffinity.map((affinity) => cpuList(affinity, hostCpus)),
      max_memkb: domain.maxMemoryMiB * 1024,
      target_memkb: domain.memoryMiB * 1024,
      sched_params: { weight: domain.weight, cap: domain.cap },
      [`type.${domain.type}`]: typeInfo,
    },
    disks: domain.disks.map((disk) => ({
      pdev_path: disk.target,
      vdev: disk.vdev,
      backend: disk.format === "raw" ? "phy" : "qdisk",
      format: disk.format,
      readwrite: disk.readwrite ? 1 : 0,
    })),
    nics: domain.vifs.map((vif) => ({
      devid: vif.devid,
      mac: vif.mac,
      ...(vif.ip === undefined ? {} : { ip: vif.ip }),
      bridge: vif.bridge,
      ...(vif.vifname === undefined ? {} : { ifname: vif.vifname }),
      script: "vif-bridge",
      nictype: "vif",
    })),
    on_poweroff: domain.onPoweroff,
    on_reboot: domain.onReboot,
    on_crash: domain.onCrash,
  };
}
