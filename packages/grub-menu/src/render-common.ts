import { UnsafeMenuTextError } from "./errors.js";

/** Options of {@link renderMenuLst} and {@link renderGrubCfg}. */
export interface RenderMenuOptions {
  /** Comment lines written at the top of the file (each gets `# `). */
  readonly comment?: string;
  /** Indentation of the lines under a title. @default "    " (menu.lst), "\t" (grub.cfg) */
  readonly indent?: string;
}

/** The comment block at the top of a rendered file; each line must be printable. */
export function renderCommentLines(comment: string | undefined): string[] {
  if (comment === undefined) return [];
  return comment.split("\n").map((line, i) => {
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/u.test(line)) {
      throw new UnsafeMenuTextError(
        `comment (line ${String(i + 1)})`,
        "contains a control character; a comment may hold printable characters, one line per \\n",
      );
    }
    return line === "" ? "#" : `# ${line}`;
  });
}

/** Throws unless `indent` is only spaces and tabs. */
export function checkIndent(indent: string): void {
  if (!/^[ \t]*$/.test(indent)) {
    throw new UnsafeMenuTextError("indent", "an indent may hold only spaces and tabs");
  }
}
