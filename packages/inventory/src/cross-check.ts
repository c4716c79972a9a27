import type { Inventory } from "./schema.js";

/** A problem found by looking at several fields together. */
export interface CrossIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

function firstSeen<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  return new Map(
    items
      .map((item, index) => [key(item), index] as const)
      .filter((entry): entry is readonly [string, number] => entry[0] !== undefined)
      .reverse(),
  );
}

function checkDomains(inventory: Inventory, issues: CrossIssue[]): void {
  const names = firstSeen(inventory.domains, (domain) => domain.name);
  const vifs = new Map<string, string>();
  const macs = new Map<string, string>();
  const writableSources = new Map<string, string>();
  inventory.domains.forEach((domain, index) => {
    const at = (...rest: (string | number)[]): (string | number)[] => ["domains", index, ...rest];
    const first = names.get(domain.name);
    if (first !== undefined && first !== index) {
      issues.push({
        path: at("name"),
        message: `domain "${domain.name}" is already defined at domains[${String(first)}]`,
      });
    }
    if (domain.maxmem !== undefined && domain.maxmem < domain.memory) {
      issues.push({
        path: at("maxmem"),
        message: `maxmem (${String(domain.maxmem)}) is below memory (${String(domain.memory)})`,
      });
    }
    if (domain.vcpus !== undefined && domain.maxvcpus !== undefined && domain.vcpus > domain.maxvcpus) {
      issues.push({
        path: at("vcpus"),
        message: `vcpus (${String(domain.vcpus)}) is above maxvcpus (${String(domain.maxvcpus)})`,
      });
    }
    domain.cpus?.forEach((cpu, cpuIndex) => {
      if (cpu >= inventory.host.cpus) {
        issues.push({
          path: at("cpus", cpuIndex),
          message: `physical CPU ${String(cpu)} does not exist: host.cpus is ${String(inventory.host.cpus)}`,
        });
      }
    });
    const vdevs = firstSeen(domain.disks, (disk) => disk.vdev);
    domain.disks.forEach((disk, diskIndex) => {
      const firstVdev = vdevs.get(disk.vdev);
      if (firstVdev !== undefined && firstVdev !== diskIndex) {
        issues.push({
          path: at("disks", diskIndex, "vdev"),
          message: `${disk.vdev} is already used by disks[${String(firstVdev)}]`,
        });
      }
      if (disk.access === "rw") {
        const owner = writableSources.get(disk.source);
        if (owner !== undefined) {
          issues.push({
            path: at("disks", diskIndex, "source"),
            message: `${disk.source} is already attached read-write to ${owner}`,
          });
        } else {
          writableSources.set(disk.source, domain.name);
        }
      }
    });
    domain.network.forEach((nic, nicIndex) => {
      const vifOwner = vifs.get(nic.vifname);
      if (vifOwner !== undefined) {
        issues.push({
          path: at("network", nicIndex, "vifname"),
          message: `vif name ${nic.vifname} is already used by ${vifOwner}`,
        });
      } else {
        vifs.set(nic.vifname, domain.name);
      }
      if (nic.vifname === inventory.host.network.interface || nic.vifname === inventory.host.network.bridge) {
        issues.push({
          path: at("network", nicIndex, "vifname"),
          message: `vif name ${nic.vifname} is the host's own interface`,
        });
      }
      const macOwner = macs.get(nic.mac);
      if (macOwner !== undefined) {
        issues.push({
          path: at("network", nicIndex, "mac"),
          message: `MAC ${nic.mac} is already used by ${macOwner}`,
        });
      } else {
        macs.set(nic.mac, domain.name);
      }
      if (nic.rate?.ceil !== undefined && nic.rate.out === undefined) {
        issues.push({
          path: at("network", nicIndex, "rate", "ceil"),
          message: "ceil needs an out rate (the guaranteed rate it borrows above)",
        });
      }
    });
    const boot = domain.boot;
    if (boot.loader === "kernel" && boot.kernel === undefined) {
      issues.push({
        path: at("boot", "kernel"),
        message: "loader: kernel needs the kernel's path in boot.kernel",
      });
    }
    if (boot.loader !== "kernel" && boot.kernel !== undefined) {
      issues.push({
        path: at("boot", "kernel"),
        message: `loader: ${boot.loader} loads the kernel from the guest's disk; remove boot.kernel`,
      });
    }
    if (boot.rescue && boot.loader !== "kernel" && inventory.host.boot.rescueDisk === undefined) {
      issues.push({
        path: at("boot", "rescue"),
        message:
          "rescue is true but host.boot.rescueDisk is not set: set it to the rescue image, or set rescue: false",
      });
    }
  });
  const backedUp = inventory.domains.findIndex((domain) => domain.backup.enabled);
  if (backedUp !== -1 && inventory.host.backup === undefined) {
    issues.push({
      path: ["domains", backedUp, "backup", "enabled"],
      message: "backups are enabled but host.backup.dir is not set: set it, or set backup.enabled: false",
    });
  }
}

function checkMemory(inventory: Inventory, issues: CrossIssue[]): void {
  const needed = inventory.domains.reduce((sum, domain) => sum + domain.memory, inventory.host.dom0.memory);
  if (needed > inventory.host.memory) {
    issues.push({
      path: ["domains"],
      message: `the domains need ${String(needed)} MiB with dom0's ${String(inventory.host.dom0.memory)} MiB, but host.memory is ${String(inventory.host.memory)} MiB`,
    });
  }
  const dedicated = inventory.host.dom0.dedicatedCpu;
  if (dedicated !== undefined && dedicated >= inventory.host.cpus) {
    issues.push({
      path: ["host", "dom0", "dedicatedCpu"],
      message: `physical CPU ${String(dedicated)} does not exist: host.cpus is ${String(inventory.host.cpus)}`,
    });
  }
}

function checkUsers(inventory: Inventory, issues: CrossIssue[]): void {
  const domainNames = new Set(inventory.domains.map((domain) => domain.name));
  const users = firstSeen(inventory.users, (user) => user.name);
  inventory.users.forEach((user, index) => {
    const first = users.get(user.name);
    if (first !== undefined && first !== index) {
      issues.push({
        path: ["users", index, "name"],
        message: `user "${user.name}" is already defined at users[${String(first)}]`,
      });
    }
    user.domains.forEach((name, domainIndex) => {
      if (!domainNames.has(name)) {
        issues.push({
          path: ["users", index, "domains", domainIndex],
          message: `no domain named "${name}" in domains`,
        });
      }
    });
  });
}

/** Checks what no single field can: uniqueness, references, memory and CPU totals. */
export function crossCheckInventory(inventory: Inventory): CrossIssue[] {
  const issues: CrossIssue[] = [];
  checkDomains(inventory, issues);
  checkMemory(inventory, issues);
  checkUsers(inventory, issues);
  return issues;
}
