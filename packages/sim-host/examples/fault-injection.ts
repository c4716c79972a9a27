import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimHost } from "@dom0kit/sim-host";

// What a backup package's failure tests do: break one step, check the recovery.
const dir = await mkdtemp(join(tmpdir(), "sim-faults-"));
try {
  const sim = await SimHost.create(dir);
  await sim.run({ file: "lvcreate", args: ["-L", "32M", "-n", "vm1-disk", "vg0"] });
  await sim.run({ file: "lvcreate", args: ["-s", "-L", "8M", "-n", "vm1-snap", "vg0/vm1-disk"] });

  // 1. The second `xl save` fails as a real one can (-c: the domain keeps running after a save).
  await sim.writeFile(
    "/etc/xen/vm1.cfg",
    'name = "vm1"\nmemory = 512\ndisk = [ "phy:/dev/vg0/vm1-disk,xvda,w" ]\n',
  );
  await sim.run({ file: "xl", args: ["create", "/etc/xen/vm1.cfg"] });
  await sim.addFault({
    match: { argvPrefix: ["xl", "save"] },
    nth: 2,
    effect: { kind: "fail", exitCode: 1, stderr: "Failed to save domain, resuming domain\n" },
  });
  for (const attempt of [1, 2]) {
    const save = await sim.run({
      file: "xl",
      args: ["save", "-c", "vm1", `/var/lib/xen/save/vm1.${String(attempt)}`],
      okExitCodes: [0, 1],
    });
    console.log(`xl save #${String(attempt)}: exit ${String(save.exitCode)} ${save.stderr.trim()}`);
  }

  // 2. Reading the snapshot hangs: the caller's timeout must stop it.
  await sim.addFault({
    match: { argvPrefix: ["dd"], argvRegex: "if=/dev/vg0/vm1-snap" },
    effect: { kind: "hang" },
  });
  const hung = await sim
    .run({ file: "dd", args: ["if=/dev/vg0/vm1-snap", "bs=1M", "status=none"], timeoutMs: 200 })
    .catch((error: unknown) => error as { timedOut?: boolean });
  console.log(`dd timed out: ${String("timedOut" in hung && hung.timedOut)}`);

  // 3. The snapshot overflows while the backup runs: lvs shows it invalid, reads fail.
  await sim.setSnapshotFill("vg0/vm1-snap", 100);
  const lvs = await sim.run({ file: "lvs", args: ["--noheadings", "-o", "lv_name,lv_attr", "vg0/vm1-snap"] });
  console.log(`lvs: ${lvs.stdout.trim()}`);
  const read = await sim.run({
    file: "dd",
    args: ["if=/dev/vg0/vm1-snap", "bs=1M", "count=1", "status=none", "of=/dev/null"],
    okExitCodes: [0, 1],
  });
  console.log(`reading it: exit ${String(read.exitCode)}, ${read.stderr.trim()}`);

  // Every fault is kept in the state directory, so a script run through the shims sees it too.
  for (const fault of await sim.faults())
    console.log(
      `fault ${String(fault.id)} on ${fault.spec.match.argvPrefix.join(" ")}: matched ${String(fault.matched)}, fired ${String(fault.fired)}`,
    );
} finally {
  await rm(dir, { recursive: true, force: true });
}
