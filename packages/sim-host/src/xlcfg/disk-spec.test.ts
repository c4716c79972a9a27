import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDiskSpec } from "./disk-spec.js";

interface Oracle {
  readonly spec: string;
  readonly oracle: {
    ok: boolean;
    pdev_path?: string | null;
    vdev?: string;
    format?: string;
    readwrite?: number;
  };
}

const CORPUS = "/work/shared/corpus/xl-disk-specs.jsonl";
const cases: Oracle[] = (() => {
  try {
    return readFileSync(CORPUS, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Oracle);
  } catch {
    return [];
  }
})();

// Space-separated keyword forms (`discard vdev=… target=…`) are what libxlutil 4.17 rejects; the minimal reader does too.
describe.skipIf(cases.length === 0)(
  "parseDiskSpec against libxlutil 4.17 (corpus xl-disk-specs.jsonl)",
  () => {
    it.each(cases.map((each) => [each.spec, each.oracle] as const))("%s", (spec, oracle) => {
      const result = parseDiskSpec(spec);
      expect(result.ok).toBe(oracle.ok);
      if (!result.ok || !oracle.ok) return;
      expect(result.disk.target ?? null).toBe(oracle.pdev_path ?? null);
      expect(result.disk.vdev).toBe(oracle.vdev);
      expect(result.disk.format).toBe(oracle.format);
      expect(result.disk.readwrite ? 1 : 0).toBe(oracle.readwrite);
    });
  },
);
