/** One column of an LVM report. */
export interface ReportField<Row> {
  readonly id: string;
  readonly heading: string;
  /** Minimum width (columns.h). */
  readonly width: number;
  readonly align: "left" | "right";
  readonly value: (row: Row) => string;
}

/** How the report is printed (the lvs/vgs options). */
export interface ReportOptions {
  readonly headings: boolean;
  readonly separator?: string;
  readonly aligned: boolean;
  readonly nameprefixes: boolean;
  readonly unquoted: boolean;
  readonly json: boolean;
  /** The JSON object name: `lv`, `vg`. */
  readonly objectName: string;
}

/**
 * Prints an LVM report the way libdm does: every line indented by two spaces
 * (lvm's log indent), columns padded to the widest value (left for text,
 * right for numbers and sizes; headings always left), separated by one space
 * unless `--separator`; or `--nameprefixes` pairs, or `--reportformat json`.
 * Nothing at all when there are no rows.
 *
 * @example
 * ```ts
 * formatReport(fields, rows, { headings: true, aligned: true, nameprefixes: false, unquoted: false, json: false, objectName: "lv" });
 * ```
 */
export function formatReport<Row>(
  fields: readonly ReportField<Row>[],
  rows: readonly Row[],
  options: ReportOptions,
): string {
  if (options.json) {
    const objects = rows.map(
      (row) =>
        `{${fields.map((field) => `${JSON.stringify(field.id)}:${JSON.stringify(field.value(row))}`).join(", ")}}`,
    );
    const lines = [
      "{",
      '    "report": [',
      "        {",
      `            ${JSON.stringify(options.objectName)}: [`,
      ...objects.map((object, index) => `                ${object}${index < objects.length - 1 ? "," : ""}`),
      "            ]",
      "        }",
      "    ]",
      "}",
    ];
    return lines.map((line) => `  ${line}\n`).join("");
  }
  if (rows.length === 0) return "";
  const values = rows.map((row) => fields.map((field) => field.value(row)));
  if (options.nameprefixes) {
    const separator = options.separator ?? " ";
    return values
      .map((row) => {
        const pairs = row.map((value, index) => {
          const name = `LVM2_${(fields[index] as ReportField<Row>).id.toUpperCase()}`;
          return options.unquoted ? `${name}=${value}` : `${name}='${value}'`;
        });
        return `  ${pairs.join(separator)}\n`;
      })
      .join("");
  }
  const aligned = options.aligned || options.separator === undefined;
  const separator = options.separator ?? " ";
  const widths = fields.map((field, index) =>
    Math.max(field.width, field.heading.length, ...values.map((row) => (row[index] as string).length)),
  );
  const lines: string[] = [];
  if (options.headings) {
    lines.push(
      fields
        .map((field, index) => (aligned ? field.heading.padEnd(widths[index] as number) : field.heading))
        .join(separator),
    );
  }
  for (const row of values) {
    lines.push(
      row
        .map((value, index) => {
          if (!aligned) return value;
          const width = widths[index] as number;
          return (fields[index] as ReportField<Row>).align === "right"
            ? value.padStart(width)
            : value.padEnd(width);
        })
        .join(separator),
    );
  }
  return lines.map((line) => `  ${line}\n`).join("");
}

/** Formats a percentage as LVM does: two decimals, never 0.00 for a non-zero value nor 100.00 below 100. */
export function lvmPercent(percent: number): string {
  let text = percent.toFixed(2);
  if (text === "0.00" && percent > 0) text = "0.01";
  if (text === "100.00" && percent < 100) text = "99.99";
  return text;
}
