import type { ParsedMenu } from "./parsed-menu.js";
import { pythonInt } from "./python-text.js";

/** What pygrub hands to the domain builder for a choice: the kernel, ramdisk and command line. */
export type PygrubBoot =
  | {
      readonly ok: true;
      /** The entry booted. */
      readonly index: number;
      /** Kernel path inside the boot filesystem (pygrub drops any `(hdN)` prefix). */
      readonly kernel: string;
      /** Initrd path, if the entry has one. */
      readonly ramdisk: string | undefined;
      /** The kernel command line; `""` when none. */
      readonly args: string;
    }
  | { readonly ok: false; readonly index: number | undefined; readonly reason: string };

function entryIndex(menu: ParsedMenu, entry: string): number | undefined {
  const numeric = pythonInt(entry);
  if (numeric !== undefined) return numeric;
  const byTitle = menu.entries.findIndex((candidate) => candidate.title === entry);
  return byTitle === -1 ? undefined : byTitle;
}

/**
 * Which entry pygrub boots, and with what, when nobody touches the menu
 * (`entry` undefined) or when asked for one with `--entry` (an index or a
 * title). Mirrors pygrub's own choice, quirks included: a default past the
 * end boots entry 0, and an `--entry` that names nothing keeps the default.
 *
 * @example
 * ```ts
 * const { menu } = parseMenuLst(text);
 * const boot = pygrubBootChoice(menu);
 * if (boot.ok) console.log(boot.kernel, boot.ramdisk, boot.args);
 * pygrubBootChoice(menu, "rescue-disk"); // the rescue entry, by title
 * ```
 */
export function pygrubBootChoice(menu: ParsedMenu, entry?: string): PygrubBoot {
  const count = menu.entries.length;
  let selected = menu.default > count ? 0 : menu.default;
  if (entry !== undefined) {
    const requested = entryIndex(menu, entry);
    if (requested !== undefined && requested >= 0 && requested < count) selected = requested;
  }
  if (selected >= count) selected = 0;
  const chosen = menu.entries[selected];
  if (chosen === undefined) return { ok: false, index: undefined, reason: "the menu has no entries" };
  if (chosen.kernel === undefined) {
    return {
      ok: false,
      index: selected,
      reason: `entry ${String(selected)} "${chosen.title}" has no kernel line`,
    };
  }
  return {
    ok: true,
    index: selected,
    kernel: chosen.kernel.path,
    ramdisk: chosen.initrd?.path,
    args: chosen.args ?? "",
  };
}
