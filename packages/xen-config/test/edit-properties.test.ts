import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeParseXlConfig, type XlConfig, type XlValue } from "../src/index.js";
import { configArb, validConfigArb } from "./support/xl-arbitraries.js";

/** Valid configs: built valid, or drawn from the error-mixing generator and kept when xl would accept them (escapes, stray last characters, lone `#`). */
const parsedArb = fc
  .oneof(validConfigArb, configArb)
  .map((text) => safeParseXlConfig(text))
  .filter((result): result is Extract<typeof result, { ok: true }> => result.ok)
  .map((result) => result.value);

type Edit =
  | { readonly op: "set"; readonly key: string; readonly value: XlValue }
  | { readonly op: "remove"; readonly key: string }
  | { readonly op: "append"; readonly key: string; readonly value: XlValue }
  | { readonly op: "removeItem"; readonly key: string; readonly index: number };

const keyArb = fc.constantFrom("a", "b", "name", "disk", "x.y", "memory");
const plainValue: fc.Arbitrary<XlValue> = fc.letrec<{ v: XlValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.string({ maxLength: 6 }).filter((s) => !s.includes("\0")),
    fc.array(tie("v"), { maxLength: 3 }),
  ),
})).v;
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant("set" as const), key: keyArb, value: plainValue }),
  fc.record({ op: fc.constant("remove" as const), key: keyArb }),
  fc.record({ op: fc.constant("append" as const), key: keyArb, value: plainValue }),
  fc.record({ op: fc.constant("removeItem" as const), key: keyArb, index: fc.nat({ max: 3 }) }),
);

/** Applies an edit to the config and to a plain model of its values; skips edits that do not apply. */
function apply(config: XlConfig, model: Record<string, XlValue>, edit: Edit): XlConfig {
  const current = model[edit.key];
  switch (edit.op) {
    case "set":
      model[edit.key] = edit.value;
      return config.set(edit.key, edit.value);
    case "remove":
      delete model[edit.key];
      return config.remove(edit.key);
    case "append":
      if (typeof current === "string") return config;
      model[edit.key] = [...(current ?? []), edit.value];
      return config.append(edit.key, edit.value);
    case "removeItem":
      if (!Array.isArray(current) || edit.index >= current.length) return config;
      model[edit.key] = current.filter((_, index) => index !== edit.index);
      return config.removeItem(edit.key, edit.index);
  }
}

describe("XlConfig properties", () => {
  it("renders every valid config back byte for byte", () => {
    fc.assert(
      fc.property(validConfigArb, (text) => {
        const result = safeParseXlConfig(text);
        if (result.ok) expect(result.value.render()).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("fmt keeps the values, gives a valid file and is idempotent", () => {
    fc.assert(
      fc.property(
        parsedArb,
        fc.constantFrom<"double" | "single" | "preserve">("double", "single", "preserve"),
        (config, quotes) => {
          const formatted = config.fmt({ quotes });
          expect(formatted.values()).toEqual(config.values());
          expect(formatted.fmt({ quotes }).render()).toBe(formatted.render());
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("edits change exactly the values they name and keep the file valid", () => {
    fc.assert(
      fc.property(parsedArb, fc.array(editArb, { maxLength: 6 }), (config, edits) => {
        const model = config.values();
        let edited = config;
        for (const edit of edits) edited = apply(edited, model, edit);
        expect(edited.values()).toEqual(model);
        expect(safeParseXlConfig(edited.render()).ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("an edit leaves the text outside the edited statement untouched", () => {
    fc.assert(
      fc.property(parsedArb, (config) => {
        const last = config.assignments().at(-1);
        if (!last) return;
        const edited = config.set(last.key, "changed");
        expect(edited.text.slice(0, last.start)).toBe(config.text.slice(0, last.start));
        const suffix = config.text.slice(last.value.end);
        expect(edited.text.endsWith(suffix)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
