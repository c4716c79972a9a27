import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseXlConfig,
  parseXmConfig,
  XenConfigSyntaxError,
  XenXmConfigError,
  xlValuesToJson,
} from "../src/index.js";
import { randomBytesArb } from "./support/random-bytes.js";

const COUNT = Number(process.env.XL_RANDOM_BYTES ?? 100_000);

describe("parseXlConfig on random bytes", () => {
  it(`never throws anything but XenConfigSyntaxError (${String(COUNT)} byte strings)`, () => {
    const others: { bytes: number[]; error: unknown }[] = [];
    let accepted = 0;
    let rejected = 0;
    for (const bytes of fc.sample(randomBytesArb, { numRuns: COUNT, seed: 7 })) {
      try {
        const config = parseXlConfig(bytes);
        config.values();
        expect(config.render().length).toBeGreaterThanOrEqual(0);
        accepted += 1;
      } catch (error) {
        if (error instanceof XenConfigSyntaxError && error.errors.length > 0) rejected += 1;
        else others.push({ bytes: [...bytes], error });
      }
    }
    expect(others.slice(0, 3)).toEqual([]);
    expect(accepted + rejected).toBe(COUNT);
    expect(accepted).toBeGreaterThan(COUNT / 50);
  });

  it("survives huge and deeply nested inputs", () => {
    expect(() => parseXlConfig(`a = ${"[".repeat(200_000)}`)).toThrow(XenConfigSyntaxError);
    expect(() => parseXlConfig(`a = ${"[1,".repeat(100_000)}`)).toThrow(XenConfigSyntaxError);
    expect(() => parseXlConfig(`a = "${"\\".repeat(100_001)}"\n`)).toThrow(XenConfigSyntaxError);
    const deep = parseXlConfig(`a = ${"[".repeat(4996)}${"]".repeat(4996)}\n`);
    expect(deep.render()).toHaveLength(4 + 2 * 4996 + 1);
    expect(xlValuesToJson(deep.fmt().values())).toBe(xlValuesToJson(deep.values()));
  });
});

describe("parseXmConfig on random input", () => {
  it("never throws anything but XenXmConfigError (20,000 inputs)", () => {
    const python = fc.array(
      fc.constantFrom(
        ..."abc019_=+-*/%()[]{},.:;#'\"\\ \n\t",
        "True",
        "None",
        "import",
        "'''",
        "0x",
        "**",
        "<<",
        "2.5",
        "%s",
        "\r",
      ),
      { maxLength: 40 },
    );
    const inputs = [
      ...fc.sample(
        python.map((parts) => parts.join("")),
        { numRuns: 10_000, seed: 11 },
      ),
      ...fc.sample(randomBytesArb, { numRuns: 10_000, seed: 12 }),
    ];
    const others: unknown[] = [];
    for (const input of inputs) {
      try {
        parseXmConfig(input);
      } catch (error) {
        if (!(error instanceof XenXmConfigError)) others.push({ input, error });
      }
    }
    expect(others.slice(0, 3)).toEqual([]);
  });
});
