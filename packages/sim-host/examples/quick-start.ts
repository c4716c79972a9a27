import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimHost } from "@dom0kit/sim-host";

// A simulated dom0 in a fresh directory, on a fixed clock so the output is the same every run.
const dir = await mkdtemp(join(tmpdir(), "sim-dom0-"));
try {
  const sim = await SimHost.create(dir, {
    host: { cpus: 8, memoryMiB: 32768 },
    now: () => Date.UTC(2025, 0, 1),
  });

  // A disk and a guest, as an admin makes them.
  await sim.run({ file: "lvcreate", args: ["-L", "64M", "-n", "vm1-disk", "vg0"] });
  await sim.writeFile(
    "/etc/xen/vm1.cfg",
    'name = "vm1"\nmemory = 512\nvcpus = 2\ndisk = [ "phy:/dev/vg0/vm1-disk,xvda,w" ]\n',
  );
  await sim.run({ file: "xl", args: ["create", "/etc/xen/vm1.cfg"] });
  console.log((await sim.run({ file: "xl", args: ["list"] })).stdout);

  // A backup through a snapshot: real bytes through the real zstd.
  await sim.run({ file: "lvcreate", args: ["-s", "-L", "16M", "-n", "vm1-snap", "vg0/vm1-disk"] });
  await sim.stream([
    { file: "dd", args: ["if=/dev/vg0/vm1-snap", "bs=1M", "status=none"] },
    { file: "zstd", args: ["-T0", "-c"] },
    { file: "dd", args: ["of=/var/backups/vm1.img.zst", "bs=1M", "status=none"] },
  ]).done;
  const lvs = await sim.run({ file: "lvs", args: ["-o", "lv_name,lv_attr,lv_size,data_percent", "vg0"] });
  console.log(lvs.stdout.replace(/ +$/gm, "")); // lvs pads every column, the last one too

  // Faults: the next lvremove fails the way a busy device makes it fail.
  await sim.addFault({
    match: { argvPrefix: ["lvremove"] },
    effect: { kind: "fail", exitCode: 5, stderr: "  Logical volume vg0/vm1-snap in use.\n" },
  });
  const removal = await sim.run({ file: "lvremove", args: ["-f", "vg0/vm1-snap"], okExitCodes: [0, 5] });
  console.log(`lvremove exited ${String(removal.exitCode)}: ${removal.stderr.trim()}`);

  // Anything the simulator does not model fails loudly.
  const unknown = await sim.run({ file: "xe", args: ["vm-list"], okExitCodes: [127] });
  console.log(`xe exited ${String(unknown.exitCode)}: ${unknown.stderr.trim()}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
