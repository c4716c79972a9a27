import type { MenuDiagnostic } from "./parsed-menu.js";
import type { LinePosition } from "./pygrub-reading.js";

/**
 * Adds the whole-menu warnings both parsers share: no entries at all, or a
 * default past the last entry (pygrub then boots entry 0).
 */
export function addMenuWarnings(
  count: number,
  defaultIndex: number,
  defaultAt: LinePosition | undefined,
  diagnostics: MenuDiagnostic[],
  file: string | undefined,
  lastLine: number,
): void {
  const where = (at: LinePosition | undefined): Pick<MenuDiagnostic, "line" | "column" | "file"> => ({
    ...(file === undefined ? {} : { file }),
    line: at?.line ?? lastLine,
    column: at?.column ?? 1,
  });
  if (count === 0) {
    diagnostics.push({
      code: "NO_ENTRIES",
      message: "the menu has no entries: pygrub fails to boot it",
      ...where(undefined),
    });
  } else if (defaultIndex >= count) {
    diagnostics.push({
      code: "DEFAULT_OUT_OF_RANGE",
      message: `default ${String(defaultIndex)} is past the last entry (${String(count - 1)}); pygrub boots entry 0 instead`,
      ...where(defaultAt),
    });
  }
}
