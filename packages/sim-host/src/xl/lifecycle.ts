import { randomUUID } from "node:crypto";
import { addVifDevices, removeVifDevices } from "../net/devices.js";
import type { ShutdownReason, SimBackend, SimDomain, SimState } from "../state/model.js";
import { xenMac, type DomainDefinition } from "../xlcfg/domain-definition.js";
import { accountCpu } from "./domain-view.js";

/** Hands out a dom0 process id for a simulated backend process. */
export function allocatePid(state: SimState): number {
  const pid = state.processes.nextPid;
  state.processes.nextPid += 1;
  return pid;
}

function backendsFor(
  state: SimState,
  domid: number,
  definition: Pick<DomainDefinition, "disks">,
): SimBackend[] {
  const backends: SimBackend[] = [];
  const needsQemu = definition.disks.some((disk) => disk.format !== "raw");
  for (const disk of definition.disks) {
    if (disk.format !== "raw") continue;
    backends.push({ pid: allocatePid(state), comm: `${String(domid)}.${disk.vdev}-0`, vdev: disk.vdev });
  }
  if (needsQemu) backends.push({ pid: allocatePid(state), comm: "qemu-system-i38", vdev: "qdisk" });
  return backends;
}

/** What a Linux guest prints on its console while it boots. */
export function bootLog(name: string, type: string): string {
  return [
    "[    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
    `[    0.000000] Command line: root=/dev/xvda1 ro console=hvc0`,
    `[    0.000000] Booting kernel on Xen (${type})`,
    "[    1.204113] Run /sbin/init as init process",
    "",
    `Debian GNU/Linux 12 ${name} hvc0`,
    "",
    `${name} login: `,
  ].join("\r\n");
}

/** How a domain is started: from a definition (create) or from a saved domain (restore). */
export interface StartOptions {
  readonly paused: boolean;
  readonly configText: string;
  readonly configSource: string;
  readonly now: number;
  readonly uuid?: string;
  readonly consoleLog?: string;
  readonly cpuSeconds?: number;
}

/**
 * Builds a running (or paused) domain from a definition: next domid, backend
 * processes for its disks, vif devices on its bridges, a boot log on its console.
 */
export function startDomain(state: SimState, definition: DomainDefinition, options: StartOptions): SimDomain {
  const domid = state.nextDomid;
  state.nextDomid += 1;
  const domain: SimDomain = {
    name: definition.name,
    domid,
    uuid: options.uuid ?? definition.uuid ?? randomUUID(),
    type: definition.type,
    state: options.paused ? "paused" : "running",
    memoryMiB: definition.memoryMiB,
    maxMemoryMiB: definition.maxMemoryMiB,
    maxVcpus: definition.maxVcpus,
    onlineVcpus: definition.vcpus,
    hardAffinity: [...definition.hardAffinity],
    softAffinity: [...definition.softAffinity],
    weight: definition.weight,
    cap: definition.cap,
    configText: options.configText,
    configSource: options.configSource,
    ...(definition.kernel === undefined ? {} : { kernel: definition.kernel }),
    ...(definition.ramdisk === undefined ? {} : { ramdisk: definition.ramdisk }),
    ...(definition.cmdline === undefined ? {} : { cmdline: definition.cmdline }),
    ...(definition.bootloader === undefined ? {} : { bootloader: definition.bootloader }),
    ...(definition.bootloaderArgs === undefined ? {} : { bootloaderArgs: [...definition.bootloaderArgs] }),
    disks: [...definition.disks],
    vifs: definition.vifs.map((vif) => ({ ...vif, mac: vif.mac ?? xenMac(definition.name, vif.devid) })),
    onPoweroff: definition.onPoweroff,
    onReboot: definition.onReboot,
    onCrash: definition.onCrash,
    startedAt: options.now,
    cpuSeconds: options.cpuSeconds ?? 0,
    lastAccountedAt: options.now,
    consoleLog: options.consoleLog ?? bootLog(definition.name, definition.type),
    backends: backendsFor(state, domid, definition),
  };
  state.domains.push(domain);
  addVifDevices(state, domain);
  return domain;
}

/** The definition a running domain was built from (for restarts and saves). */
export function definitionOf(domain: SimDomain): DomainDefinition {
  return {
    name: domain.name,
    uuid: domain.uuid,
    type: domain.type,
    memoryMiB: domain.memoryMiB,
    maxMemoryMiB: domain.maxMemoryMiB,
    vcpus: domain.onlineVcpus,
    maxVcpus: domain.maxVcpus,
    hardAffinity: domain.hardAffinity,
    softAffinity: domain.softAffinity,
    weight: domain.weight,
    cap: domain.cap,
    ...(domain.kernel === undefined ? {} : { kernel: domain.kernel }),
    ...(domain.ramdisk === undefined ? {} : { ramdisk: domain.ramdisk }),
    ...(domain.cmdline === undefined ? {} : { cmdline: domain.cmdline }),
    ...(domain.bootloader === undefined ? {} : { bootloader: domain.bootloader }),
    ...(domain.bootloaderArgs === undefined ? {} : { bootloaderArgs: domain.bootloaderArgs }),
    disks: domain.disks,
    vifs: domain.vifs,
    onPoweroff: domain.onPoweroff,
    onReboot: domain.onReboot,
    onCrash: domain.onCrash,
  };
}

/** Removes a domain and everything the hypervisor and dom0 kernel had for it. */
export function destroyDomain(state: SimState, domid: number): void {
  const domain = state.domains.find((each) => each.domid === domid);
  state.domains = state.domains.filter((each) => each.domid !== domid);
  removeVifDevices(state, domid);
  for (const backend of domain?.backends ?? []) delete state.processes.ioPriorities[String(backend.pid)];
}

/**
 * The guest shut down (powered off, rebooted or crashed): apply its
 * `on_poweroff`/`on_reboot`/`on_crash` action, as xl's monitoring process does.
 * Returns the domain that now carries the name, if any (a restart has a new domid).
 */
export function guestShutdown(
  state: SimState,
  domain: SimDomain,
  reason: ShutdownReason,
  now: number,
): SimDomain | undefined {
  const action =
    reason === "reboot"
      ? domain.onReboot
      : reason === "crash" || reason === "watchdog"
        ? domain.onCrash
        : domain.onPoweroff;
  accountCpu(domain, now);
  switch (action) {
    case "preserve":
      domain.state = reason === "crash" ? "crashed" : "shutdown";
      domain.shutdownReason = reason;
      delete domain.pendingShutdown;
      return domain;
    case "destroy":
      destroyDomain(state, domain.domid);
      return undefined;
    case "restart":
    case "rename-restart": {
      const definition = definitionOf(domain);
      destroyDomain(state, domain.domid);
      return startDomain(state, definition, {
        paused: false,
        configText: domain.configText,
        configSource: domain.configSource,
        now,
        uuid: domain.uuid,
      });
    }
  }
}

/**
 * Crashes a guest (for fault injection): its `on_crash` action applies.
 * Returns false when no domain has that name or domid.
 */
export function crashDomain(state: SimState, nameOrDomid: string, now: number): boolean {
  const domain = state.domains.find(
    (each) => each.name === nameOrDomid || String(each.domid) === nameOrDomid,
  );
  if (domain === undefined || domain.state === "shutdown" || domain.state === "crashed") return false;
  guestShutdown(state, domain, "crash", now);
  return true;
}
