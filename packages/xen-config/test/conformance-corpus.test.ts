import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeParseXlConfig } from "../src/index.js";
import { oracleView, ourSettings } from "./support/compare-values.js";
import { CORPUS_DIR, filesUnder, readCorpusFile } from "./support/corpus.js";
import { oraclePrerequisites, XluOracle, type OracleConfigResult } from "./support/xlu-oracle.js";

const needs = oraclePrerequisites();
const files = [...filesUnder(join(CORPUS_DIR, "xl")), ...filesUnder(join(CORPUS_DIR, "xm"))];

describe.skipIf(needs.skip)("parseXlConfig agrees with libxlutil on every corpus file", () => {
  let oracle: XluOracle;
  let answers: OracleConfigResult[];

  beforeAll(async () => {
    oracle = await XluOracle.build();
    answers = await oracle.configs(files.map(readCorpusFile));
  });
  afterAll(() => oracle.dispose());

  it("covers the corpus", () => {
    expect(files.length).toBeGreaterThanOrEqual(90);
  });

  it.each(files.map((file, index) => [file.slice(CORPUS_DIR.length + 1), file, index] as const))(
    "%s",
    (_name, file, index) => {
      const result = safeParseXlConfig(readCorpusFile(file), { file });
      const expected = oracleView(answers[index] ?? {});
      expect({ ok: result.ok }).toEqual({ ok: expected.ok });
      if (result.ok) {
        expect(ourSettings(result.value)).toEqual(expected.values);
        expect(result.value.render()).toBe(
          Buffer.from(readCorpusFile(file)).toString(result.value.encoding === "utf8" ? "utf8" : "latin1"),
        );
      }
    },
  );
});
