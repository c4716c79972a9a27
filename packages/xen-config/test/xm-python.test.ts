import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { cmd, ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR, filesUnder, readCorpusFile } from "./support/corpus.js";
import { xmConfigArb } from "./support/xm-arbitraries.js";
import { evaluateXmConfig, safeParseXmConfig } from "../src/parse-xm-config.js";
import type { PyValue } from "../src/xm-evaluate.js";

const needs = integrationPrerequisites({ commands: ["python3"] });
const ORACLE = join(dirname(fileURLToPath(import.meta.url)), "oracle/python-literal-eval.py");
const RUNS = Number(process.env.XM_PYTHON_RUNS ?? 1500);

type Encoded = Record<string, unknown>;

function encode(value: PyValue): Encoded {
  switch (value.type) {
    case "int":
      return { int: String(value.value) };
    case "float":
      return { float: value.value };
    case "str":
      return { str: value.value };
    case "bool":
      return { bool: value.value };
    case "none":
      return { none: true };
    case "list":
    case "tuple":
      return { [value.type]: value.items.map(encode) };
  }
}

function ours(text: string): { ok: boolean; values?: Record<string, Encoded> } {
  const { values, errors } = evaluateXmConfig(text);
  if (errors.length > 0) return { ok: false };
  return { ok: true, values: Object.fromEntries([...values].map(([name, value]) => [name, encode(value)])) };
}

describe.skipIf(needs.skip)(
  "the xm evaluator agrees with CPython's parser (literal evaluation, Python 2 division)",
  () => {
    it(`on every xm corpus file and ${String(RUNS)} generated configs`, async () => {
      const files = filesUnder(join(CORPUS_DIR, "xm")).map((file) =>
        Buffer.from(readCorpusFile(file)).toString("utf8"),
      );
      const generated = fc.sample(xmConfigArb, { numRuns: RUNS, seed: 99 });
      const inputs = [...files, ...generated];
      const input = inputs.map((text) => JSON.stringify(text)).join("\n") + "\n";
      const { stdout } = await new ExecaRunner().run(cmd(["python3", ORACLE], { input, timeoutMs: 120_000 }));
      const answers = stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { ok: boolean; values?: Record<string, Encoded> });
      expect(answers).toHaveLength(inputs.length);
      const mismatches = inputs.flatMap((text, index) => {
        const python = answers[index] ?? { ok: false };
        const mine = ours(text);
        const same = python.ok ? isDeepStrictEqual(mine, python) : !mine.ok;
        return same ? [] : [{ text, mine, python }];
      });
      const accepted = answers.filter((answer) => answer.ok).length;
      console.log(
        `xm configs: ${String(inputs.length)}, python accepted ${String(accepted)}, mismatches ${String(mismatches.length)}`,
      );
      expect(mismatches.slice(0, 3)).toEqual([]);
      expect(accepted).toBeGreaterThan(inputs.length * 0.3);
      // every corpus file converts to a valid xl config
      for (const text of files) expect(safeParseXmConfig(text).ok).toBe(true);
    });
  },
);
