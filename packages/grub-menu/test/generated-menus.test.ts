import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  renderGrubCfg,
  renderMenuLst,
  type BootMenu,
  type MenuFormat,
  type PygrubReading,
} from "../src/index.js";
import { menuArbitrary } from "./support/arbitraries.js";
import {
  askPygrub,
  intendedChoices,
  ourParse,
  ourReading,
  pygrubPrerequisites,
  pygrubView,
} from "./support/agreement.js";

const RUNS_PER_FORMAT = 600;
const seed = Number(process.env.GRUB_MENU_SEED ?? Date.now() % 2 ** 31);

interface Case {
  readonly id: string;
  readonly format: MenuFormat;
  readonly menu: BootMenu;
  readonly text: string;
}

function cases(format: MenuFormat): Case[] {
  return fc
    .sample(menuArbitrary(format), { numRuns: RUNS_PER_FORMAT, seed: seed + (format === "grub.cfg" ? 1 : 0) })
    .map((menu, i) => {
      const indent = ["    ", "\t", "  ", ""][i % 4] ?? "";
      const options = {
        indent,
        ...(i % 3 === 0 ? { comment: `generated case ${String(i)}\nseed ${String(seed)}` } : {}),
      };
      return {
        id: `${format}#${String(i)}`,
        format,
        menu,
        text: format === "grub.cfg" ? renderGrubCfg(menu, options) : renderMenuLst(menu, options),
      };
    });
}

describe.skipIf(pygrubPrerequisites.skip)(`generated menus through pygrub (seed ${String(seed)})`, () => {
  const all = [...cases("menu.lst"), ...cases("grub.cfg")];
  const readings = new Map<string, PygrubReading>();

  beforeAll(async () => {
    for (const reading of await askPygrub(all)) readings.set(reading.id, reading);
  });

  it(`renders at least 500 entry sets per format (${String(RUNS_PER_FORMAT)} each)`, () => {
    expect(all.filter((c) => c.format === "menu.lst").length).toBeGreaterThanOrEqual(500);
    expect(all.filter((c) => c.format === "grub.cfg").length).toBeGreaterThanOrEqual(500);
    expect(readings.size).toBe(all.length);
  });

  it("every rendered menu boots exactly the kernel, initrd and args meant, by default and by each index", () => {
    for (const c of all) {
      const reading = readings.get(c.id);
      expect(reading?.error, `${c.id}\n${c.text}`).toBeUndefined();
      expect(reading?.parser, c.id).toBe(c.format === "grub.cfg" ? "Grub2ConfigFile" : "GrubConfigFile");
      expect(pygrubView(reading!).choices, `${c.id}\n${c.text}`).toEqual(intendedChoices(c.menu));
      expect(
        reading?.entries?.map((entry) => entry.title),
        c.id,
      ).toEqual(c.menu.entries.map((entry) => entry.title));
      expect(reading?.warnings, `${c.id}\n${c.text}`).toEqual([]);
    }
  });

  it("our parser reads every rendered menu exactly as pygrub does", () => {
    for (const c of all) {
      const ours = ourParse(c.text, c.format);
      if (!ours.ok) expect.fail(`${c.id}: ${ours.error.message}\n${c.text}`);
      expect(ourReading(ours.menu, c.format), `${c.id}\n${c.text}`).toEqual(pygrubView(readings.get(c.id)!));
      expect(
        // Module lines are ignored by pygrub and a "#" in arguments is passed on, both on purpose here.
        ours.diagnostics.filter((d) => d.code !== "IGNORED_BY_PYGRUB" && d.code !== "INLINE_COMMENT"),
        `${c.id}\n${c.text}`,
      ).toEqual([]);
    }
  });
});
