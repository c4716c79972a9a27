import { createHash } from "node:crypto";
import type { SimDomain, SimState } from "../state/model.js";
import type { NetDevice, TcQdisc } from "../tc/model.js";

/** The qdisc a fresh device has (like a veth in a test namespace). */
export function defaultQdisc(): TcQdisc {
  return { kind: "noqueue", handle: 0, parent: "root", options: { entries: [] }, text: "", builtin: true };
}

function stableMac(name: string): string {
  const digest = createHash("sha256").update(name).digest();
  const bytes = [0x52, 0x54, 0x00, digest[0] ?? 0, digest[1] ?? 0, digest[2] ?? 0];
  return bytes.map((byte) => byte.toString(16).padStart(2, "0")).join(":");
}

/** A new device with its default qdisc. */
export function newDevice(
  state: SimState,
  name: string,
  kind: NetDevice["kind"],
  extra: Partial<NetDevice> = {},
): NetDevice {
  const device: NetDevice = {
    name,
    ifindex: state.network.nextIfindex,
    kind,
    mac: kind === "vif" ? "fe:ff:ff:ff:ff:ff" : stableMac(name),
    mtu: 1500,
    qdiscs: [defaultQdisc()],
    classes: [],
    filters: [],
    ...extra,
  };
  state.network.nextIfindex += 1;
  return device;
}

/** The dom0 name of a domain's vif: `vifname=` or `vif<domid>.<devid>`. */
export function vifDeviceName(
  domain: Pick<SimDomain, "domid">,
  vif: { devid: number; vifname?: string },
): string {
  return vif.vifname ?? `vif${String(domain.domid)}.${String(vif.devid)}`;
}

/** Creates the backend devices of a domain's vifs (attached to their bridges). */
export function addVifDevices(state: SimState, domain: SimDomain): void {
  for (const vif of domain.vifs) {
    state.network.devices.push(
      newDevice(state, vifDeviceName(domain, vif), "vif", { master: vif.bridge, domid: domain.domid }),
    );
  }
}

/** Removes a domain's vif devices, with everything tc configured on them (as the kernel does). */
export function removeVifDevices(state: SimState, domid: number): void {
  state.network.devices = state.network.devices.filter((device) => device.domid !== domid);
}
