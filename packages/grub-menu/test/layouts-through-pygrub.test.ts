import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  parseMenuLst,
  pvGrubLayout,
  pygrubLayout,
  type BootLayout,
  type MenuFormat,
  type PygrubReading,
} from "../src/index.js";
import {
  askPygrub,
  intendedChoices,
  ourParse,
  ourReading,
  pygrubPrerequisites,
  pygrubView,
} from "./support/agreement.js";
import { fieldPvGrubInput, fieldPygrubInput } from "./support/field-layouts.js";
import { pathArbitrary, titleArbitrary, argsArbitrary } from "./support/arbitraries.js";

const LAYOUT_RUNS = 150;
const seed = Number(process.env.GRUB_MENU_SEED ?? Date.now() % 2 ** 31);
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", "field", name), "utf8");

const kernelOf = (format: MenuFormat) =>
  fc.record(
    {
      title: titleArbitrary(format),
      kernel: pathArbitrary(format),
      initrd: pathArbitrary(format),
      args: argsArbitrary(format).filter((args) => !/(^|\s)root=/.test(args)),
    },
    { requiredKeys: ["title", "kernel"] },
  );
const kernelArbitrary = kernelOf("menu.lst");

const generatedPygrubLayouts = fc
  .sample(
    fc.constantFrom("menu.lst" as const, "grub.cfg" as const).chain((format) =>
      fc.record({
        format: fc.constant(format),
        distro: kernelOf(format),
        generic: fc.option(kernelOf(format), { nil: undefined }),
        rescue: kernelOf(format),
        label: fc.stringMatching(/^[A-Za-z0-9._-]{1,16}$/),
        timeout: fc.integer({ min: 0, max: 60 }),
      }),
    ),
    { numRuns: LAYOUT_RUNS, seed },
  )
  .map((input): BootLayout => {
    try {
      return pygrubLayout({
        disks: [
          { target: "/dev/vg0/boot", vdev: "xvda", access: "rw" },
          { target: "/dev/vg0/rescue", vdev: "xvdb", access: "ro" },
        ],
        rescueDisk: "xvdb",
        format: input.format,
        timeout: input.timeout,
        distro: input.distro,
        ...(input.generic === undefined ? {} : { generic: input.generic }),
        rescue: { ...input.rescue, label: input.label },
      });
    } catch (error) {
      throw new Error(`pygrubLayout refused a generated input: ${JSON.stringify(input)}`, { cause: error });
    }
  });

const generatedPvGrubLayouts = fc
  .sample(
    fc.record({
      arch: fc.constantFrom("x86_64", "x86_32"),
      rescue: fc.array(kernelArbitrary, { maxLength: 4 }),
      customer: fc.array(kernelArbitrary, { minLength: 1, maxLength: 4 }),
      customerVdev: fc.constantFrom("xvda", "xvdb", "sda", "xvdz"),
      rescueVdev: fc.constantFrom("xvdc", "xvde", "xvdq", "sdd"),
      rescueFirst: fc.boolean(),
      rescuePartition: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    }),
    { numRuns: LAYOUT_RUNS, seed: seed + 7 },
  )
  .map((input) => {
    const customer = { target: "/dev/vg0/customer", vdev: input.customerVdev, access: "rw" as const };
    const rescue = { target: "/dev/vg0/rescue", vdev: input.rescueVdev, access: "ro" as const };
    return pvGrubLayout({
      guestArch: input.arch,
      disks: input.rescueFirst ? [rescue, customer] : [customer, rescue],
      customerDisk: input.customerVdev,
      rescueDisk: input.rescueVdev,
      rescuePartition: input.rescuePartition,
      rescueMenu: { entries: input.rescue },
      customerMenu: { entries: input.customer },
    });
  });

describe.skipIf(pygrubPrerequisites.skip)(`layouts through pygrub (seed ${String(seed)})`, () => {
  const fieldPygrub = pygrubLayout(fieldPygrubInput);
  const fieldPvGrub = pvGrubLayout(fieldPvGrubInput);
  const layouts = [fieldPygrub, fieldPvGrub, ...generatedPygrubLayouts, ...generatedPvGrubLayouts];
  const files = layouts.flatMap((layout, i) =>
    layout.files.map((file) => ({
      id: `${String(i)}:${file.role}`,
      format: file.format,
      text: file.text,
      menu: file.menu,
    })),
  );
  const readings = new Map<string, PygrubReading>();

  beforeAll(async () => {
    for (const reading of await askPygrub(files)) readings.set(reading.id, reading);
  });

  it("renders enough layouts to mean something", () => {
    expect(generatedPygrubLayouts.length).toBe(LAYOUT_RUNS);
    expect(generatedPvGrubLayouts.length).toBe(LAYOUT_RUNS);
  });

  it("every layout menu boots exactly what it means, by default and by each index, and our parser agrees", () => {
    for (const file of files) {
      const reading = readings.get(file.id)!;
      expect(reading.error, `${file.id}\n${file.text}`).toBeUndefined();
      expect(pygrubView(reading).choices, `${file.id}\n${file.text}`).toEqual(intendedChoices(file.menu));
      const ours = ourParse(file.text, file.format);
      if (!ours.ok) expect.fail(ours.error.message);
      expect(ourReading(ours.menu, file.format)).toEqual(pygrubView(reading));
    }
  });

  it("the field PyGRUB menu boots the distro kernel by default and the rescue image by LABEL", () => {
    const file = fieldPygrub.files[0]!;
    const choices = readings.get("0:boot-menu")!.choices!;
    expect(file.path).toBe("/boot/grub/menu.lst");
    expect(choices.default).toEqual({
      index: 0,
      kernel: "/boot/vmlinuz-2.6.18-53.1.6.el5xen",
      ramdisk: "/boot/initrd-2.6.18-53.1.6.el5xen.XenU.img",
      args: "console=xvc0 root=/dev/sdb ro",
    });
    // The printed menu loads the generic initrd with "module", which pygrub ignores.
    expect(choices["1"]).toMatchObject({ kernel: "/boot/vmlinuz-2.6-xen", ramdisk: "/boot/initrd-2.6-xen" });
    expect(choices["2"]).toEqual({
      index: 2,
      kernel: "/boot/vmlinuz-2.6.18-53.1.6.el5xen",
      ramdisk: "/boot/initrd-2.6.18-53.1.6.el5xen.XenU.img",
      args: "console=xvc0 root=LABEL=RESCUE ro",
    });
  });

  it("the field PyGRUB menu as printed loses the rescue entry's ro and the generic initrd under pygrub", async () => {
    const [reading] = await askPygrub([
      { id: "printed", format: "menu.lst", text: fixture("pygrub-menu.lst") },
    ]);
    expect(reading?.choices?.["1"]).toMatchObject({ ramdisk: null });
    expect(reading?.choices?.["2"]).toMatchObject({ args: "console=xvc0 root=LABEL=RESCUE" });
    expect(reading?.warnings).toEqual(["Unknown image directive ro"]);
  });

  it("the field PV-GRUB rescue menu we render means what the printed one means", () => {
    const printed = parseMenuLst(fixture("pv-grub-rescue-menu.lst")).menu;
    const rendered = parseMenuLst(fieldPvGrub.files[0]!.text).menu;
    const strip = (menu: typeof printed) => menu.entries.map(({ line: _line, ...entry }) => entry);
    expect(strip(rendered)).toEqual(strip(printed));
    expect(readings.get("1:rescue-menu")!.choices!.default).toEqual({
      index: 0,
      kernel: "/boot/pv-grub-x86_64.gz",
      ramdisk: null,
      args: "(hd0,0)/boot/grub/menu.lst",
    });
  });

  it("the field PV-GRUB customer menu boots under pygrub's reading, though the printed one does not", async () => {
    const [printed] = await askPygrub([
      { id: "printed", format: "menu.lst", text: fixture("pv-grub-customer-menu.lst") },
    ]);
    expect(printed?.error).toMatch(/ValueError/);
    expect(readings.get("1:customer-menu")!.choices!.default).toEqual({
      index: 0,
      kernel: "/boot/vmlinuz-2.6.18-92.1.6.el5xen",
      ramdisk: "/boot/initrd-2.6.18-92.1.6.el5xen.img",
      args: "console=xvc0 root=LABEL=PRGMRDISK1 ro",
    });
  });
});
