import { applyPlan, formatCommand, type CommandRunner } from "@dom0kit/runner";
import {
  describeCurrentPriorities,
  formatIoPriority,
  inspectIo,
  parseIoPolicy,
  planIoPriorities,
  type HostRoots,
} from "@dom0kit/ionice-mapper";

// Three customers: CPU allocations (credit weights) and the disks they use.
export const policy = parseIoPolicy({
  domains: [
    { name: "web1", allocation: 512, disks: [{ source: "/dev/vg0/web1", vdev: "xvda" }] },
    { name: "db1", allocation: 2048, disks: [{ source: "/dev/vg0/db1", vdev: "xvda" }] },
    { name: "mail1", allocation: 512, disks: [{ source: "/srv/xen/mail1.qcow2", vdev: "xvda" }] },
    { name: "test1", allocation: 128 },
  ],
  housekeeping: { level: 7, processNames: ["rsync"] },
});

/** Prints each domain's backends, priority now and planned, and the disk verdict; applies when asked. */
export async function ioReport(
  runner: CommandRunner,
  roots: HostRoots = {},
  apply = false,
): Promise<string[]> {
  const inspection = await inspectIo(policy, { runner, ...roots });
  const lines = inspection.domains.map((domain) =>
    [
      domain.name,
      domain.domid ?? "-",
      domain.backends.map((backend) => backend.name).join(",") || "none",
      describeCurrentPriorities(domain.backends),
      formatIoPriority(domain.planned),
      domain.honours,
      ...domain.problems,
    ].join(" | "),
  );
  const changes = planIoPriorities(inspection); // only what differs: empty when nothing drifted
  lines.push(...changes.steps.map((step) => formatCommand(step.command)));
  if (apply) lines.push((await applyPlan(changes, runner)).status);
  return lines;
}
