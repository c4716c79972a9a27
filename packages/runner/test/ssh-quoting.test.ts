import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sshPrerequisites, startSshHost, type SshHost } from "./ssh-host.js";

const needs = sshPrerequisites();

/** Argument sets per ssh command, and property runs per login shell. */
const SETS_PER_COMMAND = 25;
const RUNS = 40;

const codePoint = (min: number, max: number) =>
  fc
    .integer({ min, max })
    .filter((point) => point < 0xd800 || point > 0xdfff)
    .map((point) => String.fromCodePoint(point));

/** Random bytes 1..255, each taken as one character (so every byte value occurs, UTF-8 encoded). */
const randomBytes = fc
  .uint8Array({ maxLength: 16 })
  .map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 0)).toString("latin1"));

/** Text a shell might misread: its metacharacters, control bytes, any code point, random bytes. */
const word = fc.oneof(
  fc.string({
    unit: fc.oneof(
      fc.constantFrom(
        "'",
        '"',
        "\\",
        "$",
        "`",
        "\n",
        "\r",
        "\t",
        " ",
        "!",
        "*",
        "?",
        "[",
        "]",
        "{",
        "}",
        "(",
        ")",
        "<",
        ">",
        "|",
        "&",
        ";",
        "#",
        "~",
        "=",
        "%",
        "^",
        "-",
        ",",
        ":",
        "@",
        "+",
        "\u001e",
      ),
      codePoint(1, 0xff),
      codePoint(1, 0x10ffff),
    ),
  }),
  randomBytes,
  fc.constantFrom(
    "",
    "=ls",
    "-",
    "--",
    "~root",
    "$(id)",
    "`id`",
    "'",
    "a'b'",
    "!!",
    "*",
    "if",
    "exec",
    "dom0kit_status",
  ),
);

const hex = (text: string): string => Buffer.from(text, "utf8").toString("hex");

/** What argv-sets-hex.pl prints for these argument sets. */
const expected = (sets: readonly (readonly string[])[]): string =>
  sets.map((args) => [...args.map((arg) => `${hex(arg)}\n`), "--\n"].join("")).join("");

/** Counts what the property tests checked, for the report at the end. */
const checked = { argvSets: 0, words: 0, envAndCwd: 0 };

describe.skipIf(needs.skip).each([
  ["sh (dash)", "/bin/sh"],
  ["bash", "/bin/bash"],
  ["zsh", "/usr/bin/zsh"],
])("SshRunner quoting through a %s login shell", (_name, shell) => {
  let host: SshHost;
  beforeAll(async () => {
    host = await startSshHost({ shell });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it(`delivers ${String(RUNS * SETS_PER_COMMAND)} random argv sets byte for byte`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(word, { maxLength: 6 }), {
          minLength: SETS_PER_COMMAND,
          maxLength: SETS_PER_COMMAND,
        }),
        async (sets) => {
          const args = sets.flatMap((set) => [String(set.length), ...set]);
          const { stdout } = await host.runner.run({
            file: "perl",
            args: [host.fixture("argv-sets-hex.pl"), ...args],
          });
          expect(stdout).toBe(expected(sets));
          checked.argvSets += sets.length;
          checked.words += sets.reduce((sum, set) => sum + set.length, 0);
        },
      ),
      { numRuns: RUNS },
    );
  }, 300_000);

  it("delivers random env values and enters random directory names", async () => {
    const root = join(host.sshd.home, "cwd");
    await mkdir(root);
    execFileSync("chown", [host.sshd.user, root]);
    const dirName = word.filter(
      (name) => name !== "" && name !== "." && name !== ".." && !name.includes("/"),
    );
    await fc.assert(
      fc.asyncProperty(dirName, word, word, async (name, first, second) => {
        const dir = join(root, name);
        await mkdir(dir, { recursive: true });
        const { stdout } = await host.runner.run({
          file: "perl",
          args: [host.fixture("env-cwd-hex.pl"), "DOM0KIT_FIRST", "DOM0KIT_SECOND"],
          env: { DOM0KIT_FIRST: first, DOM0KIT_SECOND: second },
          cwd: dir,
        });
        expect(stdout).toBe(`${hex(dir)}\n${hex(first)}\n${hex(second)}\n`);
        checked.envAndCwd += 1;
      }),
      { numRuns: 60 },
    );
  }, 300_000);
});

describe.skipIf(needs.skip)("quoting property totals", () => {
  it("checked every generated case", () => {
    console.log(
      `ssh quoting: ${String(checked.argvSets)} argv sets (${String(checked.words)} words) and ` +
        `${String(checked.envAndCwd)} env+cwd cases delivered unchanged`,
    );
    expect(checked.argvSets).toBe(3 * RUNS * SETS_PER_COMMAND);
    expect(checked.envAndCwd).toBe(3 * 60);
  });
});
