import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { MenuFormat, PygrubReading } from "../src/index.js";
import {
  askPygrub,
  countedDiagnostics,
  countedWarnings,
  ourParse,
  ourReading,
  pygrubPrerequisites,
  pygrubView,
} from "./support/agreement.js";
import { oddGrubCfg, oddMenuLst } from "./support/odd-menus.js";

const FUZZ_RUNS = 400;
const seed = Number(process.env.GRUB_MENU_SEED ?? Date.now() % 2 ** 31);
const fixtures = join(import.meta.dirname, "fixtures");

interface Case {
  readonly id: string;
  readonly format: MenuFormat;
  readonly text: string;
}

function fixtureCases(): Case[] {
  return ["hand-written", "field"].flatMap((dir) =>
    readdirSync(join(fixtures, dir))
      .filter((name) => name.endsWith(".lst") || name.endsWith(".cfg"))
      .map((name) => ({
        id: `${dir}/${name}`,
        format: name.endsWith(".cfg") ? ("grub.cfg" as const) : ("menu.lst" as const),
        text: readFileSync(join(fixtures, dir, name), "utf8"),
      })),
  );
}

function fuzzCases(): Case[] {
  return [
    ...fc.sample(oddMenuLst, { numRuns: FUZZ_RUNS, seed }).map((text, i) => ({
      id: `odd menu.lst #${String(i)}`,
      format: "menu.lst" as const,
      text,
    })),
    ...fc.sample(oddGrubCfg, { numRuns: FUZZ_RUNS, seed: seed + 1 }).map((text, i) => ({
      id: `odd grub.cfg #${String(i)}`,
      format: "grub.cfg" as const,
      text,
    })),
  ];
}

function expectAgreement(c: Case, reading: PygrubReading): void {
  const ours = ourParse(c.text, c.format);
  const context = `${c.id}\n${JSON.stringify(c.text)}\npygrub: ${JSON.stringify(reading)}`;
  if (reading.error !== undefined) {
    expect(ours.ok, `pygrub raised ${reading.error} but we accepted: ${context}`).toBe(false);
    return;
  }
  if (!ours.ok) expect.fail(`pygrub accepted but we raised ${ours.error.message}: ${context}`);
  expect(ourReading(ours.menu, c.format), context).toEqual(pygrubView(reading));
  expect(
    countedDiagnostics(ours.diagnostics),
    `warnings differ: ${context}\nours: ${JSON.stringify(ours.diagnostics)}`,
  ).toBe(countedWarnings(reading));
}

describe.skipIf(pygrubPrerequisites.skip)(
  `hand-written menus: our parser against pygrub's (seed ${String(seed)})`,
  () => {
    const fixed = fixtureCases();
    const fuzzed = fuzzCases();
    const readings = new Map<string, PygrubReading>();

    beforeAll(async () => {
      for (const reading of await askPygrub([...fixed, ...fuzzed])) readings.set(reading.id, reading);
    });

    it.each(fixed.map((c) => [c.id, c] as const))("agrees on %s", (_, c) => {
      expectAgreement(c, readings.get(c.id)!);
    });

    it("rejects exactly the fixtures pygrub rejects", () => {
      const rejected = fixed.filter((c) => readings.get(c.id)?.error !== undefined).map((c) => c.id);
      expect(rejected.sort()).toEqual(
        [
          ...fixed.filter((c) => c.id.includes("/rejected-")).map((c) => c.id),
          // The book's line wrap turns "root=LABEL=PRGMRDISK1 ro" into a line of its own,
          // which pygrub reads as a root device and raises on.
          "field/pv-grub-customer-menu.lst",
        ].sort(),
      );
    });

    it(`agrees on ${String(FUZZ_RUNS)} odd menu.lst and ${String(FUZZ_RUNS)} odd grub.cfg files`, () => {
      for (const c of fuzzed) expectAgreement(c, readings.get(c.id)!);
      const accepted = fuzzed.filter((c) => readings.get(c.id)?.error === undefined).length;
      // Both outcomes must be well represented, or the fuzz proves little.
      expect(accepted).toBeGreaterThan(fuzzed.length / 5);
      expect(fuzzed.length - accepted).toBeGreaterThan(fuzzed.length / 10);
    });
  },
);
