import type { XmAssignment, XmExpr } from "./xm-syntax.js";

/** A Python value, as far as xm configs go. */
export type PyValue =
  | { readonly type: "int"; readonly value: bigint }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "str"; readonly value: string }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "none" }
  | { readonly type: "list" | "tuple"; readonly items: readonly PyValue[] };

/** An evaluation problem at an expression. */
export class XmEvaluationError extends Error {
  constructor(
    readonly start: number,
    readonly end: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_SIZE = 1 << 20;

function fail(expr: XmExpr, message: string): never {
  throw new XmEvaluationError(expr.start, expr.end, message);
}

function describe(value: PyValue): string {
  return value.type === "none" ? "None" : value.type;
}

/** A number literal, with Python 2's rules (0777 is octal, 12L is a long). */
function numberValue(expr: Extract<XmExpr, { kind: "number" }>): PyValue {
  const text = expr.text.replace(/_/g, "");
  if (/[jJ]$/.test(text)) fail(expr, "complex numbers are not supported");
  const integer = text.replace(/[lL]$/, "");
  if (/^0[xX][0-9a-fA-F]+$/.test(integer)) return { type: "int", value: BigInt(integer) };
  if (/^0[oO][0-7]+$/.test(integer)) return { type: "int", value: BigInt(`0o${integer.slice(2)}`) };
  if (/^0[bB][01]+$/.test(integer)) return { type: "int", value: BigInt(integer) };
  if (/^0[0-7]+$/.test(integer)) return { type: "int", value: BigInt(`0o${integer.slice(1)}`) };
  if (/^(0|[1-9][0-9]*)$/.test(integer)) return { type: "int", value: BigInt(integer) };
  const float = Number(text);
  if (/^[0-9.]+([eE][+-]?[0-9]+)?$/.test(text) && Number.isFinite(float))
    return { type: "float", value: float };
  return fail(expr, `\`${expr.text}\` is not a number`);
}

function asNumber(value: PyValue): bigint | number | undefined {
  if (value.type === "int" || value.type === "float") return value.value;
  if (value.type === "bool") return value.value ? 1n : 0n;
  return undefined;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

function floorMod(a: bigint, b: bigint): bigint {
  const remainder = a % b;
  return remainder !== 0n && remainder < 0n !== b < 0n ? remainder + b : remainder;
}

function arithmetic(expr: XmExpr, op: string, left: PyValue, right: PyValue): PyValue {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a === undefined || b === undefined) {
    return fail(expr, `cannot apply \`${op}\` to ${describe(left)} and ${describe(right)}`);
  }
  if (typeof a === "bigint" && typeof b === "bigint") {
    switch (op) {
      case "+":
        return { type: "int", value: a + b };
      case "-":
        return { type: "int", value: a - b };
      case "*":
        return { type: "int", value: a * b };
      case "/": // Python 2, which ran xm configs: integer division floors
      case "//":
        if (b === 0n) fail(expr, "division by zero");
        return { type: "int", value: floorDiv(a, b) };
      case "%":
        if (b === 0n) fail(expr, "division by zero");
        return { type: "int", value: floorMod(a, b) };
      case "**":
        if (b < 0n) return { type: "float", value: Number(a) ** Number(b) };
        if (b > 4096n || BigInt((a < 0n ? -a : a).toString(2).length) * b > BigInt(MAX_SIZE))
          fail(expr, "result too large");
        return { type: "int", value: a ** b };
      case "|":
        return { type: "int", value: a | b };
      case "&":
        return { type: "int", value: a & b };
      case "^":
        return { type: "int", value: a ^ b };
      case "<<":
        if (b < 0n || b > 4096n) fail(expr, "shift count out of range");
        return { type: "int", value: a << b };
      case ">>":
        if (b < 0n) fail(expr, "negative shift count");
        return { type: "int", value: a >> b };
    }
  }
  const x = Number(a);
  const y = Number(b);
  switch (op) {
    case "+":
      return { type: "float", value: x + y };
    case "-":
      return { type: "float", value: x - y };
    case "*":
      return { type: "float", value: x * y };
    case "/":
      if (y === 0) fail(expr, "division by zero");
      return { type: "float", value: x / y };
    case "//":
      if (y === 0) fail(expr, "division by zero");
      return { type: "float", value: Math.floor(x / y) };
    case "%":
      if (y === 0) fail(expr, "division by zero");
      return { type: "float", value: x - y * Math.floor(x / y) };
    case "**":
      return { type: "float", value: x ** y };
  }
  return fail(expr, `\`${op}\` needs whole numbers`);
}

/** Python's `%` string formatting, for the conversions configs use. */
function format(expr: XmExpr, template: string, argument: PyValue): string {
  const args = argument.type === "tuple" ? [...argument.items] : [argument];
  const result = template.replace(
    /%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdixXorf%])/g,
    (_whole, flags: string, width: string, precision: string | undefined, conversion: string) => {
      if (conversion === "%") return "%";
      const value = args.shift();
      if (value === undefined) fail(expr, "not enough arguments for format string");
      let text: string;
      if (conversion === "s" || conversion === "r") {
        text = pyStr(value);
        if (conversion === "r" && value.type === "str") text = `'${value.value}'`;
      } else if (conversion === "f") {
        const number = asNumber(value);
        if (number === undefined) fail(expr, `%f needs a number, not ${describe(value)}`);
        text = Number(number).toFixed(precision === undefined ? 6 : Number(precision));
      } else {
        const number = asNumber(value);
        if (number === undefined) fail(expr, `%${conversion} needs a number, not ${describe(value)}`);
        if (typeof number === "number" && conversion !== "d" && conversion !== "i")
          fail(expr, `%${conversion} needs an integer, not a float`);
        const integer = typeof number === "bigint" ? number : BigInt(Math.trunc(number));
        const base = conversion === "x" || conversion === "X" ? 16 : conversion === "o" ? 8 : 10;
        text = (integer < 0n ? "-" : "") + (integer < 0n ? -integer : integer).toString(base);
        if (conversion === "X") text = text.toUpperCase();
      }
      const size = width === "" ? 0 : Number(width);
      if (flags.includes("-")) return text.padEnd(size);
      if (flags.includes("0") && conversion !== "s") {
        const negative = text.startsWith("-");
        return (negative ? "-" : "") + text.slice(negative ? 1 : 0).padStart(size - (negative ? 1 : 0), "0");
      }
      return text.padStart(size);
    },
  );
  // Python treats a non-tuple argument with __getitem__ (a list) as a mapping: leftovers are no error then.
  if (args.length > 0 && argument.type !== "list")
    fail(expr, "not all arguments converted during string formatting");
  return result;
}

/** Python's repr of a float: shortest digits, exponent from 1e16 (two exponent digits at least). */
function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e16 || magnitude < 1e-4)) {
    return value
      .toExponential()
      .replace(/e([+-])(\d)$/, "e$10$2")
      .replace(/\.0e/, "e");
  }
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

/** Python's repr() of a value (as str() shows list elements). */
function pyRepr(value: PyValue): string {
  if (value.type !== "str") return pyStr(value);
  const quote = value.value.includes("'") && !value.value.includes('"') ? '"' : "'";
  const body = value.value.replace(/[\\'"\u0000-\u001f\u007f]/g, (char) => {
    if (char === "\\") return "\\\\";
    if (char === quote) return `\\${char}`;
    if (char === '"' || char === "'") return char;
    if (char === "\n") return "\\n";
    if (char === "\r") return "\\r";
    if (char === "\t") return "\\t";
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return quote + body + quote;
}

/** Python's str() of a value. */
function pyStr(value: PyValue): string {
  switch (value.type) {
    case "str":
      return value.value;
    case "int":
      return String(value.value);
    case "float":
      return pyFloatRepr(value.value);
    case "bool":
      return value.value ? "True" : "False";
    case "none":
      return "None";
    case "list":
      return `[${value.items.map(pyRepr).join(", ")}]`;
    case "tuple":
      return `(${value.items.map(pyRepr).join(", ")}${value.items.length === 1 ? "," : ""})`;
  }
}

function binary(expr: Extract<XmExpr, { kind: "binary" }>, left: PyValue, right: PyValue): PyValue {
  const { op } = expr;
  if (op === "+" && left.type === "str" && right.type === "str")
    return { type: "str", value: left.value + right.value };
  if (op === "+" && (left.type === "list" || left.type === "tuple") && left.type === right.type) {
    return { type: left.type, items: [...left.items, ...right.items] };
  }
  if (op === "%" && left.type === "str") return { type: "str", value: format(expr, left.value, right) };
  if ((op === "&" || op === "|" || op === "^") && left.type === "bool" && right.type === "bool") {
    const value =
      op === "&"
        ? left.value && right.value
        : op === "|"
          ? left.value || right.value
          : left.value !== right.value;
    return { type: "bool", value };
  }
  if (op === "*") {
    const [sequence, count] = left.type === "int" || left.type === "bool" ? [right, left] : [left, right];
    const times = asNumber(count);
    if (
      (sequence.type === "str" || sequence.type === "list" || sequence.type === "tuple") &&
      typeof times === "bigint"
    ) {
      const length = sequence.type === "str" ? sequence.value.length : sequence.items.length;
      const n = times < 0n || length === 0 ? 0 : times > BigInt(MAX_SIZE) ? MAX_SIZE + 1 : Number(times);
      if (length * n > MAX_SIZE) fail(expr, "result too large");
      if (sequence.type === "str") return { type: "str", value: sequence.value.repeat(n) };
      return { type: sequence.type, items: Array.from({ length: n }, () => sequence.items).flat() };
    }
  }
  return arithmetic(expr, op, left, right);
}

/** Evaluates an expression against the names assigned so far. */
export function evaluateXmExpr(expr: XmExpr, names: ReadonlyMap<string, PyValue>): PyValue {
  switch (expr.kind) {
    case "number":
      return numberValue(expr);
    case "string":
      return { type: "str", value: expr.value };
    case "name": {
      if (expr.name === "True" || expr.name === "False") return { type: "bool", value: expr.name === "True" };
      if (expr.name === "None") return { type: "none" };
      const value = names.get(expr.name);
      if (value === undefined) {
        return fail(
          expr,
          `\`${expr.name}\` is not defined: dom0kit knows only names assigned earlier in the file`,
        );
      }
      return value;
    }
    case "list":
    case "tuple":
      return { type: expr.kind, items: expr.items.map((item) => evaluateXmExpr(item, names)) };
    case "unary": {
      const arg = evaluateXmExpr(expr.arg, names);
      const number = asNumber(arg);
      if (number === undefined) return fail(expr, `cannot apply \`${expr.op}\` to ${describe(arg)}`);
      if (expr.op === "+")
        return typeof number === "bigint" ? { type: "int", value: number } : { type: "float", value: number };
      if (expr.op === "~") {
        if (typeof number !== "bigint") fail(expr, "`~` needs a whole number");
        return { type: "int", value: ~number };
      }
      return typeof number === "bigint" ? { type: "int", value: -number } : { type: "float", value: -number };
    }
    case "binary":
      return binary(expr, evaluateXmExpr(expr.left, names), evaluateXmExpr(expr.right, names));
  }
}

/** Applies an assignment (`=` or an augmented one such as `+=`) and returns the name's new value. */
export function evaluateXmAssignment(assignment: XmAssignment, names: ReadonlyMap<string, PyValue>): PyValue {
  const value = evaluateXmExpr(assignment.value, names);
  if (assignment.operator === "=") return value;
  const current = names.get(assignment.name);
  if (current === undefined) {
    throw new XmEvaluationError(
      assignment.start,
      assignment.end,
      `\`${assignment.name}\` is not defined before \`${assignment.operator}\``,
    );
  }
  const op = assignment.operator.slice(0, -1);
  return binary(
    {
      kind: "binary",
      op,
      left: assignment.value,
      right: assignment.value,
      start: assignment.start,
      end: assignment.end,
    },
    current,
    value,
  );
}
