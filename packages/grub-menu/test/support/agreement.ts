import { ExecaRunner } from "@dom0kit/runner";
import { integrationPrerequisites } from "@dom0kit/test-support";
import {
  GrubMenuSyntaxError,
  parseGrubCfg,
  parseMenuLst,
  pygrubBootChoice,
  readMenusWithPygrub,
  type BootFile,
  type BootMenu,
  type GrubDevice,
  type MenuDiagnostic,
  type MenuFormat,
  type ParsedMenu,
  type PygrubReading,
  type PygrubRequest,
} from "../../src/index.js";

/** Skip (laptop) or fail (CI) when pygrub is not installed. */
export const pygrubPrerequisites = integrationPrerequisites({
  commands: ["python3"],
  paths: ["/usr/lib/xen-4.17/bin/pygrub", "/usr/lib/xen-4.17/lib/python/grub/GrubConf.py"],
});

/** Ask the real pygrub about a batch of menus. */
export async function askPygrub(requests: readonly PygrubRequest[]): Promise<PygrubReading[]> {
  return readMenusWithPygrub(new ExecaRunner(), requests);
}

type Device = { disk: number; part: number | null } | null;

function device(value: GrubDevice | undefined, format: MenuFormat): Device {
  if (value === undefined) return null;
  const part =
    value.partition === undefined ? null : format === "grub.cfg" ? value.partition + 1 : value.partition;
  return { disk: value.disk, part };
}

function file(value: BootFile | undefined, format: MenuFormat): { device: Device; path: string } | null {
  return value === undefined ? null : { device: device(value.device, format), path: value.path };
}

/** Our parse in the shape pygrub's answer has, so the two compare with one toEqual. */
export function ourReading(
  menu: ParsedMenu,
  format: MenuFormat,
): Pick<PygrubReading, "default" | "timeout" | "entries" | "choices"> {
  const choices: NonNullable<PygrubReading["choices"]> = {};
  for (const key of ["default", ...menu.entries.map((_, i) => String(i))]) {
    const choice = pygrubBootChoice(menu, key === "default" ? undefined : key);
    choices[key] = choice.ok
      ? { index: choice.index, kernel: choice.kernel, ramdisk: choice.ramdisk ?? null, args: choice.args }
      : { error: "fails" };
  }
  return {
    default: menu.default,
    timeout: menu.timeout ?? null,
    entries: menu.entries.map((entry) => ({
      title: entry.title,
      root: device(entry.root, format),
      kernel: file(entry.kernel, format),
      args: entry.args ?? null,
      initrd: file(entry.initrd, format),
    })),
    choices,
  };
}

/** pygrub's answer with its error texts reduced to "fails" (ours say more). */
export function pygrubView(
  reading: PygrubReading,
): Pick<PygrubReading, "default" | "timeout" | "entries" | "choices"> {
  const choices: NonNullable<PygrubReading["choices"]> = {};
  for (const [key, choice] of Object.entries(reading.choices ?? {})) {
    choices[key] = "error" in choice ? { error: "fails" } : choice;
  }
  return {
    default: reading.default,
    timeout: reading.timeout ?? null,
    entries: reading.entries,
    choices,
  };
}

/** Our parser's verdict on a text: the reading, or the syntax error it throws. */
export function ourParse(
  text: string,
  format: MenuFormat,
):
  | { ok: true; menu: ParsedMenu; diagnostics: readonly MenuDiagnostic[] }
  | { ok: false; error: GrubMenuSyntaxError } {
  try {
    const parsed = format === "grub.cfg" ? parseGrubCfg(text) : parseMenuLst(text);
    return { ok: true, menu: parsed.menu, diagnostics: parsed.diagnostics };
  } catch (error) {
    if (error instanceof GrubMenuSyntaxError) return { ok: false, error };
    throw error;
  }
}

/** pygrub's warnings that correspond to our UNKNOWN_DIRECTIVE / GLOBAL_AFTER_TITLE / DEFAULT_NOT_A_NUMBER diagnostics. */
export function countedWarnings(reading: PygrubReading): number {
  return reading.warnings.filter((warning) =>
    /^(Unknown (image )?directive|Invalid value|grub2's saved_entry)/.test(warning),
  ).length;
}

/** How many of our diagnostics pygrub also logs as a warning. */
export function countedDiagnostics(diagnostics: readonly MenuDiagnostic[]): number {
  return diagnostics.filter(
    (diagnostic) =>
      diagnostic.code === "UNKNOWN_DIRECTIVE" ||
      diagnostic.code === "GLOBAL_AFTER_TITLE" ||
      diagnostic.code === "DEFAULT_NOT_A_NUMBER",
  ).length;
}

/** What a menu we render is meant to boot: the default and every index. */
export function intendedChoices(menu: BootMenu): NonNullable<PygrubReading["choices"]> {
  const choice = (index: number) => {
    const entry = menu.entries[index];
    if (entry === undefined) throw new Error(`no entry ${String(index)}`);
    return { index, kernel: entry.kernel.path, ramdisk: entry.initrd?.path ?? null, args: entry.args };
  };
  const choices: NonNullable<PygrubReading["choices"]> = { default: choice(menu.default) };
  menu.entries.forEach((_, i) => {
    choices[String(i)] = choice(i);
  });
  return choices;
}
