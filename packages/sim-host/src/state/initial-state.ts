import type { HostSpec } from "../host-spec.js";
import { newDevice } from "../net/devices.js";
import { STATE_FORMAT, STATE_VERSION, type SimState } from "./model.js";

/**
 * A freshly booted simulated dom0 for a host spec: Domain-0 only, empty
 * volume groups, the NICs enslaved to the first bridge, no tc/nft/iptables
 * configuration, no faults.
 *
 * @example
 * ```ts
 * const state = initialState(parseHostSpec({ cpus: 8 }), Date.now());
 * ```
 */
export function initialState(spec: HostSpec, now: number): SimState {
  const state: SimState = {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    host: {
      hostname: spec.hostname,
      release: "6.1.0-18-amd64",
      kernelVersion: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
      machine: "x86_64",
      cpus: spec.cpus,
      memoryMiB: spec.memoryMiB,
      scheduler: spec.scheduler,
      pool: { tsliceMs: 30, ratelimitUs: 1000, migrationDelayUs: 0 },
      credit2RatelimitUs: 1000,
      bootedAt: now,
      volumeGroups: spec.volumeGroups.map((vg) => ({
        name: vg.name,
        sizeBytes: Math.floor(vg.size / vg.extentSize) * vg.extentSize,
        extentBytes: vg.extentSize,
      })),
      nics: [...spec.nics],
      bridges: [...spec.bridges],
      physicalDisk: spec.physicalDisk,
      blockScheduler: spec.blockScheduler,
    },
    dom0: {
      memoryMiB: spec.dom0.memoryMiB,
      maxVcpus: spec.dom0.vcpus,
      onlineVcpus: spec.dom0.vcpus,
      weight: spec.dom0.weight,
      cap: spec.dom0.cap,
      hardAffinity: Array.from({ length: spec.dom0.vcpus }, () => "all"),
    },
    nextDomid: 1,
    domains: [],
    logicalVolumes: [],
    lvOpeners: [],
    network: { devices: [], nextIfindex: 2, nextAutoHandle: 0x8001 },
    nft: { tables: [], nextTableHandle: 1 },
    iptables: { v4: [], v6: [] },
    processes: { nextPid: 1200, ioPriorities: {} },
    faults: [],
    nextFaultId: 1,
  };
  const bridge = spec.bridges[0];
  for (const nic of spec.nics)
    state.network.devices.push(newDevice(state, nic, "nic", bridge === undefined ? {} : { master: bridge }));
  for (const name of spec.bridges) state.network.devices.push(newDevice(state, name, "bridge"));
  return state;
}
