import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDiskSpec, parseVifRate, type DiskSpec } from "../src/index.js";
import { CORPUS_DIR, readJsonLines } from "./support/corpus.js";
import { diskSpecArb, vifRateArb } from "./support/disk-arbitraries.js";
import {
  oraclePrerequisites,
  XluOracle,
  type OracleDiskResult,
  type OracleRateResult,
} from "./support/xlu-oracle.js";

const needs = oraclePrerequisites();
const SPEC_COUNT = Number(process.env.XL_DISK_SPECS ?? 2000);
const SPECIFICATIONS = { xen: 1, virtio: 2 } as const;

/** Our disk spec in the oracle's shape (libxl field names and encodings). */
function asOracle(spec: DiskSpec): OracleDiskResult {
  return {
    ok: true,
    pdev_path: spec.target ?? null,
    vdev: spec.vdev,
    backend: spec.backendtype ?? "unknown",
    format: spec.format,
    script: spec.script ?? null,
    readwrite: spec.readwrite ? 1 : 0,
    is_cdrom: spec.isCdrom ? 1 : 0,
    removable: spec.removable ? 1 : 0,
    backend_domname: spec.backend ?? null,
    direct_io_safe: spec.directIoSafe,
    discard_enable: spec.discard ?? null,
    colo_enable: spec.colo?.enable ?? null,
    trusted: null,
    specification: spec.specification ? SPECIFICATIONS[spec.specification] : 0,
    colo_host: spec.colo?.host ?? null,
    colo_port: spec.colo?.port ?? 0,
    colo_export: spec.colo?.export ?? null,
    active_disk: spec.colo?.activeDisk ?? null,
    hidden_disk: spec.colo?.hiddenDisk ?? null,
  };
}

function ourDisk(spec: string): OracleDiskResult {
  try {
    return asOracle(parseDiskSpec(spec));
  } catch (error) {
    if (error instanceof Error && error.name === "XenDiskSpecError") return { ok: false };
    throw error;
  }
}

function xlDisk(result: OracleDiskResult): OracleDiskResult {
  if (result.crash !== undefined || !result.ok) return { ok: false };
  const { errno: _errno, report: _report, ...fields } = result;
  return fields;
}

function ourRate(rate: string): OracleRateResult {
  try {
    const parsed = parseVifRate(rate);
    return {
      ok: true,
      errno: 0,
      rate_bytes_per_interval: Number(parsed.bytesPerInterval),
      rate_interval_usecs: parsed.intervalUsecs,
    };
  } catch (error) {
    if (error instanceof Error && error.name === "XenVifRateError")
      return { ok: false, errno: (error as unknown as { errno: number }).errno };
    throw error;
  }
}

interface CorpusDisk {
  readonly spec: string;
  readonly oracle: { readonly ok: boolean } & Record<string, unknown>;
}
interface CorpusRate {
  readonly rate: string;
  readonly oracle: { readonly ok: boolean } & Record<string, unknown>;
}

const corpusDisks = readJsonLines<CorpusDisk>(join(CORPUS_DIR, "xl-disk-specs.jsonl"));
const corpusRates = readJsonLines<CorpusRate>(join(CORPUS_DIR, "xl-vif-rates.jsonl"));

describe("parseDiskSpec agrees with xlu_disk_parse", () => {
  it.each(corpusDisks.map((row) => [row.spec, row] as const))("corpus: %j", (_spec, row) => {
    const ours = ourDisk(row.spec);
    expect(ours.ok).toBe(row.oracle.ok);
    if (row.oracle.ok) {
      const { ok: _ok, ...expected } = row.oracle;
      expect(ours).toMatchObject(expected);
    }
  });

  describe.skipIf(needs.skip)("against libxlutil itself", () => {
    let oracle: XluOracle;
    beforeAll(async () => {
      oracle = await XluOracle.build();
    });
    afterAll(() => oracle.dispose());

    it(`matches on every corpus spec and ${String(SPEC_COUNT)} generated specs`, async () => {
      const specs = [
        ...corpusDisks.map((row) => row.spec),
        ...fc.sample(diskSpecArb, { numRuns: SPEC_COUNT, seed: Number(process.env.XL_DISK_SEED ?? 42) }),
      ];
      const answers = await oracle.disks(specs);
      const mismatches = specs.flatMap((spec, index) => {
        const ours = ourDisk(spec);
        const xl = xlDisk(answers[index] ?? {});
        return isDeepStrictEqual(ours, xl) ? [] : [{ spec, ours, xl }];
      });
      const accepted = specs.filter((spec) => ourDisk(spec).ok).length;
      console.log(
        `disk specs: ${String(specs.length)}, xl accepted ${String(accepted)}, mismatches ${String(mismatches.length)}`,
      );
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(accepted).toBeGreaterThan(specs.length * 0.2);
      expect(specs.length - accepted).toBeGreaterThan(specs.length * 0.2);
    });

    it("matches on every corpus rate and 2000 generated rates", async () => {
      const rates = [
        ...corpusRates.map((row) => row.rate),
        ...fc.sample(vifRateArb, { numRuns: 2000, seed: 43 }),
      ];
      const answers = await oracle.rates(rates);
      const mismatches = rates.flatMap((rate, index) => {
        const answer = answers[index] ?? {};
        const xl: OracleRateResult = answer.ok
          ? {
              ok: true,
              errno: 0,
              rate_bytes_per_interval: answer.rate_bytes_per_interval ?? -1,
              rate_interval_usecs: answer.rate_interval_usecs ?? -1,
            }
          : { ok: false, errno: answer.errno ?? -1 };
        const ours = ourRate(rate);
        return isDeepStrictEqual(ours, xl) ? [] : [{ rate, ours, xl }];
      });
      expect(mismatches.slice(0, 5)).toEqual([]);
    });
  });
});

describe("parseVifRate agrees with xlu_vif_parse_rate", () => {
  it.each(corpusRates.map((row, index) => [row.rate, index, row] as const))(
    "corpus: %j (#%d)",
    (_rate, _index, row) => {
      const ours = ourRate(row.rate);
      expect(ours.ok).toBe(row.oracle.ok);
      if (row.oracle.ok) expect(ours).toMatchObject(row.oracle);
      else expect(ours.errno).toBe(row.oracle.errno);
    },
  );
});
