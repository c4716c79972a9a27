import { z } from "zod";
import type { FaultRecord } from "../faults/fault-spec.js";
import type { IptablesState } from "../iptables/model.js";
import type { NftState } from "../nft/model.js";
import type { NetDevice } from "../tc/model.js";

/** `format` field of every state file. */
export const STATE_FORMAT = "dom0kit-sim-host";
/** Version of the state file layout this code reads and writes. */
export const STATE_VERSION = 1;

/** Run states of a simulated domain (`xl list` letters r/b, p, s, s+c). */
export type DomainRunState = "running" | "paused" | "shutdown" | "crashed";
/** Why a domain shut down (libxl_shutdown_reason). */
export type ShutdownReason = "poweroff" | "reboot" | "suspend" | "crash" | "watchdog";
/** What xl does when a domain powers off, reboots or crashes (xl.cfg `on_*`). */
export type ShutdownAction = "destroy" | "restart" | "rename-restart" | "preserve";

/** One disk of a domain, as xl-disk-configuration describes it. */
export interface SimDisk {
  /** The backend path in dom0: `/dev/vg0/vm1-disk` or an image file. */
  readonly target: string;
  readonly vdev: string;
  readonly format: string;
  readonly readwrite: boolean;
}

/** One network interface of a domain. */
export interface SimVif {
  readonly devid: number;
  readonly mac: string;
  readonly bridge: string;
  /** `vifname=` from the config; the device is otherwise `vif<domid>.<devid>`. */
  readonly vifname?: string;
  readonly ip?: string;
  readonly rate?: string;
}

/** A dom0 process that does a domain's I/O (blkback thread, qemu qdisk). */
export interface SimBackend {
  readonly pid: number;
  readonly comm: string;
  readonly vdev: string;
}

/** A simulated guest. */
export interface SimDomain {
  name: string;
  domid: number;
  uuid: string;
  type: "pv" | "pvh" | "hvm";
  state: DomainRunState;
  shutdownReason?: ShutdownReason;
  /** A shutdown/reboot requested while paused; it happens on unpause. */
  pendingShutdown?: "poweroff" | "reboot";
  memoryMiB: number;
  maxMemoryMiB: number;
  maxVcpus: number;
  onlineVcpus: number;
  /** Hard affinity per vcpu, as a CPU list (`all`, `0-3`, `0,2`). */
  hardAffinity: string[];
  softAffinity: string[];
  weight: number;
  cap: number;
  /** The xl.cfg text the domain was created from (kept for `xl save` and `list -l`). */
  configText: string;
  /** Where it came from: a path, or `<saved>`. */
  configSource: string;
  kernel?: string;
  ramdisk?: string;
  cmdline?: string;
  bootloader?: string;
  bootloaderArgs?: string[];
  disks: SimDisk[];
  vifs: SimVif[];
  onPoweroff: ShutdownAction;
  onReboot: ShutdownAction;
  onCrash: ShutdownAction;
  /** Epoch ms the domain was (re)started. */
  startedAt: number;
  /** CPU seconds consumed before `lastAccountedAt`. */
  cpuSeconds: number;
  lastAccountedAt: number;
  consoleLog: string;
  backends: SimBackend[];
}

/** A logical volume; snapshots carry `origin` and `snapshot`. */
export interface SimLogicalVolume {
  vg: string;
  name: string;
  uuid: string;
  sizeBytes: number;
  createdAt: number;
  origin?: string;
  snapshot?: {
    /** Share of the COW space used, 0..100. */
    fillPercent: number;
    /** Set when the COW space overflowed: `lvs` shows `I`. */
    invalid: boolean;
  };
}

/** A volume group: its size is simulated, LVs are sparse files. */
export interface SimVolumeGroup {
  readonly name: string;
  readonly sizeBytes: number;
  readonly extentBytes: number;
}

/** The machine itself. */
export interface SimHostInfo {
  hostname: string;
  release: string;
  kernelVersion: string;
  machine: string;
  cpus: number;
  memoryMiB: number;
  scheduler: "credit" | "credit2";
  pool: { tsliceMs: number; ratelimitUs: number; migrationDelayUs: number };
  credit2RatelimitUs: number;
  bootedAt: number;
  volumeGroups: SimVolumeGroup[];
  nics: string[];
  bridges: string[];
  physicalDisk: string;
  blockScheduler: string;
}

/** Domain-0's scheduling and size. */
export interface SimDom0 {
  memoryMiB: number;
  maxVcpus: number;
  onlineVcpus: number;
  weight: number;
  cap: number;
  hardAffinity: string[];
}

/** I/O priority of a process, as `ionice` sets it. */
export interface SimIoPriority {
  readonly ioClass: "none" | "realtime" | "best-effort" | "idle";
  readonly level: number;
}

/** A process that holds an LV open (a data command reading or writing it). */
export interface SimLvOpener {
  readonly lv: string;
  readonly pid: number;
  readonly token: string;
}

/**
 * The owner and mode the simulated dom0 gives one file (the inode of the real
 * file behind it): kept here because the simulated accounts do not exist on
 * the real machine. Files without a record are root's, with their real mode.
 */
export interface SimFileOwner {
  uid: number;
  gid: number;
  /** Permission bits with set-user-ID, set-group-ID and sticky (0o7777). */
  mode: number;
}

/** Everything a simulated dom0 remembers, persisted as `state.json`. */
export interface SimState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  host: SimHostInfo;
  dom0: SimDom0;
  nextDomid: number;
  domains: SimDomain[];
  logicalVolumes: SimLogicalVolume[];
  lvOpeners: SimLvOpener[];
  network: { devices: NetDevice[]; nextIfindex: number; nextAutoHandle: number };
  nft: NftState;
  iptables: IptablesState;
  processes: { nextPid: number; ioPriorities: Record<string, SimIoPriority> };
  faults: FaultRecord[];
  nextFaultId: number;
  /** Owners and modes of files by inode key (`ino:birthtime`); absent in states made before accounts were simulated. */
  fileOwners?: Record<string, SimFileOwner>;
}

/** The structural check applied to every state file read: format, version and the main collections. */
export const stateShapeSchema = z
  .object({
    format: z.literal(STATE_FORMAT),
    version: z.literal(STATE_VERSION),
    host: z.object({
      hostname: z.string(),
      cpus: z.number().int().positive(),
      memoryMiB: z.number().int().positive(),
      scheduler: z.enum(["credit", "credit2"]),
      volumeGroups: z.array(z.object({ name: z.string(), sizeBytes: z.number(), extentBytes: z.number() })),
    }),
    dom0: z.object({ memoryMiB: z.number(), maxVcpus: z.number(), weight: z.number(), cap: z.number() }),
    nextDomid: z.number().int().positive(),
    domains: z.array(
      z.object({
        name: z.string(),
        domid: z.number().int().positive(),
        state: z.enum(["running", "paused", "shutdown", "crashed"]),
      }),
    ),
    logicalVolumes: z.array(z.object({ vg: z.string(), name: z.string(), sizeBytes: z.number() })),
    lvOpeners: z.array(z.object({ lv: z.string(), pid: z.number(), token: z.string() })),
    network: z.object({ devices: z.array(z.object({ name: z.string() })) }),
    nft: z.object({ tables: z.array(z.unknown()) }),
    iptables: z.object({}).passthrough(),
    processes: z.object({ nextPid: z.number() }),
    faults: z.array(z.object({ id: z.number() })),
    nextFaultId: z.number(),
    fileOwners: z
      .record(z.string(), z.object({ uid: z.number(), gid: z.number(), mode: z.number() }))
      .optional(),
  })
  .passthrough();
