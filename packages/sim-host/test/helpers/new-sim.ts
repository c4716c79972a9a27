import { testTempDir } from "@dom0kit/test-support";
import type { Command, RunResult } from "@dom0kit/runner";
import { SimHost, type HostSpecInput } from "../../src/index.js";

/** A fixed, advancing clock for reproducible output. */
export function fakeClock(start = Date.UTC(2024, 0, 15, 12, 0, 0)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
}

/** A fresh simulated host in a temporary directory removed after the test. */
export async function newSim(host: HostSpecInput = {}, now?: () => number): Promise<SimHost> {
  const dir = await testTempDir("dom0kit-sim-");
  return SimHost.create(dir, { host, ...(now === undefined ? {} : { now }) });
}

/** Runs argv, accepting any exit code (tests assert it). */
export function sh(
  sim: SimHost,
  argv: readonly string[],
  options: Partial<Command> = {},
): Promise<RunResult> {
  const [file = "", ...args] = argv;
  return sim.run({ file, args, okExitCodes: Array.from({ length: 256 }, (_, code) => code), ...options });
}

/** An xl.cfg for a small PV guest on LV /dev/vg0/NAME-disk. */
export function guestConfig(name: string, extra = ""): string {
  return `name = "${name}"\ntype = "pv"\nmemory = 512\nvcpus = 2\ndisk = [ "phy:/dev/vg0/${name}-disk,xvda,w" ]\nvif = [ "bridge=xenbr0" ]\nkernel = "/boot/vmlinuz"\n${extra}`;
}

/** Creates a guest's LV and config and starts it. */
export async function startGuest(sim: SimHost, name: string, extra = "", diskSize = "64M"): Promise<void> {
  const lv = await sh(sim, ["lvcreate", "-L", diskSize, "-n", `${name}-disk`, "vg0"]);
  if (lv.exitCode !== 0) throw new Error(lv.stderr);
  await sim.writeFile(`/etc/xen/${name}.cfg`, guestConfig(name, extra));
  const created = await sh(sim, ["xl", "create", `/etc/xen/${name}.cfg`]);
  if (created.exitCode !== 0) throw new Error(created.stderr);
}
