import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { writeProcTree } from "../test/fixtures/proc-tree.js";
import { writeSysTree } from "../test/fixtures/sys-tree.js";
import { parseDefaultWeight, readCgroupIoState } from "./cgroup-state.js";
import { ioPriority } from "./io-priority.js";
import { planCgroupIoWeights, type CgroupMember } from "./plan-cgroup.js";

interface CgroupFixture {
  readonly controllers?: string;
  readonly subtreeControl?: string;
  readonly iocost?: boolean;
  /** Child cgroups under the parent with their files. */
  readonly groups?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly parentSubtree?: string;
}

async function fixture(cgroup: CgroupFixture, processCgroups: Readonly<Record<number, string>> = {}) {
  const root = await testTempDir();
  const cgroupRoot = join(root, "cgroup");
  await mkdir(cgroupRoot, { recursive: true });
  if (cgroup.controllers !== undefined)
    await writeFile(join(cgroupRoot, "cgroup.controllers"), `${cgroup.controllers}\n`);
  await writeFile(join(cgroupRoot, "cgroup.subtree_control"), `${cgroup.subtreeControl ?? ""}\n`);
  if (cgroup.iocost === true) await writeFile(join(cgroupRoot, "io.cost.qos"), "");
  if (cgroup.parentSubtree !== undefined || cgroup.groups !== undefined) {
    await mkdir(join(cgroupRoot, "dom0kit-io"));
    await writeFile(
      join(cgroupRoot, "dom0kit-io", "cgroup.subtree_control"),
      `${cgroup.parentSubtree ?? ""}\n`,
    );
  }
  for (const [group, files] of Object.entries(cgroup.groups ?? {})) {
    await mkdir(join(cgroupRoot, "dom0kit-io", group));
    for (const [file, content] of Object.entries(files))
      await writeFile(join(cgroupRoot, "dom0kit-io", group, file), content);
  }
  const procRoot = await writeProcTree(
    join(root, "proc"),
    Object.keys(processCgroups).map((pid) => ({ pid: Number(pid), name: "qemu-system-i38" })),
  );
  for (const [pid, path] of Object.entries(processCgroups))
    await writeFile(join(procRoot, pid, "cgroup"), `0::${path}\n`);
  const sysRoot = await writeSysTree(join(root, "sys"), [
    { name: "sda", dev: "8:0", parent: "pci0000:00/ata1/block", scheduler: "mq-deadline kyber [bfq] none" },
  ]);
  return { cgroupRoot, procRoot, sysRoot };
}

const members: CgroupMember[] = [
  { group: "domu-vm4", owner: "vm4", priority: ioPriority("best-effort", 1), pids: [410] },
  { group: "housekeeping", owner: "housekeeping", priority: ioPriority("best-effort", 7), pids: [900] },
];

function argvOf(result: ReturnType<typeof planCgroupIoWeights>): string[] {
  if (!result.ok) throw new Error(result.reason);
  return result.plan.steps.map((step) =>
    [
      step.command.file,
      ...step.command.args,
      ...(step.command.input === undefined ? [] : [`<<< ${String(step.command.input).trim()}`]),
    ].join(" "),
  );
}

describe("planCgroupIoWeights", () => {
  it("builds the hierarchy, writes weights the kernel offers and moves each process", async () => {
    const roots = await fixture(
      { controllers: "cpuset cpu io memory pids", subtreeControl: "cpu memory", iocost: true },
      { 410: "/", 900: "/system.slice/backup.service" },
    );
    const state = await readCgroupIoState(["domu-vm4", "housekeeping"], [410, 900], roots);
    expect(state).toMatchObject({
      available: true,
      rootSubtreeHasIo: false,
      parentExists: false,
      weightFiles: ["io.bfq.weight", "io.weight"],
    });
    const c = roots.cgroupRoot;
    expect(argvOf(planCgroupIoWeights(members, state))).toEqual([
      `tee ${c}/cgroup.subtree_control <<< +io`,
      `mkdir ${c}/dom0kit-io`,
      `tee ${c}/dom0kit-io/cgroup.subtree_control <<< +io`,
      `mkdir ${c}/dom0kit-io/domu-vm4`,
      `tee ${c}/dom0kit-io/domu-vm4/io.bfq.weight <<< default 175`,
      `tee ${c}/dom0kit-io/domu-vm4/io.weight <<< default 175`,
      `tee ${c}/dom0kit-io/domu-vm4/cgroup.procs <<< 410`,
      `mkdir ${c}/dom0kit-io/housekeeping`,
      `tee ${c}/dom0kit-io/housekeeping/io.bfq.weight <<< default 25`,
      `tee ${c}/dom0kit-io/housekeeping/io.weight <<< default 25`,
      `tee ${c}/dom0kit-io/housekeeping/cgroup.procs <<< 900`,
    ]);
  });

  it("plans nothing when the host already matches", async () => {
    const roots = await fixture(
      {
        controllers: "cpu io memory",
        subtreeControl: "cpu io memory",
        parentSubtree: "io",
        groups: {
          "domu-vm4": { "io.bfq.weight": "default 175\n" },
          housekeeping: { "io.bfq.weight": "default 25\n8:0 50\n" },
        },
      },
      { 410: "/dom0kit-io/domu-vm4", 900: "/dom0kit-io/housekeeping" },
    );
    const state = await readCgroupIoState(["domu-vm4", "housekeeping"], [410, 900], roots);
    expect(state.weightFiles).toEqual(["io.bfq.weight"]);
    expect(argvOf(planCgroupIoWeights(members, state))).toEqual([]);
  });

  it("changes only a weight that differs", async () => {
    const roots = await fixture(
      {
        controllers: "io",
        subtreeControl: "io",
        parentSubtree: "io",
        groups: { "domu-vm4": { "io.bfq.weight": "default 100\n" } },
      },
      { 410: "/dom0kit-io/domu-vm4" },
    );
    const state = await readCgroupIoState(["domu-vm4"], [410], roots);
    expect(argvOf(planCgroupIoWeights(members.slice(0, 1), state))).toEqual([
      `tee ${roots.cgroupRoot}/dom0kit-io/domu-vm4/io.bfq.weight <<< default 175`,
    ]);
  });

  it("says why when the io controller is not offered (cgroup v1 blkio holds it)", async () => {
    const roots = await fixture({ controllers: "hugetlb" });
    const result = planCgroupIoWeights(members, await readCgroupIoState([], [], roots));
    expect(result).toEqual({
      ok: false,
      reason: `the io controller is not offered in ${roots.cgroupRoot} (cgroup.controllers: hugetlb); it is probably bound to a cgroup v1 blkio hierarchy — boot with systemd.unified_cgroup_hierarchy=1`,
    });
  });

  it("says when the root is not a cgroup v2 mount", async () => {
    const roots = await fixture({});
    const state = await readCgroupIoState([], [], roots);
    expect(state.reason).toBe(`${roots.cgroupRoot} is not a cgroup v2 mount (no cgroup.controllers)`);
  });

  it("refuses a parent name that is not a plain cgroup name", async () => {
    await expect(readCgroupIoState([], [], { parent: "../escape" })).rejects.toThrow(
      '"../escape" is not a cgroup name',
    );
  });
});

describe("parseDefaultWeight", () => {
  it.each([
    ["default 100\n", 100],
    ["default 175\n8:16 200\n", 175],
    ["250\n", 250],
    ["8:16 200\n", undefined],
  ])("reads %j", (text, weight) => {
    expect(parseDefaultWeight(text)).toBe(weight);
  });
});
