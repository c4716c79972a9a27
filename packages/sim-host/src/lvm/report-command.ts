import { getopt, hasOption, optionValue, type GetoptResult } from "../exec/getopt.js";
import type { ReportField, ReportOptions } from "./lvm-report.js";

/** Options shared by lvs and vgs, parsed. */
export interface ReportRequest {
  readonly parsed: GetoptResult;
  readonly options: ReportOptions;
  readonly unit: string;
  readonly suffix: boolean;
  /** Field ids requested with -o (undefined: defaults), `+` entries appended. */
  readonly fieldIds: readonly string[];
  readonly sortKeys?: readonly string[];
}

/** Parses lvs/vgs options, or returns LVM's message and exit code. */
export function parseReportArgs(
  args: readonly string[],
  defaults: readonly string[],
  objectName: string,
): ReportRequest | { readonly stderr: string; readonly exitCode: number } {
  const parsed = getopt(args, "ao:O:S:vqdty", {
    all: [false, "a"],
    options: [true, "o"],
    sort: [true, "O"],
    select: [true, "S"],
    noheadings: [false, "noheadings"],
    nosuffix: [false, "nosuffix"],
    units: [true, "units"],
    separator: [true, "separator"],
    aligned: [false, "aligned"],
    unbuffered: [false, "unbuffered"],
    nameprefixes: [false, "nameprefixes"],
    unquoted: [false, "unquoted"],
    rows: [false, "rows"],
    reportformat: [true, "reportformat"],
    binary: [false, "binary"],
    readonly: [false, "readonly"],
    nolocking: [false, "nolocking"],
    ignorelockingfailure: [false, "ignorelockingfailure"],
    verbose: [false, "v"],
    quiet: [false, "q"],
  });
  if (parsed.error !== undefined) {
    const option = parsed.error.option.startsWith("-") ? parsed.error.option : `-${parsed.error.option}`;
    return {
      stderr:
        parsed.error.kind === "unknown"
          ? `  ${objectName === "lv" ? "lvs" : "vgs"}: unrecognized option '${option}'\n  Error during parsing of command line.\n`
          : `  Option ${option} requires an argument.\n`,
      exitCode: 3,
    };
  }
  if (hasOption(parsed, "S"))
    return {
      stderr: `  sim-host: ${objectName === "lv" ? "lvs" : "vgs"} --select: not simulated\n`,
      exitCode: 127,
    };
  if (hasOption(parsed, "rows"))
    return {
      stderr: `  sim-host: ${objectName === "lv" ? "lvs" : "vgs"} --rows: not simulated\n`,
      exitCode: 127,
    };
  const format = optionValue(parsed, "reportformat") ?? "basic";
  if (format !== "basic" && format !== "json") {
    return { stderr: `  Unknown report format "${format}".\n`, exitCode: 5 };
  }
  let fieldIds = [...defaults];
  for (const option of parsed.options.filter((each) => each.name === "o")) {
    const value = option.value ?? "";
    const appended = value.startsWith("+");
    const ids = (appended ? value.slice(1) : value)
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    fieldIds = appended ? [...fieldIds, ...ids] : ids;
  }
  const sort = optionValue(parsed, "O");
  const separator = optionValue(parsed, "separator");
  const unitOption = optionValue(parsed, "units");
  return {
    parsed,
    unit: unitOption ?? "r",
    suffix: !hasOption(parsed, "nosuffix"),
    fieldIds,
    ...(sort === undefined ? {} : { sortKeys: sort.split(",") }),
    options: {
      headings: !hasOption(parsed, "noheadings"),
      ...(separator === undefined ? {} : { separator }),
      aligned: hasOption(parsed, "aligned"),
      nameprefixes: hasOption(parsed, "nameprefixes"),
      unquoted: hasOption(parsed, "unquoted"),
      json: format === "json",
      objectName,
    },
  };
}

/** Finds the fields named by ids (also without their `lv_`/`vg_` prefix), or the first unknown name. */
export function selectFields<Row>(
  all: readonly ReportField<Row>[],
  ids: readonly string[],
): { readonly fields: ReportField<Row>[] } | { readonly unknown: string } {
  const fields: ReportField<Row>[] = [];
  for (const id of ids) {
    const field = all.find((each) => each.id === id || each.id === `lv_${id}` || each.id === `vg_${id}`);
    if (field === undefined) return { unknown: id };
    fields.push(field);
  }
  return { fields };
}

/** Sorts rows by -O keys (`-key` descending), comparing each field's text value. */
export function sortRows<Row>(rows: Row[], all: readonly ReportField<Row>[], keys: readonly string[]): Row[] {
  const resolved = keys.flatMap((key) => {
    const descending = key.startsWith("-");
    const id = key.replace(/^[+-]/, "");
    const field = all.find((each) => each.id === id || each.id === `lv_${id}` || each.id === `vg_${id}`);
    return field === undefined ? [] : [{ field, descending }];
  });
  return [...rows].sort((a, b) => {
    for (const { field, descending } of resolved) {
      const order = field.value(a).localeCompare(field.value(b), "en", { numeric: true });
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}
