import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeParseXlConfig } from "../src/index.js";
import { oracleView, ourSettings } from "./support/compare-values.js";
import { randomBytesArb } from "./support/random-bytes.js";
import { configArb } from "./support/xl-arbitraries.js";
import { oraclePrerequisites, XluOracle } from "./support/xlu-oracle.js";

const needs = oraclePrerequisites();
const SEED = Number(process.env.XL_CONFORMANCE_SEED ?? 20240604);
const RUNS = Number(process.env.XL_CONFORMANCE_RUNS ?? 3000);

interface Mismatch {
  readonly input: string;
  readonly ours: unknown;
  readonly xl: unknown;
}

describe.skipIf(needs.skip)("parseXlConfig agrees with libxlutil on generated configs", () => {
  let oracle: XluOracle;
  beforeAll(async () => {
    oracle = await XluOracle.build();
  });
  afterAll(() => oracle.dispose());

  it(`matches accept/reject and every value on ${String(RUNS)} configs (seed ${String(SEED)})`, async () => {
    const inputs = fc.sample(configArb, { numRuns: RUNS, seed: SEED });
    const answers = await oracle.configs(inputs);
    const mismatches: Mismatch[] = [];
    let accepted = 0;
    inputs.forEach((input, index) => {
      const xl = oracleView(answers[index] ?? {});
      const result = safeParseXlConfig(input);
      const ours = result.ok ? { ok: true, values: ourSettings(result.value) } : { ok: false };
      if (result.ok) accepted += 1;
      if (!isDeepStrictEqual(ours, xl)) mismatches.push({ input, ours, xl });
    });
    console.log(
      `generated: ${String(RUNS)}, xl accepted ${String(accepted)}, mismatches ${String(mismatches.length)}`,
    );
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The generator must exercise both outcomes in earnest.
    expect(accepted).toBeGreaterThan(RUNS * 0.25);
    expect(RUNS - accepted).toBeGreaterThan(RUNS * 0.25);
  });

  it("matches on 3,000 random byte strings (NULs, high bytes, CRs, stray characters)", async () => {
    const inputs = fc.sample(randomBytesArb, { numRuns: 3000, seed: SEED + 1 });
    const answers = await oracle.configs(inputs);
    const mismatches = inputs.flatMap((input, index) => {
      const xl = oracleView(answers[index] ?? {});
      const result = safeParseXlConfig(input);
      const ours = result.ok ? { ok: true, values: ourSettings(result.value) } : { ok: false };
      return isDeepStrictEqual(ours, xl) ? [] : [{ input: [...input], ours, xl }];
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("rejects lists nested too deeply at exactly the depth xl does, whatever their shape", async () => {
    const shapes: ((depth: number) => string)[] = [
      (d) => `a = ${"[".repeat(d)}${"]".repeat(d)}\n`,
      (d) => `a = ${"[".repeat(d)}1\n${"]".repeat(d)}\n`,
      (d) => `a = ${"[1,".repeat(d)}2${"]".repeat(d)}\n`,
      (d) => `a = ${"[1,\n".repeat(d)}2${"]".repeat(d)}\n`,
      (d) => `a = ${"[\n".repeat(d)}${",]".repeat(d)}\n`.replace("[\n,]", "[\n]"),
      (d) => `b = 1\na += ${"[ [],\n# c\n".repeat(d)}${"]".repeat(d)}\n`,
    ];
    const cases: string[] = [];
    for (const shape of shapes) {
      // Our deepest accepted depth, by bisection; xl must agree around it.
      let low = 1;
      let high = 12_000;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (safeParseXlConfig(shape(middle)).ok) low = middle;
        else high = middle - 1;
      }
      for (let depth = low - 2; depth <= low + 2; depth++) cases.push(shape(depth));
    }
    const answers = await oracle.configs(cases);
    const verdicts = cases.map((input, index) => ({
      ours: safeParseXlConfig(input).ok,
      xl: oracleView(answers[index] ?? {}).ok,
      head: input.slice(0, 16),
    }));
    expect(verdicts.filter((verdict) => verdict.ours !== verdict.xl)).toEqual([]);
    expect(verdicts.some((verdict) => verdict.xl)).toBe(true);
    expect(verdicts.some((verdict) => !verdict.xl)).toBe(true);
  });
});
