import { dirname } from "node:path";
import { computeSchedulerPolicy, type SchedulerPolicy } from "@dom0kit/credit-scheduler";
import { classifyDiskSource, type Inventory, type InventoryDomain } from "@dom0kit/inventory";
import { action, plan, step, type CommandRunner, type Step } from "@dom0kit/runner";
import { CliError } from "../cli-error.js";
import { domainConfigPath, domainConfigText } from "../domain-config.js";
import { writeHostFileSteps } from "../host-files.js";
import { schedulerInputFromInventory } from "../sched-input.js";
import type { AreaInput, AreaPlan, HostArea, InstalledFile } from "./area.js";

/** What the config area reads from the host. */
interface ConfigState {
  /** `VG/LV` of every logical volume. */
  readonly volumes: ReadonlySet<string>;
  /** Paths of image files and devices that exist. */
  readonly paths: ReadonlySet<string>;
  /** Current config text per domain (absent: no config). */
  readonly configs: ReadonlyMap<string, string>;
  /** Domains Xen knows about. */
  readonly domains: ReadonlySet<string>;
}

/** The scheduler policy the inventory implies (vcpus, weights, caps, pinning), with the defaults. */
export function inventorySchedulerPolicy(inventory: Inventory): SchedulerPolicy {
  return computeSchedulerPolicy(schedulerInputFromInventory(inventory, {}));
}

function storagePaths(inventory: Inventory): string[] {
  const rescue = inventory.host.boot.rescueDisk;
  const sources = inventory.domains.flatMap((domain) => domain.disks.map((disk) => disk.source));
  return [...new Set([...sources, ...(rescue === undefined ? [] : [rescue])])];
}

async function readConfigState(runner: CommandRunner, inventory: Inventory): Promise<ConfigState> {
  const lvs = await runner.run({
    file: "lvs",
    args: ["--noheadings", "--separator", "/", "-o", "vg_name,lv_name"],
    okExitCodes: [0, 5],
  });
  const volumes = new Set(
    lvs.stdout
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
  );
  const paths = new Set<string>();
  for (const path of storagePaths(inventory)) {
    if (classifyDiskSource(path).kind === "lv") continue;
    const test = await runner.run({ file: "test", args: ["-e", path], okExitCodes: [0, 1] });
    if (test.exitCode === 0) paths.add(path);
  }
  const configs = new Map<string, string>();
  for (const domain of inventory.domains) {
    const read = await runner.run({
      file: "cat",
      args: [domainConfigPath(domain.name)],
      okExitCodes: [0, 1],
    });
    if (read.exitCode === 0) configs.set(domain.name, read.stdout);
  }
  const list = await runner.run({ file: inventory.host.toolstack, args: ["list"] });
  const domains = new Set(
    list.stdout
      .split("\n")
      .slice(1)
      .map((line) => line.split(/\s+/)[0] ?? "")
      .filter(Boolean),
  );
  return { volumes, paths, configs, domains };
}

function exists(state: ConfigState, path: string): boolean {
  const source = classifyDiskSource(path);
  return source.kind === "lv"
    ? state.volumes.has(`${source.volumeGroup}/${source.logicalVolume}`)
    : state.paths.has(path);
}

function storageSteps(domain: InventoryDomain, state: ConfigState): Step[] {
  return domain.disks
    .filter((disk) => !exists(state, disk.source))
    .flatMap((disk): Step[] => {
      const source = classifyDiskSource(disk.source);
      const what = `${domain.name}'s ${disk.vdev}`;
      if (disk.size === undefined || source.kind === "device") {
        throw new CliError(
          `${disk.source} (${what}) does not exist on the host`,
          source.kind === "device"
            ? "attach the block device, or change the disk's source in the inventory"
            : "create it, or give the disk a size in the inventory so dom0kit can create it",
        );
      }
      if (source.kind === "lv") {
        const lv = `${source.volumeGroup}/${source.logicalVolume}`;
        return [
          step(
            `create ${what}: a ${disk.size} logical volume ${lv}`,
            ["lvcreate", "-L", disk.size, "-n", source.logicalVolume, source.volumeGroup],
            {
              undo: action(`remove ${lv}`, ["lvremove", "-f", lv]),
            },
          ),
        ];
      }
      return [
        step(`create the directory of ${what}`, ["mkdir", "-p", "--", dirname(disk.source)]),
        step(
          `create ${what}: a ${disk.size} sparse image ${disk.source}`,
          ["truncate", "-s", disk.size, "--", disk.source],
          {
            undo: action(`remove ${disk.source}`, ["rm", "-f", "--", disk.source]),
          },
        ),
      ];
    });
}

async function planConfig({ inventory, runner }: AreaInput): Promise<AreaPlan> {
  const policy = inventorySchedulerPolicy(inventory);
  const state = await readConfigState(runner, inventory);
  const rescue = inventory.host.boot.rescueDisk;
  if (
    rescue !== undefined &&
    inventory.domains.some((domain) => domain.boot.rescue) &&
    !exists(state, rescue)
  ) {
    throw new CliError(
      `the rescue disk ${rescue} does not exist on the host`,
      "install the read-only rescue image there (host.boot.rescueDisk), or set boot.rescue: false on the domains",
    );
  }
  const storage: Step[] = [];
  const writes: Step[] = [];
  const starts: Step[] = [];
  const notes: string[] = [];
  inventory.domains.forEach((domain, index) => {
    storage.push(...storageSteps(domain, state));
    const wanted = domainConfigText(inventory, domain, policy.domains[index] ?? policy.dom0);
    const current = state.configs.get(domain.name);
    const path = domainConfigPath(domain.name);
    if (current !== wanted) {
      writes.push(...writeHostFileSteps(path, wanted, current, `the xl config of ${domain.name}`));
      if (state.domains.has(domain.name)) {
        notes.push(
          `${domain.name} is running: its new config takes effect when it is next started (xl shutdown, then xl create ${path})`,
        );
      }
    }
    if (!state.domains.has(domain.name)) {
      starts.push(
        step(`start ${domain.name}`, [inventory.host.toolstack, "create", path], {
          undo: action(`destroy ${domain.name}`, [inventory.host.toolstack, "destroy", domain.name]),
        }),
      );
    }
  });
  const configDir = writes.length === 0 ? [] : [step("create /etc/xen", ["mkdir", "-p", "--", "/etc/xen"])];
  const steps = [...storage, ...configDir, ...writes, ...starts];
  return {
    area: "config",
    title: configArea.title,
    plan: plan("domain configs, disks and domains", steps),
    notes,
  };
}

/** Domain configs, their disks, and the domains themselves. */
export const configArea: HostArea = {
  name: "config",
  title: "Domains: configs, disks, running",
  applied: true,
  plan: planConfig,
  async files(inventory: Inventory): Promise<readonly InstalledFile[]> {
    const policy = inventorySchedulerPolicy(inventory);
    return inventory.domains.map((domain, index) => ({
      path: domainConfigPath(domain.name),
      text: domainConfigText(inventory, domain, policy.domains[index] ?? policy.dom0),
      mode: 0o644,
      description: `the xl config of ${domain.name}`,
    }));
  },
};
