import fc from "fast-check";

/**
 * Python-subset xm configs that CPython also parses: assignments of literals,
 * arithmetic, string formatting and earlier names — mostly type-correct, with
 * some mistakes (str + int, undefined names, division by zero) mixed in.
 */
type PyType = "int" | "str" | "list";

const intLiteral = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 100000 }).map(String) },
  { weight: 2, arbitrary: fc.nat({ max: 65535 }).map((n) => `0x${n.toString(16)}`) },
  { weight: 1, arbitrary: fc.nat({ max: 4095 }).map((n) => `0o${n.toString(8)}`) },
  { weight: 1, arbitrary: fc.constantFrom("True", "False", "0") },
);
const stringBody = fc
  .array(fc.constantFrom(..."abc xyz/:,=-_.", "\\n", "\\t", "\\\\", "\\x41", "\\101", "\\'", '\\"'), {
    maxLength: 6,
  })
  .map((parts) => parts.join(""));
const stringLiteral = fc.oneof(
  stringBody.map((body) => `'${body}'`),
  stringBody.map((body) => `"${body}"`),
  stringBody.map((body) => `"""${body}"""`),
  stringBody.filter((body) => !body.endsWith("\\")).map((body) => `r'${body}'`),
  fc.tuple(stringBody, stringBody).map(([a, b]) => `'${a}' "${b}"`),
);

function typed(type: PyType, names: ReadonlyMap<string, PyType>): fc.Arbitrary<string> {
  const same = [...names].filter(([, t]) => t === type).map(([name]) => name);
  const nameArb = same.length > 0 ? fc.constantFrom(...same) : undefined;
  const withNames = (leaf: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    nameArb ? fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 2, arbitrary: nameArb }) : leaf;
  return fc.letrec<{ int: string; str: string; list: string }>((tie) => ({
    int: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 5, arbitrary: withNames(intLiteral) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(tie("int"), fc.constantFrom("+", "-", "*", "/", "//", "%", "|", "&", "^"), tie("int"))
          .map(([a, op, b]) => `${a} ${op} ${b}`),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(tie("int"), fc.nat({ max: 6 })).map(([a, n]) => `(${a}) ** ${String(n)}`),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(tie("int"), fc.nat({ max: 20 })).map(([a, n]) => `(${a}) << ${String(n)}`),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom("-", "+", "~"), tie("int")).map(([op, a]) => `${op}(${a})`),
      },
    ),
    str: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 5, arbitrary: withNames(stringLiteral) },
      { weight: 2, arbitrary: fc.tuple(tie("str"), tie("str")).map(([a, b]) => `${a} + ${b}`) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.constantFrom("'%s'", "'disk-%d'", "'%x:%s'", "'%05d'", "'%-4s|'", "'100%%'", "'%o'"),
            tie("int"),
            tie("str"),
          )
          .map(([format, n, s]) =>
            format.includes(":")
              ? `${format} % (${n}, ${s})`
              : format.includes("%%")
                ? format
                : format.includes("s")
                  ? `${format} % ${s}`
                  : `${format} % (${n})`,
          ),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(tie("str"), fc.nat({ max: 3 })).map(([s, n]) => `${s} * ${String(n)}`),
      },
    ),
    list: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      {
        weight: 4,
        arbitrary: fc
          .array(fc.oneof(tie("str"), tie("int")), { maxLength: 3 })
          .map((items) => `[${items.join(", ")}]`),
      },
      {
        weight: 1,
        arbitrary: fc
          .array(tie("str"), { maxLength: 3 })
          .map((items) => `(${items.join(", ")}${items.length === 1 ? "," : ""})`),
      },
      { weight: 1, arbitrary: fc.tuple(tie("list"), tie("list")).map(([a, b]) => `${a} + ${b}`) },
      { weight: nameArb ? 2 : 0, arbitrary: nameArb ?? fc.constant("[]") },
    ),
  }))[type];
}

const mistake = fc.constantFrom(
  "'a' + 1",
  "undefined_name",
  "1 / 0",
  "[1] + 'x'",
  "None + 1",
  "1.5 * 2",
  "2.0",
  "None",
);

const names = [
  "memory",
  "maxmem",
  "vcpus",
  "name",
  "disk",
  "vif",
  "extra",
  "kernel",
  "KVER",
  "base",
  "n",
  "acpi",
];

/** A whole xm config: a few assignments, each using only literals and names defined above it (mostly). */
export const xmConfigArb: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom(...names),
      fc.constantFrom<PyType>("int", "str", "list"),
      fc.constantFrom("=", "=", "=", "+="),
      fc.nat({ max: 19 }),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .chain((assignments) => {
    const defined = new Map<string, PyType>();
    const lines = assignments.map(([name, type, operator, dice]) => {
      const known = defined.get(name);
      const op = operator === "+=" && known !== undefined ? "+=" : "=";
      const expr = dice === 0 ? mistake : typed(op === "+=" && known ? known : type, new Map(defined));
      if (op === "=") defined.set(name, type);
      return fc
        .tuple(expr, fc.constantFrom("", "  # note", ";"))
        .map(([value, tail]) => `${name} ${op} ${value}${tail}`);
    });
    return fc.tuple(...lines).map((parts) => `${parts.join("\n")}\n`);
  });
