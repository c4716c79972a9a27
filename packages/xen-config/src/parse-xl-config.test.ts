import { describe, expect, it } from "vitest";
import { parseXlConfig, safeParseXlConfig, XenConfigSyntaxError, type XlValue } from "./index.js";

function valuesOf(text: string): Record<string, XlValue> {
  return parseXlConfig(text).values();
}

function firstError(text: string): { line: number; column: number; text: string; message: string } {
  const result = safeParseXlConfig(text, { file: "/etc/xen/t" });
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  const { line, column, text: offending, message } = result.errors[0];
  return { line, column, text: offending, message };
}

describe("parseXlConfig", () => {
  it.each<[string, string, Record<string, XlValue>]>([
    ["a string", 'name = "web1"\n', { name: "web1" }],
    ["a single-quoted string", "name = 'web1'\n", { name: "web1" }],
    ["numbers as their source text", "memory = 0x200\nmaxmem = 010\n", { memory: "0x200", maxmem: "010" }],
    ["a list", 'disk = [ "a", "b" ]\n', { disk: ["a", "b"] }],
    ["nested and empty lists", "a = [[], [[1]], 2]\n", { a: [[], [["1"]], "2"] }],
    ["a trailing comma", "a = [1, 2,]\n", { a: ["1", "2"] }],
    ["newlines and comments inside a list", "a = [\n  1, # one\n  # between\n  2\n]\n", { a: ["1", "2"] }],
    ["dotted keys", 'vif.default.script = "x"\n', { "vif.default.script": "x" }],
    ["the last assignment winning", "a = 1\na = 2\n", { a: "2" }],
    ["+= on strings", 'a = "x"\na += "y"\n', { a: "xy" }],
    ["+= on lists", "a = [1]\na += [2, [3]]\n", { a: ["1", "2", ["3"]] }],
    ["+= on a new key acting as =", "b += [1]\n", { b: ["1"] }],
    ["= after += starting over", "a = [1]\na += [2]\na = [3]\n", { a: ["3"] }],
    ["semicolons between statements", "a = 1; b = 2;;\n", { a: "1", b: "2" }],
    ["a last statement without newline", "a = 1", { a: "1" }],
    ["escapes", String.raw`a = "q\"s\'b\\n\nt\tbel\a"` + "\n", { a: "q\"s'b\\n\nt\tbel\u0007" }],
    ["octal escapes dropped (xl's quirk)", String.raw`a = "x\101y\1 5z"` + "\n", { a: "xyz" }],
    ["a lone # at the very end (xl ignores it)", "a = 1 #", { a: "1" }],
    ["a stray character at the very end (xl ignores it)", "a = 1\n$", { a: "1" }],
    ["a NUL inside a comment", "# \0\na = 1\n", { a: "1" }],
    ["carriage returns inside strings", 'a = "x\ry"\n', { a: "x\ry" }],
  ])("reads %s", (_what, text, expected) => {
    expect(valuesOf(text)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    [
      "a bare word",
      "type = pv\n",
      'bare word `pv`: xl values are "strings", numbers or [lists] — write "pv"',
    ],
    ["a negative number", "cap = -1\n", "numbers cannot be negative (`-1`) — quote the value"],
    [
      "a decimal fraction",
      "a = 1.5\n",
      "`1.5` is not a number xl accepts (whole numbers only) — quote the value",
    ],
    ["arithmetic", "memory = 512*2\n", "xl does not evaluate arithmetic (`*2`) — write the result"],
    [
      "two statements on a line",
      "a = 1 b = 2\n",
      "unexpected `b` after the value: one statement per line, or separate them with ;",
    ],
    ["an empty list element", "a = [1,,2]\n", "empty list element: remove the extra `,`"],
    ["an upper-case key", "Memory = 512\n", "keys are lowercase: `Memory` — xl keys match [a-z][a-z0-9_.]*"],
    [
      "an unterminated string",
      'name = "web1\n',
      "unterminated string: close it on the same line (write \\n for a newline inside a string)",
    ],
    [
      "a comment on the last line without newline",
      "a = 1\n# bye",
      "a comment on the last line needs a newline after it: xl rejects the file without one",
    ],
    [
      "CRLF line ends",
      "a = 1\r\nb = 2\r\n",
      "Windows line ends (CRLF) on 2 line(s): xl accepts only LF — convert the file (dos2unix)",
    ],
    [
      "a \\x escape",
      String.raw`a = "\x41"` + "\n",
      "xl rejects \\x escapes in strings — write the character itself",
    ],
    [
      "an unknown escape",
      String.raw`a = "\e"` + "\n",
      "xl rejects the escape \\e — escapes it accepts: \\\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v",
    ],
    ["a value on the next line", "a =\n1\n", "missing value: the value goes on the same line, after the ="],
    ["True", "acpi = True\n", "`True` is Python: xl wants 1 or 0"],
    [
      "+= mixing a list and a string",
      'a = [1]\na += "x"\n',
      '`+=` cannot add a "string" to a [list]: `a` already holds a [list]',
    ],
    ["an unclosed list", "a = [1, 2\n", "list not closed: missing `]`"],
    ["a list broken by a new statement", "a = [1, 2\nb = 3\n", "expected `,` or `]` in the list, found `b`"],
  ])("rejects %s", (_what, text, message) => {
    expect(firstError(text).message).toBe(message);
  });

  it("reports every error in a file, each with file, line, column and text", () => {
    const result = safeParseXlConfig('name = web1\nmemory = -512\nvcpus = 2\nType = "pv"\n', {
      file: "/etc/xen/web1",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(({ file, line, column, text }) => ({ file, line, column, text }))).toEqual([
      { file: "/etc/xen/web1", line: 1, column: 8, text: "web1" },
      { file: "/etc/xen/web1", line: 2, column: 10, text: "-512" },
      { file: "/etc/xen/web1", line: 4, column: 1, text: "Type" },
    ]);
  });

  it("throws XenConfigSyntaxError with code XL_SYNTAX and every error", () => {
    let caught: unknown;
    try {
      parseXlConfig("a = pv\nb = -1\n", { file: "f.cfg" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(XenConfigSyntaxError);
    const error = caught as XenConfigSyntaxError;
    expect(error.code).toBe("XL_SYNTAX");
    expect(error.name).toBe("XenConfigSyntaxError");
    expect(error.errors).toHaveLength(2);
    expect([error.file, error.line, error.column, error.text]).toEqual(["f.cfg", 1, 5, "pv"]);
    expect(error.message.split("\n")[0]).toBe(
      'f.cfg:1:5: bare word `pv`: xl values are "strings", numbers or [lists] — write "pv"',
    );
  });

  it("rejects lists nested deeper than xl's parser stack allows", () => {
    const deep = (depth: number): string => `a = ${"[".repeat(depth)}${"]".repeat(depth)}\n`;
    expect(safeParseXlConfig(deep(4996)).ok).toBe(true);
    expect(firstError(deep(4997)).message).toMatch(/nested too deeply/);
  });

  it("warns about what xl silently drops", () => {
    const config = parseXlConfig(String.raw`a = "x\101"` + "\n$");
    expect(config.warnings.map((warning) => warning.message)).toEqual([
      "xl drops octal escapes: this sequence produces nothing in the value",
      "xl ignores the stray `$` at the very end of the file",
    ]);
  });

  it("decodes bytes as UTF-8, or one character per byte when they are not UTF-8", () => {
    const utf8 = parseXlConfig(new TextEncoder().encode('name = "caf\u00e9"\n'));
    expect([utf8.encoding, utf8.get("name")]).toEqual(["utf8", "caf\u00e9"]);
    const latin1 = parseXlConfig(
      new Uint8Array([...new TextEncoder().encode('name = "caf'), 0xe9, 0x22, 0x0a]),
    );
    expect([latin1.encoding, latin1.get("name")]).toEqual(["bytes", "caf\u00e9"]);
    expect([...latin1.toBytes()].slice(-3)).toEqual([0xe9, 0x22, 0x0a]);
  });

  it("renders the file it parsed byte for byte", () => {
    const text = "# web1\n\tname = 'web1' ;memory=0x200 # MiB\ndisk = [\n  'a' ,\n  # b\n  'c',\n]\n$";
    expect(parseXlConfig(text).render()).toBe(text);
  });
});
