import { cmd, type CommandRunner } from "@dom0kit/runner";
import { z } from "zod";
import { PygrubUnavailableError } from "./errors.js";
import type { MenuFormat } from "./menu-text.js";
import { PYGRUB_HARNESS_SOURCE } from "./pygrub-harness-source.js";

/** One menu to show pygrub. */
export interface PygrubRequest {
  /** Your name for the menu; answers carry it back. */
  readonly id: string;
  readonly format: MenuFormat;
  readonly text: string;
  /** Extra `--entry` values (titles or indexes) to ask pygrub about, beyond the default and every index. */
  readonly entries?: readonly string[];
}

/** Where pygrub lives. Defaults are Debian 12's xen-utils-4.17. */
export interface PygrubLocation {
  /** @default "python3" */
  readonly python?: string;
  /** @default "/usr/lib/xen-4.17/bin/pygrub" */
  readonly pygrub?: string;
  /** Directory holding pygrub's `grub` package. @default "/usr/lib/xen-4.17/lib/python" */
  readonly pythonPath?: string;
  /** Kill pygrub after this long. @default 120000 */
  readonly timeoutMs?: number;
}

const deviceSchema = z.object({ disk: z.number(), part: z.number().nullable() }).nullable();
const pathSchema = z.object({ device: deviceSchema, path: z.string() }).nullable();
const choiceSchema = z.union([
  z.object({ index: z.number(), kernel: z.string(), ramdisk: z.string().nullable(), args: z.string() }),
  z.object({ error: z.string() }),
]);

const answerSchema = z.object({
  id: z.string(),
  error: z.string().optional(),
  parser: z.string().optional(),
  default: z.number().optional(),
  timeout: z.string().nullable().optional(),
  entries: z
    .array(
      z.object({
        title: z.string(),
        root: deviceSchema,
        kernel: pathSchema,
        args: z.string().nullable(),
        initrd: pathSchema,
      }),
    )
    .optional(),
  warnings: z.array(z.string()),
  choices: z.record(z.string(), choiceSchema).optional(),
});

/**
 * What pygrub made of one menu: its parse (`entries`, with devices as pygrub
 * numbers them) and what it boots by default (`choices.default`), for every
 * index (`choices["0"]`, …) and for each extra entry asked about; or the
 * error pygrub raised (`error`), in which case the domain would not boot.
 */
export type PygrubReading = z.infer<typeof answerSchema>;

/** The config path pygrub finds a menu of this format at (grub.cfg is looked for first). */
export function pygrubConfigPath(format: MenuFormat): string {
  return format === "grub.cfg" ? "/boot/grub/grub.cfg" : "/boot/grub/menu.lst";
}

/**
 * Shows menus to the real pygrub (one Python process for the whole batch)
 * and returns what it reads and boots for each. Use it to prove a generated
 * menu boots what you meant, or to see a customer's menu through pygrub's eyes.
 *
 * @example
 * ```ts
 * const [reading] = await readMenusWithPygrub(new ExecaRunner(), [
 *   { id: "vm1", format: "menu.lst", text: renderMenuLst(menu) },
 * ]);
 * reading?.choices?.default; // { index: 0, kernel: "/boot/vmlinuz", ramdisk: null, args: "ro" }
 * ```
 */
export async function readMenusWithPygrub(
  runner: CommandRunner,
  requests: readonly PygrubRequest[],
  location: PygrubLocation = {},
): Promise<PygrubReading[]> {
  if (requests.length === 0) return [];
  const input = requests
    .map((request) =>
      JSON.stringify({
        id: request.id,
        path: pygrubConfigPath(request.format),
        text: request.text,
        entries: request.entries ?? [],
      }),
    )
    .join("\n");
  const result = await runner.run(
    cmd(
      [
        location.python ?? "python3",
        "-c",
        PYGRUB_HARNESS_SOURCE,
        location.pygrub ?? "/usr/lib/xen-4.17/bin/pygrub",
      ],
      {
        input: `${input}\n`,
        env: { PYTHONPATH: location.pythonPath ?? "/usr/lib/xen-4.17/lib/python", PYTHONIOENCODING: "utf-8" },
        timeoutMs: location.timeoutMs ?? 120_000,
      },
    ),
  );
  const answers = result.stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const parsed = answerSchema.safeParse(JSON.parse(line));
      if (!parsed.success) {
        throw new PygrubUnavailableError(
          `pygrub's harness answered an unexpected line: ${line.slice(0, 200)}`,
          {
            cause: parsed.error,
          },
        );
      }
      return parsed.data;
    });
  if (answers.length !== requests.length) {
    throw new PygrubUnavailableError(
      `pygrub answered ${String(answers.length)} of ${String(requests.length)} menus; stderr: ${result.stderr.slice(-2000)}`,
    );
  }
  return answers;
}
