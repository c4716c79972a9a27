import { testTempDir, expectReadmeShows } from "@dom0kit/test-support";
import { expect, it } from "vitest";
import { ioReport } from "../examples/io-report.js";
import { FakeIoniceHost } from "../test/fixtures/fake-ionice-host.js";
import { writeProcTree } from "../test/fixtures/proc-tree.js";
import { DOM0_BLOCK_DEVICES, DOM0_MOUNTINFO, writeFsTree, writeSysTree } from "../test/fixtures/sys-tree.js";

const XL_LIST = `Name                                        ID   Mem VCPUs      State   Time(s)
Domain-0                                     0  1024     2     r-----     100.0
web1                                         7   512     1     -b----      10.0
db1                                          8  2048     2     -b----      10.0
mail1                                        9   512     1     -b----      10.0
`;

it("runs the README's example against a fixture dom0", async () => {
  await expectReadmeShows("../README.md", "../examples/io-report.ts", import.meta.url);
  const root = await testTempDir();
  const procRoot = await writeProcTree(
    `${root}/proc`,
    [
      { pid: 701, name: "7.xvda-0", kernelThread: true },
      { pid: 801, name: "8.xvda-0", kernelThread: true },
      { pid: 802, name: "8.xvda-1", kernelThread: true },
      { pid: 901, name: "qemu-system-i38", cmdline: ["qemu-system-i386", "-xen-domid", "9"], threads: [902] },
    ],
    DOM0_MOUNTINFO,
  );
  const sysRoot = await writeSysTree(`${root}/sys`, DOM0_BLOCK_DEVICES);
  await writeFsTree(root, {
    links: { "dev/vg0/web1": "../dm-0", "dev/vg0/db1": "../dm-2" },
    files: ["dev/dm-0", "dev/dm-2", "srv/xen/mail1.qcow2"],
  });
  const host = new FakeIoniceHost(XL_LIST, [701, 801, 802, 901, 902]);
  const roots = { procRoot, sysRoot, fsRoot: root };

  expect(await ioReport(host, roots, true)).toEqual([
    "web1 | 7 | 7.xvda-0 | none≈be/4 | be/1 | levels",
    "db1 | 8 | 8.xvda-0,8.xvda-1 | none≈be/4 | be/0 | class",
    "mail1 | 9 | qemu-system-i38 | none≈be/4 | be/1 | nothing",
    "test1 | - | none | - | be/2 | unknown | not running: not in xl list, so no backend process to set",
    "ionice -c 2 -n 0 -p 801 802",
    "ionice -c 2 -n 1 -p 701 901 902",
    "succeeded",
  ]);
  // Applied: the same report now plans nothing.
  expect((await ioReport(host, roots)).slice(0, 3).map((line) => line.split(" | ")[3])).toEqual([
    "be/1",
    "be/0",
    "be/1",
  ]);
  expect((await ioReport(host, roots)).filter((line) => line.startsWith("ionice"))).toEqual([]);
});
