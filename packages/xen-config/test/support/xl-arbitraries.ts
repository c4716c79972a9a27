import fc from "fast-check";

/**
 * fast-check arbitraries over xl.cfg's grammar and its edge cases. They mostly
 * produce valid configs but mix in every kind of mistake people make (and
 * every quirk of libxlutil), so both accepting and rejecting are exercised.
 */

const lower = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz");
const keyPart = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789_.");

/** Keys: valid ones mostly, sometimes with upper case, dashes or digits first. */
export const keyArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 24,
    arbitrary: fc.tuple(lower, fc.array(keyPart, { maxLength: 8 })).map(([a, b]) => a + b.join("")),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "name",
      "memory",
      "vcpus",
      "disk",
      "vif",
      "cpus",
      "vif.default.script",
      "a",
      "b",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("Name", "mEmory", "on-crash", "9lives", "_x", "a:b", "a-", "\u00e9t\u00e9"),
  },
);

const numberArb = fc.oneof(
  { weight: 16, arbitrary: fc.nat({ max: 100000 }).map(String) },
  { weight: 3, arbitrary: fc.nat().map((n) => `0x${n.toString(16)}`) },
  { weight: 2, arbitrary: fc.nat({ max: 4095 }).map((n) => `0${n.toString(8)}`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "08",
      "0x",
      "0xg",
      "1e5",
      "12abc",
      "0x1f",
      "9223372036854775807",
      "9223372036854775808",
      "99999999999999999999",
      "0xffffffffffffffff",
      "0xx",
      "1x2",
      "0",
      "00",
      "007",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("-1", "1.5", "512*2", "+5", "512M", "1_000", "0b101", "--1") },
);

const stringChar = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom(..."abcxyz0189/:,=@-_. ") },
  {
    weight: 2,
    arbitrary: fc.constantFrom("\t", "'", '"', "#", "[", "]", ";", "\r", "\u000b", "\u00e9", "\u20ac"),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '\\"',
      "\\'",
      "\\\\",
      "\\n",
      "\\t",
      "\\a",
      "\\b",
      "\\f",
      "\\r",
      "\\v",
      "\\101",
      "\\1 5",
      "\\0-1",
      "\\0+5",
      "\\777",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "\\x41",
      "\\x",
      "\\12",
      "\\7",
      "\\8",
      "\\9",
      "\\e",
      "\\ ",
      "\\0",
      "\n",
      "\\\n",
      "\\",
    ),
  },
);

const stringArb = fc
  .tuple(
    fc.constantFrom('"', "'", '"', "'", '"""'),
    fc.array(stringChar, { maxLength: 10 }),
    fc.nat({ max: 30 }),
  )
  .map(([quote, chars, close]) => {
    const body = chars.join("");
    if (quote === '"""') return `"""${body}"""`;
    return close === 0 ? quote + body : quote + body + quote;
  });

const bareArb = fc.constantFrom("pv", "True", "False", "None", "hvm", "x y", "/dev/xvda", "Pv");

/** Trivia inside lists (xl's `nlok`: blanks, newlines and comment lines). */
const listGap = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom("", " ", "  ", "\t") },
  { weight: 9, arbitrary: fc.constantFrom("\n", "\n  ", " \n\n ", "\n# c\n", " # note\n ", "\n\t") },
  { weight: 1, arbitrary: fc.constantFrom("\r\n", "#x", ";", " \\\n ") },
);

/** Values: atoms and (nested) lists, with list syntax edge cases. */
export const valueArb: fc.Arbitrary<string> = fc.letrec<{ value: string; list: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: numberArb },
    { weight: 10, arbitrary: stringArb },
    { weight: 1, arbitrary: bareArb },
    { weight: 4, arbitrary: tie("list") },
  ),
  list: fc
    .tuple(
      listGap,
      fc.array(fc.tuple(tie("value"), listGap, listGap), { maxLength: 4 }),
      fc.constantFrom("", "", "", "", "", ",", ",", ",", ",,"),
      listGap,
      fc.nat({ max: 40 }),
    )
    .map(([open, items, trailing, close, unclosed]) => {
      const inner = items.map(([value, before, after]) => `${before}${value}${after}`).join(",");
      const body = items.length > 0 ? inner + trailing : trailing === ",," ? "," : "";
      return `[${open}${body}${close}${unclosed === 0 ? "" : "]"}`;
    }),
})).value;

const blanks = fc.constantFrom("", " ", "  ", "\t", " \t ");

/** One statement, usually well formed. */
export const statementArb: fc.Arbitrary<string> = fc
  .tuple(
    blanks,
    keyArb,
    blanks,
    fc.oneof(
      { weight: 12, arbitrary: fc.constant("=") },
      { weight: 4, arbitrary: fc.constant("+=") },
      { weight: 1, arbitrary: fc.constantFrom("+", ":", "==") },
    ),
    blanks,
    valueArb,
    blanks,
  )
  .map(([lead, key, b1, op, b2, value, b3]) => `${lead}${key}${b1}${op}${b2}${value}${b3}`);

const terminator = fc.oneof(
  { weight: 40, arbitrary: fc.constant("\n") },
  { weight: 4, arbitrary: fc.constantFrom(";", "; ", ";\n", " # comment\n", "#\n", "\n\n") },
  { weight: 1, arbitrary: fc.constantFrom("\r\n", " ", " x\n", "\n=\n", ";;", "\u000c\n") },
);

const line = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(statementArb, terminator).map(([s, t]) => s + t) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("\n", "# a comment\n", "   # indented\n", ";\n", "\t\n", "#\u00e9\u20ac\n"),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "name = 'x' name2 = 'y'\n",
      "= 1\n",
      "a\n= 1\n",
      "a =\n1\n",
      "import os\n",
      "# \u0000 nul in comment\n",
    ),
  },
);

const ending = fc.oneof(
  { weight: 20, arbitrary: fc.constant("") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "#",
      "# no newline",
      "#x",
      "$",
      "-",
      '"',
      "'",
      "\u00e9",
      "x = 1",
      "x = [1",
      " ",
      "\r",
      "a = 1 #",
      "a = 1 $",
      "a = 1 $$",
      "\u0000",
    ),
  },
);

/** A whole config file: lines, then sometimes an odd ending. */
export const configArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(line, { maxLength: 6 }), ending)
  .map(([lines, end]) => lines.join("") + end);

/** Configs that are valid by construction (for edit and fmt properties). */
export const validConfigArb: fc.Arbitrary<string> = (() => {
  const validKey = fc.tuple(lower, fc.array(keyPart, { maxLength: 6 })).map(([a, b]) => a + b.join(""));
  const validString = fc
    .tuple(
      fc.constantFrom('"', "'"),
      fc.array(fc.constantFrom(..."abc xyz/:,=@-_.#[];", "\t", "\\n", "\\\\", "\u00e9", "\\t"), {
        maxLength: 8,
      }),
    )
    .map(([q, chars]) => q + chars.join("") + q);
  const validNumber = fc.oneof(
    fc.nat({ max: 99999 }).map(String),
    fc.nat({ max: 65535 }).map((n) => `0x${n.toString(16)}`),
  );
  const gap = fc.constantFrom("", " ", "\n  ", "\n# c\n  ", " ");
  const validValue: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      validNumber,
      validString,
      fc
        .tuple(fc.array(fc.tuple(gap, tie("v"), gap), { maxLength: 4 }), fc.boolean(), gap)
        .map(([items, trailing, tail]) => {
          const inner = items.map(([a, v, b]) => a + v + b).join(",");
          return `[${inner}${items.length > 0 && trailing ? "," : ""}${tail}]`;
        }),
    ),
  })).v;
  const statement = fc
    .tuple(
      blanks,
      validKey,
      blanks,
      fc.constantFrom("=", "=", "+="),
      blanks,
      validValue,
      blanks,
      fc.constantFrom("\n", ";", " # c\n", "\n\n", ";\n"),
    )
    .map((parts) => parts.join(""));
  return fc
    .tuple(fc.array(fc.oneof(statement, fc.constantFrom("# comment\n", "\n")), { maxLength: 8 }))
    .map(([lines]) => lines.join(""));
})();
