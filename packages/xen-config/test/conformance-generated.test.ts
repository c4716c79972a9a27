import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeParseXlConfig } from "../src/index.js";
import { oracleView, ourSettings } from "./support/compare-values.js";
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
});
