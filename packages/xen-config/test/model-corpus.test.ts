import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseXlConfig, renderDomainConfig, safeParseXlConfig, safeToDomainConfig } from "../src/index.js";
import { CORPUS_DIR, filesUnder, readCorpusFile } from "./support/corpus.js";

const files = [...filesUnder(join(CORPUS_DIR, "xl")), ...filesUnder(join(CORPUS_DIR, "xm"))];

describe("the domain model on the corpus", () => {
  it.each(files.map((file) => [file.slice(CORPUS_DIR.length + 1), file] as const))("%s", (_name, file) => {
    const parsed = safeParseXlConfig(readCorpusFile(file), { file });
    if (!parsed.ok) return;
    const result = safeToDomainConfig(parsed.value);
    if (!result.ok) {
      // Only problems xl itself would report when creating the domain.
      for (const issue of result.issues) expect(issue.message).not.toBe("");
      return;
    }
    const rendered = renderDomainConfig(result.config);
    const again = safeToDomainConfig(parseXlConfig(rendered));
    expect(again.ok).toBe(true);
    if (again.ok) expect(renderDomainConfig(again.config)).toBe(rendered);
  });

  it("models most corpus files", () => {
    const modelled = files.filter((file) => {
      const parsed = safeParseXlConfig(readCorpusFile(file));
      return parsed.ok && safeToDomainConfig(parsed.value).ok;
    });
    expect(modelled.length).toBeGreaterThan(files.length * 0.8);
  });
});
