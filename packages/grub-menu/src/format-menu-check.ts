import type { MenuCheckReport } from "./check-menu.js";

/**
 * A {@link MenuCheckReport} as text for a terminal: the entries with their
 * kernel, initrd and arguments (the default marked `*`), then warnings.
 *
 * @example
 * ```ts
 * console.log(formatMenuCheck(checkMenuText(text, { file: "menu.lst" })));
 * // menu.lst (GRUB legacy menu.lst): pygrub boots entry 0 "centos" by default, timeout 15
 * // * 0  centos
 * //        kernel  /boot/vmlinuz-2.6.18-53.1.6.el5xen
 * //        …
 * ```
 */
export function formatMenuCheck(report: MenuCheckReport): string {
  const name = report.file ?? "<menu>";
  const kind = report.format === "grub.cfg" ? "GRUB 2 grub.cfg" : "GRUB legacy menu.lst";
  const lines: string[] = [];
  if (report.error !== undefined) {
    lines.push(
      `${name} (${kind}): pygrub cannot boot this menu`,
      `  ${report.error.code}: ${report.error.message}`,
    );
    return `${lines.join("\n")}\n`;
  }
  const chosen = report.entries.find((entry) => entry.isDefault);
  const timeout = report.timeout === undefined ? "" : `, timeout ${report.timeout}`;
  lines.push(
    chosen === undefined
      ? `${name} (${kind}): pygrub cannot boot a default entry`
      : `${name} (${kind}): pygrub boots entry ${String(chosen.index)} "${chosen.title}" by default${timeout}`,
  );
  for (const entry of report.entries) {
    lines.push(
      `${entry.isDefault ? "*" : " "} ${String(entry.index).padEnd(2)} ${entry.title}  (line ${String(entry.line)})`,
    );
    lines.push(`       kernel  ${entry.kernel ?? "(none: pygrub fails if this entry is chosen)"}`);
    if (entry.initrd !== undefined) lines.push(`       initrd  ${entry.initrd}`);
    lines.push(`       args    ${entry.args === "" ? "(none)" : entry.args}`);
    for (const module of entry.modules) lines.push(`       module  ${module}  (ignored by pygrub)`);
  }
  if (report.diagnostics.length > 0) {
    lines.push("warnings:");
    for (const diagnostic of report.diagnostics) {
      lines.push(
        `  ${diagnostic.file ?? name}:${String(diagnostic.line)}:${String(diagnostic.column)}: ${diagnostic.code}: ${diagnostic.message}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
