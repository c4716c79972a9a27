import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cmd, ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites } from "@dom0kit/test-support";

/** The C harness source, compiled at test time against the installed libxlutil. */
export const ORACLE_SOURCE = join(dirname(fileURLToPath(import.meta.url)), "../oracle/xlu-oracle.c");

/** What the integration suites need: gcc and Xen's libxlutil with its header. */
export const oraclePrerequisites = (): ReturnType<typeof integrationPrerequisites> =>
  integrationPrerequisites({
    commands: ["gcc"],
    paths: ["/usr/include/libxlutil.h", "/usr/include/libxl.h"],
  });

/** One setting as libxlutil reports it. */
export type OracleSetting =
  | { readonly string: string; readonly long?: string; readonly longErrno?: number }
  | { readonly list: OracleValue[] };
export type OracleValue = string | OracleValue[];

/** libxlutil's answer for a config. */
export interface OracleConfigResult {
  readonly ok?: boolean;
  readonly errno?: number;
  readonly values?: Record<string, OracleSetting>;
  readonly report?: string;
  /** Set when libxlutil crashed (signal number; 256 + exit code for an exit). */
  readonly crash?: number;
}

/** libxlutil's answer for a disk spec (field names as in libxl_device_disk). */
export interface OracleDiskResult {
  readonly ok?: boolean;
  readonly errno?: number;
  readonly crash?: number;
  readonly pdev_path?: string | null;
  readonly vdev?: string | null;
  readonly backend?: string;
  readonly format?: string;
  readonly script?: string | null;
  readonly readwrite?: number;
  readonly is_cdrom?: number;
  readonly removable?: number;
  readonly backend_domname?: string | null;
  readonly direct_io_safe?: boolean;
  readonly discard_enable?: boolean | null;
  readonly colo_enable?: boolean | null;
  readonly trusted?: boolean | null;
  readonly specification?: number;
  readonly colo_host?: string | null;
  readonly colo_port?: number;
  readonly colo_export?: string | null;
  readonly active_disk?: string | null;
  readonly hidden_disk?: string | null;
  readonly report?: string;
}

/** libxlutil's answer for a vif rate. */
export interface OracleRateResult {
  readonly ok?: boolean;
  readonly errno?: number;
  readonly crash?: number;
  readonly rate_bytes_per_interval?: number;
  readonly rate_interval_usecs?: number;
}

type Kind = "cfg" | "disk" | "rate";

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? new TextEncoder().encode(data) : data;
}

/** Xen's libxlutil, asked through the compiled harness. */
export class XluOracle {
  private readonly runner = new ExecaRunner();

  private constructor(
    readonly executable: string,
    private readonly workDir: string,
  ) {}

  /** Compiles the harness into a fresh temporary directory. */
  static async build(): Promise<XluOracle> {
    const workDir = await mkdtemp(join(tmpdir(), "xlu-oracle-"));
    const executable = join(workDir, "xlu-oracle");
    const runner = new ExecaRunner();
    await runner.run(cmd(["gcc", "-O2", "-Wall", "-o", executable, ORACLE_SOURCE, "-lxlutil", "-lxenlight"]));
    if (!existsSync(executable)) throw new Error(`gcc did not produce ${executable}`);
    return new XluOracle(executable, workDir);
  }

  /** Removes the temporary directory. */
  async dispose(): Promise<void> {
    await rm(this.workDir, { recursive: true, force: true });
  }

  private async ask<T>(kind: Kind, items: readonly (string | Uint8Array)[]): Promise<T[]> {
    const results: T[] = [];
    const batch = 4000;
    for (let start = 0; start < items.length; start += batch) {
      const chunks: Uint8Array[] = [];
      for (const item of items.slice(start, start + batch)) {
        const bytes = toBytes(item);
        chunks.push(new TextEncoder().encode(`${kind} ${String(bytes.length)}\n`), bytes);
      }
      const input = Buffer.concat(chunks);
      const { stdout } = await this.runner.run(cmd([this.executable], { input, timeoutMs: 300_000 }));
      const lines = stdout.split("\n").filter((line) => line !== "");
      if (lines.length !== Math.min(batch, items.length - start)) {
        throw new Error(
          `oracle answered ${String(lines.length)} records for ${String(items.length - start)}`,
        );
      }
      for (const line of lines) results.push(JSON.parse(line) as T);
    }
    return results;
  }

  /** Parses each config with `xlu_cfg_readdata` and dumps every setting. */
  configs(items: readonly (string | Uint8Array)[]): Promise<OracleConfigResult[]> {
    return this.ask("cfg", items);
  }

  /** Parses each disk spec with `xlu_disk_parse` (several specs for one disk: pass them joined by NUL). */
  disks(items: readonly string[]): Promise<OracleDiskResult[]> {
    return this.ask("disk", items);
  }

  /** Parses each rate with `xlu_vif_parse_rate`. */
  rates(items: readonly string[]): Promise<OracleRateResult[]> {
    return this.ask("rate", items);
  }
}
