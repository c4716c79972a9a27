import { describe, expect, it } from "vitest";
import { formatCommand } from "./format-command.js";
import { quoteShellWord } from "./shell-quote.js";

describe("quoteShellWord", () => {
  it.each([
    ["vm1", "vm1"],
    ["/dev/vg/vm1", "/dev/vg/vm1"],
    ["rate=10Mb/s", "rate=10Mb/s"],
    ["", "''"],
    ["two words", "'two words'"],
    ["it's", "'it'\\''s'"],
    ["$HOME", "'$HOME'"],
    ["~", "'~'"],
    ["#", "'#'"],
    ["a\nb", "'a\nb'"],
    ["=ls", "'=ls'"],
  ])("quotes %j as %s", (word, quoted) => {
    expect(quoteShellWord(word)).toBe(quoted);
  });
});

describe("formatCommand", () => {
  it("renders env assignments, program and quoted arguments", () => {
    expect(
      formatCommand({ file: "xl", args: ["sched-credit", "-d", "my vm", "-w", "512"], env: { LANG: "C" } }),
    ).toBe("LANG=C xl sched-credit -d 'my vm' -w 512");
  });

  it("quotes a program name that would read as a reserved word or an assignment", () => {
    expect(formatCommand({ file: "if", args: [] })).toBe("'if'");
    expect(formatCommand({ file: "A=b", args: [] })).toBe("'A=b'");
  });
});
