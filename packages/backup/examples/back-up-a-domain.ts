import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExecaRunner } from "@dom0kit/runner";
import { SimHost } from "@dom0kit/sim-host";
import { listBackups, parseBackupSettings, restoreDisk, runBackup, verifyBackup } from "@dom0kit/backup";

const work = await mkdtemp(join(tmpdir(), "backup-example-"));
const clock = () => new Date(Date.UTC(2025, 0, 1, 3, 0, 0));
try {
  // A simulated dom0 with one running domain on an LVM volume. On a real dom0,
  // use `new ExecaRunner()` (or an SshRunner) as the host runner instead.
  const dom0 = await SimHost.create(join(work, "dom0"), { now: () => clock().getTime() });
  await dom0.run({ file: "lvcreate", args: ["-L", "16M", "-n", "vm1-disk", "vg0"] });
  await dom0.writeFile(
    "/etc/xen/vm1.cfg",
    'name = "vm1"\nmemory = 256\nvcpus = 1\ndisk = [ "phy:/dev/vg0/vm1-disk,xvda,w" ]\n',
  );
  await dom0.run({ file: "xl", args: ["create", "/etc/xen/vm1.cfg"] });

  const local = new ExecaRunner(); // the compressor and the archives live here
  const result = await runBackup({
    domain: "vm1", // its disks come from /etc/xen/vm1.cfg on the host
    settings: parseBackupSettings({ dir: join(work, "backups"), bandwidth: "800mbit", keep: { last: 7 } }),
    hostRunner: dom0,
    localRunner: local,
    now: clock,
    onEvent: (event) => {
      if (event.type === "step" && event.status === "start") console.log(`step: ${event.description}`);
      if (event.type === "copy-end") console.log(`copied ${event.label}: ${String(event.rawBytes)} bytes`);
    },
  });
  console.log(
    `kept ${result.manifest.id} (${result.manifest.mode}, verified: ${result.manifest.verified.depth})`,
  );

  const verdict = await verifyBackup(result.dir, local); // archive SHA-256, zstd's own check, data SHA-256
  console.log(`verify: ${verdict.ok ? "ok" : "FAILED"}`);

  await dom0.run({ file: "lvcreate", args: ["-L", "16M", "-n", "vm1-copy", "vg0"] });
  await restoreDisk({
    backupDir: result.dir,
    vdev: "xvda",
    target: "/dev/vg0/vm1-copy",
    targetRunner: dom0,
    localRunner: local,
  });
  console.log("restored xvda to /dev/vg0/vm1-copy and read it back: same SHA-256");

  const entries = await listBackups(join(work, "backups"), "vm1");
  console.log(entries.map((entry) => `${entry.id} ${entry.status}`).join("\n"));
} finally {
  await rm(work, { recursive: true, force: true });
}
