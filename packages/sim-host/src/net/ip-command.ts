import { emit } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import type { NetDevice } from "../tc/model.js";

function rootQdiscKind(device: NetDevice): string {
  return device.qdiscs.find((qdisc) => qdisc.parent === "root")?.kind ?? "noqueue";
}

function jsonLink(device: NetDevice): Record<string, unknown> {
  return {
    ifindex: device.ifindex,
    ifname: device.name,
    flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
    mtu: device.mtu,
    qdisc: rootQdiscKind(device),
    ...(device.master === undefined ? {} : { master: device.master }),
    operstate: "UP",
    linkmode: "DEFAULT",
    group: "default",
    txqlen: device.kind === "vif" ? 32 : 1000,
    link_type: "ether",
    address: device.mac,
    broadcast: "ff:ff:ff:ff:ff:ff",
  };
}

function textLink(device: NetDevice): string {
  const master = device.master === undefined ? "" : ` master ${device.master}`;
  return `${String(device.ifindex)}: ${device.name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${String(device.mtu)} qdisc ${rootQdiscKind(device)}${master} state UP mode DEFAULT group default qlen ${device.kind === "vif" ? "32" : "1000"}\n    link/ether ${device.mac} brd ff:ff:ff:ff:ff:ff\n`;
}

/**
 * `ip [-j] link show [dev DEV]`: the simulated dom0's network devices (NICs,
 * bridges, and a vif per running guest interface). Other ip commands fail with exit 127.
 */
export const ipCommand: CommandHandler = async (context) => {
  let args = context.argv.slice(1);
  let json = false;
  while (args[0] !== undefined && args[0].startsWith("-")) {
    if (args[0] === "-j" || args[0] === "-json") json = true;
    else if (args[0] !== "-d" && args[0] !== "-details") {
      await emit(context.io.stderr, `sim-host: ip ${context.argv.slice(1).join(" ")}: not simulated\n`);
      return { exitCode: 127 };
    }
    args = args.slice(1);
  }
  const [object, verb = "show", ...rest] = args;
  if ((object !== "link" && object !== "l") || !["show", "list", "ls"].includes(verb)) {
    await emit(context.io.stderr, `sim-host: ip ${context.argv.slice(1).join(" ")}: not simulated\n`);
    return { exitCode: 127 };
  }
  const state = await context.env.store.read();
  let devices = [...state.network.devices].sort((a, b) => a.ifindex - b.ifindex);
  const name = rest[0] === "dev" ? rest[1] : rest[0];
  if (name !== undefined) {
    devices = devices.filter((device) => device.name === name);
    if (devices.length === 0) {
      await emit(context.io.stderr, `Device "${name}" does not exist.\n`);
      return { exitCode: 1 };
    }
  }
  await emit(
    context.io.stdout,
    json ? `${JSON.stringify(devices.map(jsonLink))}\n` : devices.map(textLink).join(""),
  );
  return { exitCode: 0 };
};
