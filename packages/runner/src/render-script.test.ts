import { mkdtemp, rm, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPlan } from "./apply-plan.js";
import { ExecaRunner } from "./execa-runner.js";
import { action, plan, step, type Plan } from "./plan.js";
import { renderScript } from "./render-script.js";

const ARGV_HEX_PL = new URL("../test/fixtures/argv-hex.pl", import.meta.url).pathname;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dom0kit-script-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runScript(script: string): Promise<{ exitCode: number; stdout: string }> {
  const path = join(dir, `script-${String(Math.random()).slice(2)}.sh`);
  await writeFile(path, script, { mode: 0o755 });
  const result = await execa("sh", [path], { reject: false, stripFinalNewline: false });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout };
}

/** Any text whose UTF-8 bytes are anything but NUL (every byte value 1..255 can occur). */
const codePoint = (min: number, max: number) =>
  fc
    .integer({ min, max })
    .filter((point) => point < 0xd800 || point > 0xdfff)
    .map((point) => String.fromCodePoint(point));
const argText = fc.string({
  unit: fc.oneof(
    fc.constantFrom("'", '"', "\\", "$", "`", "\n", "!", "*", "-", " ", "=", "~", "#", "%", "\t"),
    codePoint(1, 0xff),
    codePoint(1, 0x10ffff),
  ),
});

describe("renderScript", () => {
  it("delivers exactly the argv the runner would, for 1,000 random argv sets", async () => {
    const hexLines = (args: readonly string[]): string =>
      [...args.map((arg) => `${Buffer.from(arg).toString("hex")}\n`), "--\n"].join("");
    const command = (args: readonly string[]) => ({ file: "perl", args: [ARGV_HEX_PL, ...args] });
    // The runner itself delivers argv unchanged (execa-runner.test.ts); spot-check it here too.
    const sample = ["it's", "$(id)", "\u00ff\n"];
    expect((await new ExecaRunner().run(command(sample))).stdout).toBe(hexLines(sample));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(argText, { maxLength: 6 }), { minLength: 25, maxLength: 25 }),
        async (argvSets) => {
          const script = renderScript(
            plan(
              "argv",
              argvSets.map((args) => ({ command: command(args), description: "print argv" })),
            ),
          );
          const result = await runScript(script);
          expect(result.exitCode).toBe(0);
          expect(result.stdout).toBe(argvSets.map(hexLines).join(""));
        },
      ),
      { numRuns: 40 },
    );
  }, 300_000);

  it("delivers input, env and cwd as the runner does", async () => {
    const command = {
      file: process.execPath,
      args: ["-e", "process.stdin.on('data', d => process.stdout.write(process.env.X + process.cwd() + d))"],
      input: "it's\n$input",
      env: { X: "a b'c" },
      cwd: dir,
    };
    const viaRunner = await new ExecaRunner().run(command);
    const viaScript = await runScript(renderScript(plan("io", [{ command, description: "io" }])));
    expect(viaScript.stdout).toBe(viaRunner.stdout);
  });

  it("runs the program, not a shell builtin of the same name", async () => {
    const viaScript = await runScript(renderScript(plan("echo", [step("echo", ["echo", "a\\nb"])])));
    expect(viaScript.stdout).toBe("a\\nb\n");
  });

  it("keeps a description with a newline inside its comment", () => {
    const script = renderScript(plan("t", [step("innocent\nrm -rf /", ["true"])]));
    expect(script).not.toMatch(/^rm -rf/m);
  });

  async function compare(built: Plan): Promise<void> {
    const log = join(dir, `log-${String(Math.random()).slice(2)}`);
    const withLog = JSON.parse(JSON.stringify(built).replaceAll("LOG", log)) as Plan;
    const report = await applyPlan(withLog, new ExecaRunner());
    const fromPlan = await readFile(log, "utf8").catch(() => "");
    await rm(log, { force: true });
    const script = await runScript(renderScript(withLog));
    const fromScript = await readFile(log, "utf8").catch(() => "");
    expect(fromScript).toBe(fromPlan);
    expect(script.exitCode === 0).toBe(report.status === "succeeded");
  }

  const log = (text: string, exitCode = 0): [string, ...string[]] => [
    "sh",
    "-c",
    `echo ${text} >> "$0"; exit ${String(exitCode)}`,
    "LOG",
  ];

  it.each<[string, Plan]>([
    ["all succeed", plan("p", [step("a", log("a")), step("b", log("b"))], [action("f", log("f"))])],
    [
      "a failure with undo",
      plan(
        "p",
        [
          step("a", log("a"), { undo: action("undo a", log("undo-a")) }),
          step("b", log("b"), { undo: action("undo b", log("undo-b")) }),
          step("c", log("c", 3), { undo: action("undo c", log("undo-c")) }),
          step("d", log("d"), { undo: action("undo d", log("undo-d")) }),
        ],
        [action("f1", log("f1", 1)), action("f2", log("f2"))],
      ),
    ],
    ["a failing finally action", plan("p", [step("a", log("a"))], [action("f", log("f", 2))])],
    [
      "extra OK exit codes",
      plan("p", [step("a", log("a", 1), { okExitCodes: [0, 1] }), step("b", log("b"))]),
    ],
    ["0 not an OK code", plan("p", [step("a", log("a", 0), { okExitCodes: [1] }), step("b", log("b"))])],
    [
      "retries that run out",
      plan("p", [
        step("a", log("a", 4), { retry: { attempts: 3, delayMs: 10 }, undo: action("u", log("u")) }),
      ]),
    ],
  ])("behaves like applyPlan: %s", async (_name, built) => {
    await compare(built);
  });
});
