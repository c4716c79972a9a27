import { parseDiskSpec } from "./disk-spec.js";
import type { PyValue } from "./xm-evaluate.js";
import type { XmAssignment, XmExpr } from "./xm-syntax.js";
import { parseVifSpec } from "./vif-spec.js";
import { XlNumberLiteral, type XlInput } from "./xl-write-value.js";

/** A note about one change made while converting (offset-based; located later). */
export interface XmNote {
  readonly start: number;
  readonly end: number;
  readonly key: string;
  readonly message: string;
}

/** One xl statement produced from an xm name. */
export interface XlStatement {
  readonly key: string;
  readonly value: XlInput;
  /** Where the xm assignment that produced it is. */
  readonly start: number;
  readonly end: number;
}

/** The outcome of converting the final xm names to xl statements. */
export interface XmConversionParts {
  readonly statements: XlStatement[];
  readonly warnings: XmNote[];
  readonly errors: XmNote[];
}

/** A final xm name: its value and the assignment that set it last. */
export interface XmFinalName {
  readonly name: string;
  readonly value: PyValue;
  readonly assignment: XmAssignment;
  /** Whether any assignment to it computed something (arithmetic, names, +=). */
  readonly computed: boolean;
}

const XL_KEY = /^[a-z][._0-9a-z]*$/;
const XL_NUMBER = /^[0-9][0-9a-fx]*$/;
const DROPPED: Readonly<Record<string, string>> = {
  on_xend_start: "xend is gone: xl has no on_xend_start",
  on_xend_stop: "xend is gone: xl has no on_xend_stop",
  cpu: "xm's cpu= (pin the first vcpu) has no xl equivalent: use cpus",
  nics: "nics= was already ignored by xm: the vif list decides",
};

/** Source text of a literal number, when xl reads it the same (xl also uses base 0). */
function literalNumberText(expr: XmExpr): string | undefined {
  return expr.kind === "number" && XL_NUMBER.test(expr.text) && !/^0[0-7]*[89]/.test(expr.text)
    ? expr.text
    : undefined;
}

function source(text: string, expr: XmExpr): string {
  return text.slice(expr.start, expr.end);
}

function describeExpr(source: string, expr: XmExpr): string {
  const text = source.slice(expr.start, expr.end).replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

class Converter {
  readonly statements: XlStatement[] = [];
  readonly warnings: XmNote[] = [];
  readonly errors: XmNote[] = [];

  constructor(private readonly source: string) {}

  private warn(assignment: XmAssignment, key: string, message: string): void {
    this.warnings.push({ start: assignment.start, end: assignment.end, key, message });
  }

  private error(assignment: XmAssignment, key: string, message: string): void {
    this.errors.push({ start: assignment.start, end: assignment.end, key, message });
  }

  /** A Python value as an xl value; warns about every change. */
  private value(
    final: XmFinalName,
    key: string,
    value: PyValue,
    literal: string | undefined,
  ): XlInput | undefined {
    const { assignment } = final;
    switch (value.type) {
      case "str":
        if (value.value.includes("\0")) {
          this.error(assignment, key, "a NUL character cannot be written in an xl config");
          return undefined;
        }
        return value.value;
      case "int":
        if (value.value < 0n) {
          this.warn(
            assignment,
            key,
            `xl numbers cannot be negative: ${String(value.value)} written as the string "${String(value.value)}"`,
          );
          return String(value.value);
        }
        return literal === undefined ? value.value : new XlNumberLiteral(literal);
      case "bool":
        this.warn(
          assignment,
          key,
          `${value.value ? "True" : "False"} written as ${value.value ? "1" : "0"} (xl has no booleans)`,
        );
        return value.value ? 1 : 0;
      case "float":
        if (Number.isInteger(value.value) && value.value >= 0) {
          this.warn(
            assignment,
            key,
            `${String(value.value)} written as the whole number ${String(value.value)} (xl numbers are integers)`,
          );
          return BigInt(value.value);
        }
        this.warn(
          assignment,
          key,
          `${String(value.value)} is not a whole number: written as the string "${String(value.value)}"`,
        );
        return String(value.value);
      case "none":
        return undefined;
      case "list":
      case "tuple": {
        if (value.type === "tuple") this.warn(assignment, key, "a tuple written as a list");
        const items: XlInput[] = [];
        value.items.forEach((item, index) => {
          const converted = this.value(final, `${key}[${String(index)}]`, item, undefined);
          if (converted !== undefined) items.push(converted);
          else if (item.type === "none")
            this.warn(assignment, `${key}[${String(index)}]`, "None dropped from the list");
        });
        return items;
      }
    }
  }

  private disks(final: XmFinalName, value: XlInput): XlInput {
    const { assignment } = final;
    if (typeof value === "string") {
      this.warn(assignment, "disk", "a single disk string written as a list");
      value = [value];
    }
    if (!Array.isArray(value)) return value;
    return (value as readonly XlInput[]).map((spec, index) => {
      if (typeof spec !== "string") return spec;
      const key = `disk[${String(index)}]`;
      let fixed = spec;
      if (/,\s*w!\s*$/.test(spec)) {
        fixed = spec.replace(/w!(\s*)$/, "w$1");
        this.warn(
          assignment,
          key,
          "xl has no `w!` (force writable while shared): changed to `w` — make sure no other domain writes this disk",
        );
      }
      try {
        parseDiskSpec(fixed);
      } catch (error) {
        this.error(assignment, key, (error as Error).message);
      }
      return fixed;
    });
  }

  private vifs(final: XmFinalName, value: XlInput): XlInput {
    const { assignment } = final;
    if (!Array.isArray(value)) return value;
    return (value as readonly XlInput[]).map((spec, index) => {
      if (typeof spec !== "string") return spec;
      const key = `vif[${String(index)}]`;
      let fixed = spec;
      if (/(^|,)\s*type=netfront\s*(,|$)/.test(spec)) {
        fixed = spec.replace(/(^|,)\s*type=netfront\s*(?=,|$)/, "").replace(/^,/, "");
        this.warn(
          assignment,
          key,
          "type=netfront removed: xl only knows vif and ioemu (a PV vif is the default)",
        );
      }
      try {
        for (const message of parseVifSpec(fixed, { strict: false }).warnings)
          this.warn(assignment, key, message);
      } catch (error) {
        this.error(assignment, key, (error as Error).message);
      }
      return fixed;
    });
  }

  convert(finals: readonly XmFinalName[]): XmConversionParts {
    const byName = new Map(finals.map((final) => [final.name, final]));
    for (const final of finals) {
      const { name, assignment } = final;
      if (!XL_KEY.test(name)) {
        this.warn(
          assignment,
          name,
          `\`${name}\` is not an xl key (keys are lowercase): dropped — its uses were computed`,
        );
        continue;
      }
      const dropped = DROPPED[name];
      if (dropped !== undefined) {
        this.warn(assignment, name, `dropped: ${dropped}`);
        continue;
      }
      if (final.value.type === "none") {
        this.warn(assignment, name, "None means unset: dropped");
        continue;
      }
      let value = this.value(final, name, final.value, literalNumberText(assignment.value));
      if (value === undefined) continue;
      if (final.computed) {
        this.warn(
          assignment,
          name,
          `computed \`${describeExpr(this.source, assignment.value)}\` (dom0kit evaluates literals and arithmetic, never runs Python)`,
        );
      }
      let key = name;
      if (name === "cpu_cap") {
        key = "cap";
        this.warn(assignment, name, "renamed cpu_cap (xm) to cap (xl)");
      } else if (name === "bootargs") {
        key = "bootloader_args";
        if (typeof value === "string") value = value.split(/[ \t\n]+/).filter((arg) => arg !== "");
        this.warn(assignment, name, "renamed bootargs (xm) to bootloader_args (xl), as a list of arguments");
      } else if (name === "device_model") {
        key = "device_model_override";
        this.warn(assignment, name, "renamed device_model (xm) to device_model_override (xl)");
      } else if (name === "builder") {
        const builder =
          final.value.type === "str" ? final.value.value : source(this.source, assignment.value);
        const type = value === "hvm" ? "hvm" : value === "linux" || value === "generic" ? "pv" : undefined;
        if (type === undefined) {
          this.error(
            assignment,
            name,
            `unknown builder \`${builder}\`: xl knows type = "pv", "pvh" or "hvm"`,
          );
          continue;
        }
        const explicit = byName.get("type")?.value;
        if (explicit?.type === "str" && explicit.value !== type) {
          this.error(assignment, name, `builder = "${builder}" contradicts type = "${explicit.value}"`);
          continue;
        }
        if (explicit !== undefined) {
          this.warn(assignment, name, "builder dropped: type is set");
          continue;
        }
        key = "type";
        value = type;
        this.warn(assignment, name, `builder = "${builder}" written as type = "${type}"`);
      } else if (name === "vcpu_avail") {
        continue; // after every other name: it rewrites vcpus
      } else if (name === "disk") {
        value = this.disks(final, value);
      } else if (name === "vif") {
        value = this.vifs(final, value);
      }
      this.statements.push({ key, value, start: assignment.start, end: assignment.end });
    }
    const vcpuAvail = byName.get("vcpu_avail");
    if (vcpuAvail) this.vcpuAvail(vcpuAvail, byName);
    return { statements: this.statements, warnings: this.warnings, errors: this.errors };
  }

  /** xm's vcpu_avail bitmask becomes xl's vcpus (online at boot) with maxvcpus. */
  private vcpuAvail(final: XmFinalName, byName: ReadonlyMap<string, XmFinalName>): void {
    const { assignment } = final;
    const mask = final.value.type === "int" ? final.value.value : undefined;
    const vcpus = byName.get("vcpus")?.value;
    if (mask === undefined || mask < 0n || vcpus?.type !== "int") {
      this.warn(assignment, "vcpu_avail", "dropped: xl has no vcpu_avail (set vcpus and maxvcpus instead)");
      return;
    }
    const online = mask
      .toString(2)
      .split("")
      .filter((bit) => bit === "1").length;
    const index = this.statements.findIndex((statement) => statement.key === "vcpus");
    const vcpusStatement = this.statements[index];
    if (vcpusStatement && !byName.has("maxvcpus")) {
      this.statements.splice(
        index,
        1,
        { ...vcpusStatement, key: "maxvcpus" },
        { ...vcpusStatement, key: "vcpus", value: BigInt(online) },
      );
      this.warn(
        assignment,
        "vcpu_avail",
        `vcpu_avail = ${String(mask)} written as vcpus = ${String(online)} with maxvcpus = ${String(vcpus.value)}`,
      );
    } else {
      this.warn(assignment, "vcpu_avail", "dropped: xl has no vcpu_avail (set vcpus and maxvcpus instead)");
    }
  }
}

/**
 * Turns the final values of an xm config into xl statements, applying every
 * change xl needs (renamed keys, booleans, computed values, xm-only disk and
 * vif syntax) and noting each one.
 *
 * @example
 * ```ts
 * convertXmNames(source, finals).statements; // [{ key: "memory", value: 512n, … }, …]
 * ```
 */
export function convertXmNames(source: string, finals: readonly XmFinalName[]): XmConversionParts {
  return new Converter(source).convert(finals);
}
