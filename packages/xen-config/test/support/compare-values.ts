import { XenConfigValueError, type XlConfig, type XlValue } from "../../src/index.js";
import type { OracleConfigResult, OracleSetting, OracleValue } from "./xlu-oracle.js";

/** A string as the bytes xl sees, one character per byte. */
export function asByteString(text: string, encoding: "utf8" | "bytes"): string {
  if (encoding === "bytes") return text;
  return Buffer.from(text, "utf8").toString("latin1");
}

function valueAsBytes(value: XlValue, encoding: "utf8" | "bytes"): OracleValue {
  return typeof value === "string"
    ? asByteString(value, encoding)
    : value.map((item) => valueAsBytes(item, encoding));
}

function longOf(config: XlConfig, key: string): { long: string } | { longErrno: number } {
  try {
    return { long: String(config.getLong(key)) };
  } catch (error) {
    if (!(error instanceof XenConfigValueError)) throw error;
    return { longErrno: error.reason === "out-of-range" ? 34 : 22 };
  }
}

/** Our view of a config in the oracle's shape (strings as bytes, the long reading of each string). */
export function ourSettings(config: XlConfig): Record<string, OracleSetting> {
  const settings: Record<string, OracleSetting> = {};
  for (const [key, value] of Object.entries(config.values())) {
    settings[key] =
      typeof value === "string"
        ? { string: asByteString(value, config.encoding), ...longOf(config, key) }
        : { list: value.map((item) => valueAsBytes(item, config.encoding)) };
  }
  return settings;
}

/** The oracle's verdict reduced to what we compare. */
export function oracleView(result: OracleConfigResult): {
  ok: boolean;
  values?: Record<string, OracleSetting>;
} {
  if (result.crash !== undefined) return { ok: false };
  return result.ok ? { ok: true, values: result.values ?? {} } : { ok: false };
}
